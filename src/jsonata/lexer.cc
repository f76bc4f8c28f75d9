#include "jsonata/lexer.h"

#include <cmath>
#include <cstring>

#include "jsonata/errors.h"
#include "jsonata/number.h"
#include "jsonata/utf8.h"

namespace stepshift::jsonata::internal {

namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v';
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

constexpr const char* kTwoCharOps[] = {"..", ":=", "!=", ">=", "<=", "**", "~>", "?:", "??"};

}  // namespace

bool IsOperatorChar(char c) {
  return c != '\0' && std::strchr(".[]{}(),@#;:?+-*/%|=<>^&!~", c) != nullptr;
}

Token Lexer::Make(Token::Type type, std::string value) const {
  Token t;
  t.type = type;
  t.value = std::move(value);
  t.position = static_cast<int>(pos_);
  return t;
}

std::optional<Token> Lexer::Next(bool infix) {
  while (true) {
    while (pos_ < text_.size() && IsSpace(text_[pos_]))
      ++pos_;
    if (pos_ >= text_.size())
      return std::nullopt;
    if (At(pos_) != '/' || At(pos_ + 1) != '*')
      break;
    size_t start = pos_;
    size_t end = text_.find("*/", pos_ + 2);
    if (end == std::string_view::npos)
      Throw(Failure("S0106").At(static_cast<int>(start)));
    pos_ = end + 2;
  }
  char c = text_[pos_];
  if (!infix && c == '/') {
    ++pos_;
    return ScanRegex();
  }
  for (const char* op : kTwoCharOps) {
    if (c == op[0] && At(pos_ + 1) == op[1]) {
      pos_ += 2;
      return Make(Token::Type::kOperator, op);
    }
  }
  if (IsOperatorChar(c)) {
    ++pos_;
    return Make(Token::Type::kOperator, std::string(1, c));
  }
  if (c == '"' || c == '\'')
    return ScanString(c);
  if (auto number = ScanNumber())
    return number;
  if (c == '`') {
    ++pos_;
    size_t end = text_.find('`', pos_);
    if (end == std::string_view::npos) {
      pos_ = text_.size();
      Throw(Failure("S0105").At(static_cast<int>(pos_)));
    }
    std::string name(text_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return Make(Token::Type::kName, std::move(name));
  }
  return ScanName();
}

Token Lexer::ScanRegex() {
  size_t start = pos_;
  int depth = 0;
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (c == '/' && depth == 0) {
      size_t backslashes = 0;
      while (pos_ >= backslashes + 1 && text_[pos_ - backslashes - 1] == '\\')
        ++backslashes;
      if (backslashes % 2 == 0) {
        std::string pattern(text_.substr(start, pos_ - start));
        if (pattern.empty())
          Throw(Failure("S0301").At(static_cast<int>(pos_)));
        ++pos_;
        size_t flags_start = pos_;
        while (At(pos_) == 'i' || At(pos_) == 'm')
          ++pos_;
        Token t = Make(Token::Type::kRegex, std::move(pattern));
        t.flags = std::string(text_.substr(flags_start, pos_ - flags_start));
        return t;
      }
    }
    bool escaped = pos_ > 0 && text_[pos_ - 1] == '\\';
    if ((c == '(' || c == '[' || c == '{') && !escaped)
      ++depth;
    if ((c == ')' || c == ']' || c == '}') && !escaped)
      --depth;
    ++pos_;
  }
  Throw(Failure("S0302").At(static_cast<int>(pos_)));
}

Token Lexer::ScanString(char quote) {
  ++pos_;
  std::string s;
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (c == '\\') {
      ++pos_;
      c = At(pos_);
      switch (c) {
        case '"':
        case '\\':
        case '/':
          s.push_back(c);
          break;
        case 'b':
          s.push_back('\b');
          break;
        case 'f':
          s.push_back('\f');
          break;
        case 'n':
          s.push_back('\n');
          break;
        case 'r':
          s.push_back('\r');
          break;
        case 't':
          s.push_back('\t');
          break;
        case 'u': {
          uint32_t unit = 0;
          for (int i = 1; i <= 4; ++i) {
            int d = HexDigit(At(pos_ + i));
            if (d < 0)
              Throw(Failure("S0104").At(static_cast<int>(pos_)));
            unit = unit * 16 + d;
          }
          pos_ += 4;
          // A high surrogate followed by an escaped low one is one code point, as in JavaScript.
          if (unit >= 0xD800 && unit < 0xDC00 && At(pos_ + 1) == '\\' && At(pos_ + 2) == 'u') {
            uint32_t low = 0;
            bool ok = true;
            for (int i = 3; i <= 6; ++i) {
              int d = HexDigit(At(pos_ + i));
              ok = ok && d >= 0;
              low = low * 16 + (d < 0 ? 0 : d);
            }
            if (ok && low >= 0xDC00 && low < 0xE000) {
              unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
              pos_ += 6;
            }
          }
          AppendUtf8(unit, &s);
          break;
        }
        default: {
          Failure f("S0103");
          f.position = static_cast<int>(pos_);
          f.token = Value::String(std::string(1, c));
          Throw(std::move(f));
        }
      }
    } else if (c == quote) {
      ++pos_;
      Token t = Make(Token::Type::kString, "");
      t.literal = Value::String(s);
      t.value = std::move(s);
      return t;
    } else {
      s.push_back(c);
    }
    ++pos_;
  }
  Throw(Failure("S0101").At(static_cast<int>(pos_)));
}

// /^-?(0|([1-9][0-9]*))(\.[0-9]+)?([Ee][-+]?[0-9]+)?/ at the current position.
std::optional<Token> Lexer::ScanNumber() {
  size_t i = pos_;
  if (At(i) == '-')
    ++i;
  auto digit = [this](size_t k) { return At(k) >= '0' && At(k) <= '9'; };
  if (At(i) == '0') {
    ++i;
  } else if (At(i) >= '1' && At(i) <= '9') {
    while (digit(i))
      ++i;
  } else {
    return std::nullopt;
  }
  if (At(i) == '.' && digit(i + 1)) {
    ++i;
    while (digit(i))
      ++i;
  }
  if (At(i) == 'e' || At(i) == 'E') {
    size_t j = i + 1;
    if (At(j) == '+' || At(j) == '-')
      ++j;
    if (digit(j)) {
      while (digit(j))
        ++j;
      i = j;
    }
  }
  std::string text(text_.substr(pos_, i - pos_));
  double d = std::strtod(text.c_str(), nullptr);
  if (!std::isfinite(d)) {
    Failure f("S0102");
    f.position = static_cast<int>(pos_);
    f.token = Value::String(text);
    Throw(std::move(f));
  }
  pos_ = i;
  Token t = Make(Token::Type::kNumber, text);
  t.literal = Value::Number(d);
  return t;
}

Token Lexer::ScanName() {
  size_t i = pos_;
  while (i < text_.size() && !IsSpace(text_[i]) && !IsOperatorChar(text_[i]))
    ++i;
  if (text_[pos_] == '$') {
    std::string name(text_.substr(pos_ + 1, i - pos_ - 1));
    pos_ = i;
    return Make(Token::Type::kVariable, std::move(name));
  }
  std::string name(text_.substr(pos_, i - pos_));
  pos_ = i;
  if (name == "or" || name == "in" || name == "and")
    return Make(Token::Type::kOperator, name);
  Token t = Make(Token::Type::kValue, name);
  if (name == "true" || name == "false") {
    t.literal = Value::Bool(name == "true");
    return t;
  }
  if (name == "null") {
    t.literal = Value::Null();
    return t;
  }
  return Make(Token::Type::kName, std::move(name));
}

}  // namespace stepshift::jsonata::internal
