// src/jsonata on a fixed expression set (bench/jsonata_exprs.json: paths with predicates,
// aggregation, string functions, object construction, higher-order functions) over a generated
// document of 1,000 orders. bench/jsonata_vs_reference.py runs it beside the reference
// implementation on node and compares (target: >= 3x faster at the median).
// Run: build/bench/jsonata_bench [--write_doc=PATH] [Google Benchmark flags]
#include <benchmark/benchmark.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "jsonata/jsonata.h"

namespace {

using namespace stepshift::jsonata;

// A deterministic document: 1,000 orders with a customer and three items each.
std::string DocumentText() {
  static const char* kStatus[] = {"open", "shipped", "cancelled", "returned"};
  static const char* kCountry[] = {"DE", "FR", "US", "JP", "BR", "IN", "NG"};
  static const char* kNames[] = {"Ada Lovelace",    "Alan Turing",    "Grace Hopper",
                                 "Edsger Dijkstra", "Barbara Liskov", "Donald Knuth",
                                 "Frances Allen"};
  uint64_t x = 88172645463325252ULL;
  auto next = [&] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  std::ostringstream o;
  o << R"({"store":"bench","orders":[)";
  for (int i = 0; i < 1000; ++i) {
    const char* name = kNames[next() % 7];
    o << (i ? "," : "") << R"({"id":)" << i << R"(,"status":")" << kStatus[next() % 4]
      << R"(","total":)" << (next() % 100000) / 100.0 << R"(,"customer":{"name":")" << name
      << R"(","email":"user)" << i << R"(@example.com","country":")" << kCountry[next() % 7]
      << R"("},"items":[)";
    for (int k = 0; k < 3; ++k) {
      o << (k ? "," : "") << R"({"sku":"SKU-)" << next() % 10000 << R"(","price":)"
        << (next() % 10000) / 100.0 << R"(,"qty":)" << 1 + next() % 5 << "}";
    }
    o << "]}";
  }
  o << "]}";
  return o.str();
}

const Value& Document() {
  static const Value* doc = [] {
    auto* v = new Value();
    std::string why;
    if (!ParseJson(DocumentText(), v, &why))
      std::abort();
    return v;
  }();
  return *doc;
}

void BM_Expression(benchmark::State& state, const std::string& text) {
  Error error;
  auto expr = Expression::Compile(text, &error);
  if (expr == nullptr) {
    state.SkipWithError(error.message.c_str());
    return;
  }
  Value out;
  for (auto _ : state) {
    if (!expr->Evaluate(Document(), EvalOptions(), &out, &error)) {
      state.SkipWithError(error.message.c_str());
      return;
    }
    benchmark::DoNotOptimize(out);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--write_doc=", 0) == 0) {
      std::ofstream(arg.substr(12)) << DocumentText();
      return 0;
    }
    rest.push_back(argv[i]);
  }
  std::ifstream in(JSONATA_BENCH_EXPRS);
  std::stringstream text;
  text << in.rdbuf();
  Value exprs;
  std::string why;
  if (!ParseJson(text.str(), &exprs, &why)) {
    std::cerr << JSONATA_BENCH_EXPRS << ": " << why << "\n";
    return 1;
  }
  for (size_t i = 0; i < exprs.size(); ++i) {
    benchmark::RegisterBenchmark(exprs[i][0].str().c_str(), BM_Expression, exprs[i][1].str())
        ->Unit(benchmark::kMicrosecond);
  }
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
