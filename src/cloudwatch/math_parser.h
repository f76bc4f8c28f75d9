// Parsing of CloudWatch metric math expressions ("Metric math syntax and functions"):
// arithmetic (+ - * / ^, unary -), comparisons (== != < <= > >=), logic (AND/&&, OR/||), query
// ids, numbers, "strings", [arrays] and FUNCTION(args) calls. Functions and keywords are
// upper-case; ids start with a lower-case letter.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace stepshift::cloudwatch {

struct MathNode {
  enum class Kind { kNumber, kString, kId, kKeyword, kUnary, kBinary, kCall, kArray };

  Kind kind = Kind::kNumber;
  double number = 0;
  // kId: the id; kKeyword: REPEAT, ASC...; kCall: the function; kString: the content;
  // kUnary/kBinary: the operator ("-", "+", "==", "AND", "OR"...).
  std::string text;
  std::vector<MathNode> args;  // operands, call arguments or array elements
};

// On failure the Status message is the reason alone ("Invalid syntax"); callers place it in
// CloudWatch's "Error in expression <id> [<reason>]".
Result<MathNode> ParseMathExpression(std::string_view text);

}  // namespace stepshift::cloudwatch
