// libFuzzer target: JSONata text through the lexer, parser and evaluator (src/jsonata). The input
// is the expression, optionally followed by a NUL byte and a JSON document to evaluate it against
// (a fixed document otherwise). Evaluations are bounded as Step Functions bounds them (depth 100,
// and a time limit), so a runaway expression ends with D1011 or D1012. Must never crash, hang or
// leak.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "jsonata/jsonata.h"

namespace {

using namespace stepshift::jsonata;

const Value& DefaultDocument() {
  static const Value* doc = [] {
    auto* v = new Value();
    std::string why;
    ParseJson(R"({"name":"alpha","price":12.5,"qty":3,"tags":["a","b"],"items":[
        {"name":"x","price":1,"kind":"a"},{"name":"y","price":2.5,"kind":"b"}],
        "meta":{"a":1,"b":[1,2,{"c":null}]}})",
              v, &why);
    return v;
  }();
  return *doc;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Value input = DefaultDocument();
  size_t nul = text.find('\0');
  if (nul != std::string_view::npos) {
    std::string why;
    if (!ParseJson(text.substr(nul + 1), &input, &why))
      input = Value();
    text = text.substr(0, nul);
  }
  Error error;
  auto expr = Expression::Compile(text, &error);
  if (expr == nullptr)
    return 0;
  (void)expr->variables();
  (void)expr->context_references();
  EvalOptions options;
  options.max_depth = 100;
  options.timeout = std::chrono::milliseconds(200);
  options.now_millis = 1704067200000;
  Value result;
  if (expr->Evaluate(input, options, &result, &error))
    (void)Stringify(result);
  return 0;
}
