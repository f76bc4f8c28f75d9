// Choice rules (JSONPath dialect): the 30 comparison operators with their *Path variants,
// StringMatches, the Is* type tests and the And/Or/Not combinators. Compiled once; type
// mismatches evaluate to false, a missing Variable is States.Runtime (except under IsPresent).
#pragma once

#include <string>
#include <vector>

#include "asl/diagnostic.h"
#include "asl/errors.h"
#include "asl/eval_env.h"
#include "asl/jsonata_template.h"
#include "asl/path.h"
#include "asl/payload.h"

namespace stepshift::asl {

enum class ChoiceOp {
  kStringEquals,
  kStringLessThan,
  kStringGreaterThan,
  kStringLessThanEquals,
  kStringGreaterThanEquals,
  kNumericEquals,
  kNumericLessThan,
  kNumericGreaterThan,
  kNumericLessThanEquals,
  kNumericGreaterThanEquals,
  kBooleanEquals,
  kTimestampEquals,
  kTimestampLessThan,
  kTimestampGreaterThan,
  kTimestampLessThanEquals,
  kTimestampGreaterThanEquals,
  kStringMatches,
  kIsNull,
  kIsPresent,
  kIsNumeric,
  kIsString,
  kIsBoolean,
  kIsTimestamp,
};

struct ChoiceRule {
  enum class Kind { kAnd, kOr, kNot, kCompare } kind = Kind::kCompare;
  std::vector<ChoiceRule> children;  // kAnd, kOr, kNot (one child)
  JsonPath variable;
  ChoiceOp op = ChoiceOp::kStringEquals;
  bool operand_is_path = false;
  Value operand;          // literal operand
  JsonPath operand_path;  // *Path operand
};

struct ChoiceBranch {
  ChoiceRule rule;
  std::string next_name;
  int next = -1;  // resolved state index
  PayloadTemplate assign;
  bool has_assign = false;
  // JSONata states: the rule is a Condition, and Output/Assign apply when it matches.
  JsonataTemplate condition, output, jsonata_assign;
};

// Compiles one rule object found at `location`. `top_level` rules must carry Next; nested ones
// must not. Problems are appended to *diags.
ChoiceRule CompileChoiceRule(const Value& rule, const std::string& location, bool top_level,
                             std::vector<Diagnostic>* diags);

// Evaluates `rule`. Returns false and fills *err on a runtime error.
bool EvaluateChoiceRule(const ChoiceRule& rule, const EvalScope& scope, bool* result,
                        AslError* err);

// `*` matches any run of characters; `\*` and `\\` are literal (StringMatches).
bool WildcardMatch(std::string_view text, std::string_view pattern);

}  // namespace stepshift::asl
