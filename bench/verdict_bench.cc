// The controller CPU of one verdict poll with N executions in the step's window: parsing the
// ListExecutions pages as they come off the wire (1,000 items each, the service's maximum),
// sampling both versions, and judging (Fisher exact, Mann-Whitney, quantiles). The network time
// of the pages is not controller CPU and is not measured here.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "deploy/aws_executions_api.h"
#include "deploy/verdict_source.h"

namespace stepshift::deploy {
namespace {

const std::string kMachine = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";

// ListExecutions response pages for `n` executions of `version`, newest first, as JSON text.
std::vector<std::string> Pages(int n, int version, double failure, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> pages;
  json::Array items;
  const double now = 1'700'000'000;
  for (int i = 0; i < n; ++i) {
    const double start = now - 300.0 * i / n;
    const double ms = 800 * std::exp(0.3 * std::normal_distribution<double>()(rng));
    const bool failed = std::bernoulli_distribution(failure)(rng);
    const std::string name = "e" + std::to_string(version) + "-" + std::to_string(i);
    items.push_back(json::Object{
        {"executionArn", "arn:aws:states:us-east-1:123456789012:execution:orders:" + name},
        {"stateMachineArn", kMachine},
        {"name", name},
        {"status", failed ? "FAILED" : "SUCCEEDED"},
        {"startDate", start},
        {"stopDate", start + ms / 1000},
        {"stateMachineVersionArn", kMachine + ":" + std::to_string(version)},
        {"stateMachineAliasArn", kMachine + ":live"}});
    if (items.size() == 1000 || i + 1 == n) {
      pages.push_back(json::Serialize(json::Object{{"executions", items}, {"nextToken", "t"}}));
      items.clear();
    }
  }
  return pages;
}

VersionSample SampleFromPages(const std::vector<std::string>& pages, Time from, Time to) {
  std::vector<ListedExecution> listed;
  for (const std::string& page : pages) {
    auto parsed = json::Parse(page);
    for (ListedExecution& e : ParseExecutionsPage(*parsed))
      listed.push_back(std::move(e));
  }
  return SampleExecutions(listed, from, to);
}

// range(0): executions in the window in all; 10 % of them on the canary.
void BM_VerdictPoll(benchmark::State& state) {
  const int total = static_cast<int>(state.range(0));
  const auto stable_pages = Pages(total - total / 10, 1, 0.05, 1);
  const auto canary_pages = Pages(total / 10, 2, 0.05, 2);
  const Time to = FromEpochSeconds(1'700'000'001);
  const Time from = to - std::chrono::seconds(400);
  for (auto _ : state) {
    VersionSample stable = SampleFromPages(stable_pages, from, to);
    VersionSample canary = SampleFromPages(canary_pages, from, to);
    Verdict verdict = Judge(stable, canary, {});
    benchmark::DoNotOptimize(verdict);
  }
  state.SetItemsProcessed(state.iterations() * total);
}

BENCHMARK(BM_VerdictPoll)->Arg(1000)->Arg(10000)->Arg(20000)->Unit(benchmark::kMillisecond);

// The judging alone (no parsing): both versions with range(0) / 2 executions each.
void BM_JudgeOnly(benchmark::State& state) {
  const int each = static_cast<int>(state.range(0)) / 2;
  std::mt19937_64 rng(3);
  VersionSample a, b;
  for (VersionSample* s : {&a, &b}) {
    for (int i = 0; i < each; ++i)
      s->durations_ms.push_back(800 * std::exp(0.3 * std::normal_distribution<double>()(rng)));
    s->completed = each;
    s->failed = each / 20;
  }
  for (auto _ : state)
    benchmark::DoNotOptimize(Judge(a, b, {}));
}

BENCHMARK(BM_JudgeOnly)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace stepshift::deploy

BENCHMARK_MAIN();
