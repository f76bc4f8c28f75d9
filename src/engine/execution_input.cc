#include "engine/execution_input.h"

#include <cctype>
#include <string>

namespace stepshift::engine {

namespace {

constexpr std::string_view kValueKinds =
    "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

// A recursive-descent reader that finds the first error the way Jackson reports it. Only its
// message is used: whether the text is valid is Boost.JSON's decision.
class JacksonReasons {
 public:
  explicit JacksonReasons(std::string_view text) : text_(text) {}

  std::string FirstError() {
    if (!Value(0))
      return error_;
    SkipSpace();
    if (pos_ < text_.size())
      return Unexpected("expected end-of-input");
    return "Unexpected end-of-input";
  }

 private:
  static constexpr int kMaxDepth = 1000;

  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])))
      ++pos_;
  }

  bool Fail(std::string message) {
    error_ = std::move(message);
    return false;
  }

  std::string Unexpected(std::string_view expectation) const {
    char c = text_[pos_];
    return "Unexpected character ('" + std::string(1, c) + "' (code " +
           std::to_string(static_cast<unsigned char>(c)) + ")): " + std::string(expectation);
  }

  bool Value(int depth) {
    SkipSpace();
    if (pos_ >= text_.size())
      return Fail("No content to map due to end-of-input");
    if (depth > kMaxDepth)
      return Fail("Document nesting depth exceeds the maximum allowed");
    char c = text_[pos_];
    if (c == '{')
      return Container(depth, '}', "Object");
    if (c == '[')
      return Container(depth, ']', "Array");
    if (c == '"')
      return String();
    if (c == '-' || std::isdigit(static_cast<unsigned char>(c)))
      return Number();
    if (std::isalpha(static_cast<unsigned char>(c)))
      return Token();
    return Fail(Unexpected(std::string("expected a valid value ") + std::string(kValueKinds)));
  }

  bool Container(int depth, char close, std::string_view kind) {
    ++pos_;
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == close) {
      ++pos_;
      return true;
    }
    while (true) {
      if (close == '}' && !Member(depth))
        return false;
      if (close == ']' && !Value(depth + 1))
        return false;
      SkipSpace();
      if (pos_ >= text_.size()) {
        return Fail("Unexpected end-of-input: expected close marker for " + std::string(kind));
      }
      if (text_[pos_] == close) {
        ++pos_;
        return true;
      }
      if (text_[pos_] != ',') {
        return Fail(
            Unexpected("was expecting comma to separate " + std::string(kind) + " entries"));
      }
      ++pos_;
    }
  }

  bool Member(int depth) {
    SkipSpace();
    if (pos_ >= text_.size())
      return Fail("Unexpected end-of-input: expected close marker for Object");
    if (text_[pos_] != '"')
      return Fail(Unexpected("was expecting double-quote to start field name"));
    if (!String())
      return false;
    SkipSpace();
    if (pos_ >= text_.size() || text_[pos_] != ':') {
      return pos_ >= text_.size()
                 ? Fail("Unexpected end-of-input: expected close marker for Object")
                 : Fail(Unexpected("was expecting a colon to separate field name and value"));
    }
    ++pos_;
    return Value(depth + 1);
  }

  bool String() {
    for (++pos_; pos_ < text_.size(); ++pos_) {
      if (text_[pos_] == '\\') {
        ++pos_;
      } else if (text_[pos_] == '"') {
        ++pos_;
        return true;
      }
    }
    return Fail("Unexpected end-of-input: was expecting closing quote for a string value");
  }

  bool Number() {
    size_t start = pos_;
    if (text_[pos_] == '-')
      ++pos_;
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.' ||
            text_[pos_] == '+' || text_[pos_] == '-')) {
      ++pos_;
    }
    return pos_ > start;
  }

  bool Token() {
    size_t start = pos_;
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) ||
                                   text_[pos_] == '_' || text_[pos_] == '$')) {
      ++pos_;
    }
    std::string_view token = text_.substr(start, pos_ - start);
    if (token == "true" || token == "false" || token == "null")
      return true;
    return Fail("Unrecognized token '" + std::string(token) + "': was expecting " +
                std::string(kValueKinds));
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::string error_;
};

Status InvalidInput(std::string_view reason) {
  return Status(StatusCode::kInvalidArgument,
                "Invalid State Machine Execution Input: '" + std::string(reason) + "'",
                "InvalidExecutionInput");
}

}  // namespace

Result<json::Value> ParseExecutionInput(std::string_view text) {
  if (text.empty())
    return InvalidInput("Invalid execution input.");
  Result<json::Value> value = json::Parse(text);
  if (value.ok())
    return value;
  return InvalidInput(JacksonReasons(text).FirstError());
}

}  // namespace stepshift::engine
