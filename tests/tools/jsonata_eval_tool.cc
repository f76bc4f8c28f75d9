// Test helper for tests/jsonata/test_differential.py: evaluates JSONata cases with stepshift's
// implementation, as tests/jsonata/js/reference_eval.mjs does with the reference one.
//
// Input: a file holding a JSON array of {"expr": text, "input"?: document}.
// Output: one JSON object per case and line: {"result": JSON.stringify(result)},
// {"undefined": true}, {"function": true} or {"code": error code}.
// Exit 0 when every case was evaluated, 1 with a message on stderr otherwise.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "jsonata/jsonata.h"

namespace {

using namespace stepshift::jsonata;

std::string Evaluate(const Value& c) {
  const Value* expr = c.obj().Find("expr");
  const Value* input = c.obj().Find("input");
  Error error;
  auto compiled = Expression::Compile(expr->str(), &error);
  Value result;
  if (compiled == nullptr ||
      !compiled->Evaluate(input ? *input : Value(), EvalOptions(), &result, &error)) {
    std::string out = R"({"code":)";
    AppendJsonString(error.code, &out);
    return out + "}";
  }
  if (result.is_undefined())
    return R"({"undefined":true})";
  if (result.is_function())
    return R"({"function":true})";
  std::string out = R"({"result":)";
  AppendJsonString(Stringify(result), &out);
  return out + "}";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: jsonata_eval_tool CASES.json\n";
    return 1;
  }
  std::ifstream in(argv[1]);
  std::stringstream text;
  text << in.rdbuf();
  Value cases;
  std::string why;
  if (!ParseJson(text.str(), &cases, &why) || !cases.is_array()) {
    std::cerr << "jsonata_eval_tool: " << argv[1] << ": " << why << "\n";
    return 1;
  }
  for (size_t i = 0; i < cases.size(); ++i)
    std::cout << Evaluate(cases[i]) << "\n";
  return 0;
}
