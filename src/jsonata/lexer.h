// The JSONata tokenizer, as jsonata-js's: called by the parser for one token at a time, since
// whether `/` starts a regular expression depends on what the parser expects next. Errors
// (S0101-S0106, S0301, S0302) are thrown as Failure with the byte offset of the problem.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "jsonata/value.h"

namespace stepshift::jsonata::internal {

struct Token {
  enum class Type { kName, kVariable, kOperator, kString, kNumber, kValue, kRegex };
  Type type = Type::kName;
  std::string value;  // name, variable name (without $), operator, string, regex source
  std::string flags;  // kRegex: "i", "m" or both
  Value literal;      // kString, kNumber, kValue
  int position = 0;   // jsonata-js reports the offset just after the token
};

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  // The next token, or nullopt at the end. `infix` is true where an operator is expected, so a
  // `/` there is division rather than the start of a regular expression.
  std::optional<Token> Next(bool infix);

 private:
  char At(size_t i) const { return i < text_.size() ? text_[i] : '\0'; }

  Token Make(Token::Type type, std::string value) const;
  Token ScanRegex();
  Token ScanString(char quote);
  std::optional<Token> ScanNumber();
  Token ScanName();

  std::string_view text_;
  size_t pos_ = 0;
};

// Characters that end a name: jsonata-js's operator table plus whitespace.
bool IsOperatorChar(char c);

}  // namespace stepshift::jsonata::internal
