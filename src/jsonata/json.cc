#include "jsonata/json.h"

#include <cmath>

#include "jsonata/errors.h"
#include "jsonata/number.h"
#include "jsonata/utf8.h"

namespace stepshift::jsonata {

namespace {

using internal::JsNumberToString;

class Writer {
 public:
  Writer(const StringifyOptions& options, std::string* out) : options_(options), out_(out) {}

  // Returns false when the value writes nothing (undefined, or a function in plain mode).
  bool Write(const Value& v, int depth) {
    switch (v.type()) {
      case Type::kUndefined:
        return false;
      case Type::kNull:
        *out_ += "null";
        return true;
      case Type::kBoolean:
        *out_ += v.boolean() ? "true" : "false";
        return true;
      case Type::kNumber:
        WriteNumber(v.number());
        return true;
      case Type::kString:
        AppendJsonString(v.str(), out_);
        return true;
      case Type::kFunction:
        if (!options_.jsonata_string)
          return false;
        *out_ += "\"\"";
        return true;
      case Type::kArray:
        WriteArray(v, depth);
        return true;
      case Type::kObject:
        WriteObject(v, depth);
        return true;
    }
    return false;
  }

 private:
  void WriteNumber(double d) {
    if (options_.jsonata_string) {
      if (std::isinf(d))
        internal::ThrowWithValue("D1001", Value::Number(d));
      if (!std::isnan(d) && !internal::IsInteger(d))
        d = internal::RoundToPrecision15(d);
    }
    *out_ += std::isfinite(d) ? JsNumberToString(d) : "null";
  }

  void Newline(int depth) {
    if (options_.indent == 0)
      return;
    out_->push_back('\n');
    out_->append(static_cast<size_t>(depth) * options_.indent, ' ');
  }

  void WriteArray(const Value& v, int depth) {
    if (v.size() == 0) {
      *out_ += "[]";
      return;
    }
    out_->push_back('[');
    for (size_t i = 0; i < v.size(); ++i) {
      if (i > 0)
        out_->push_back(',');
      Newline(depth + 1);
      if (!Write(v[i], depth + 1))
        *out_ += "null";
    }
    Newline(depth);
    out_->push_back(']');
  }

  void WriteObject(const Value& v, int depth) {
    out_->push_back('{');
    bool any = false;
    for (const auto& e : v.obj().entries()) {
      if (e.value.is_undefined() || (e.value.is_function() && !options_.jsonata_string))
        continue;
      if (any)
        out_->push_back(',');
      any = true;
      Newline(depth + 1);
      AppendJsonString(e.key, out_);
      *out_ += options_.indent > 0 ? ": " : ":";
      Write(e.value, depth + 1);
    }
    if (any)
      Newline(depth);
    out_->push_back('}');
  }

  const StringifyOptions& options_;
  std::string* out_;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  bool Parse(Value* out, std::string* error) {
    SkipSpace();
    if (!ParseValue(out, 0) || (SkipSpace(), pos_ != text_.size())) {
      *error = error_.empty() ? "Unexpected token at position " + std::to_string(pos_) : error_;
      return false;
    }
    return true;
  }

 private:
  static constexpr int kMaxDepth = 2000;

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  bool Literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word)
      return false;
    pos_ += word.size();
    return true;
  }

  bool ParseValue(Value* out, int depth) {
    if (depth > kMaxDepth) {
      error_ = "JSON nesting is too deep";
      return false;
    }
    if (pos_ >= text_.size())
      return false;
    char c = text_[pos_];
    if (c == '{')
      return ParseObject(out, depth);
    if (c == '[')
      return ParseArray(out, depth);
    if (c == '"') {
      std::string s;
      if (!ParseString(&s))
        return false;
      *out = Value::String(std::move(s));
      return true;
    }
    if (Literal("true")) {
      *out = Value::Bool(true);
      return true;
    }
    if (Literal("false")) {
      *out = Value::Bool(false);
      return true;
    }
    if (Literal("null")) {
      *out = Value::Null();
      return true;
    }
    size_t start = pos_;
    while (pos_ < text_.size() &&
           std::string_view("+-.eE0123456789").find(text_[pos_]) != std::string_view::npos)
      ++pos_;
    auto n = internal::ParseJsonNumber(text_.substr(start, pos_ - start));
    if (!n)
      return false;
    *out = Value::Number(*n);
    return true;
  }

  bool ParseArray(Value* out, int depth) {
    ++pos_;
    *out = Value::NewArray();
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipSpace();
      Value item;
      if (!ParseValue(&item, depth + 1))
        return false;
      out->push_back(std::move(item));
      SkipSpace();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return false;
    }
  }

  bool ParseObject(Value* out, int depth) {
    ++pos_;
    *out = Value::NewObject();
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipSpace();
      std::string key;
      if (pos_ >= text_.size() || text_[pos_] != '"' || !ParseString(&key))
        return false;
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != ':')
        return false;
      ++pos_;
      SkipSpace();
      Value v;
      if (!ParseValue(&v, depth + 1))
        return false;
      out->obj().Set(key, std::move(v));
      SkipSpace();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return false;
    }
  }

  bool Hex4(uint32_t* out) {
    if (pos_ + 4 > text_.size())
      return false;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text_[pos_ + i];
      int d = c >= '0' && c <= '9'   ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                     : -1;
      if (d < 0)
        return false;
      v = v * 16 + d;
    }
    pos_ += 4;
    *out = v;
    return true;
  }

  bool ParseString(std::string* out) {
    ++pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_++];
      if (c == '"')
        return true;
      if (static_cast<unsigned char>(c) < 0x20)
        return false;
      if (c != '\\') {
        out->push_back(c);
        continue;
      }
      if (pos_ >= text_.size())
        return false;
      char e = text_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out->push_back(e);
          break;
        case 'b':
          out->push_back('\b');
          break;
        case 'f':
          out->push_back('\f');
          break;
        case 'n':
          out->push_back('\n');
          break;
        case 'r':
          out->push_back('\r');
          break;
        case 't':
          out->push_back('\t');
          break;
        case 'u': {
          uint32_t unit = 0;
          if (!Hex4(&unit))
            return false;
          if (unit >= 0xD800 && unit < 0xDC00 && text_.substr(pos_, 2) == "\\u") {
            size_t save = pos_;
            pos_ += 2;
            uint32_t low = 0;
            if (Hex4(&low) && low >= 0xDC00 && low < 0xE000) {
              unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            } else {
              pos_ = save;
            }
          }
          internal::AppendUtf8(unit, out);
          break;
        }
        default:
          return false;
      }
    }
    return false;
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  static const char* kHex = "0123456789abcdef";
  out->push_back('"');
  for (size_t i = 0; i < s.size(); ++i) {
    char ch = s[i];
    auto c = static_cast<unsigned char>(ch);
    // A lone surrogate (WTF-8: ED A0..BF xx) is escaped, as JSON.stringify escapes it.
    if (c == 0xED && i + 2 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xE0) == 0xA0) {
      uint32_t cp = 0xD000 | ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
                    (static_cast<unsigned char>(s[i + 2]) & 0x3F);
      *out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4)
        out->push_back(kHex[(cp >> shift) & 15]);
      i += 2;
      continue;
    }
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\b':
        *out += "\\b";
        break;
      case '\f':
        *out += "\\f";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (c < 0x20) {
          *out += "\\u00";
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

std::string Stringify(const Value& v, const StringifyOptions& options) {
  std::string out;
  Writer w(options, &out);
  if (!w.Write(v, 0))
    return "undefined";
  return out;
}

bool ParseJson(std::string_view text, Value* out, std::string* error) {
  return Parser(text).Parse(out, error);
}

}  // namespace stepshift::jsonata
