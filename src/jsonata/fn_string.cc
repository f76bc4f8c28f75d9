// String functions: $string, $substring*, case, $length, $trim, $pad, $join, base64, URL coding,
// $eval.
#include <cmath>

#include "jsonata/builtins.h"
#include "jsonata/functions.h"
#include "jsonata/utf8.h"

namespace stepshift::jsonata::internal {

namespace {

// JavaScript's relative index (slice/substring arguments): truncated, negative from the end.
size_t RelativeIndex(double rel, size_t len) {
  if (std::isnan(rel))
    return 0;
  rel = std::trunc(rel);
  if (rel < 0)
    return static_cast<size_t>(std::max(0.0, static_cast<double>(len) + rel));
  return static_cast<size_t>(std::min(rel, static_cast<double>(len)));
}

// Code points [from, to) of s.
std::string SliceCodePoints(std::string_view s, double from, double to) {
  std::vector<size_t> offsets = CodePointOffsets(s);
  size_t len = offsets.size() - 1;
  size_t a = RelativeIndex(from, len);
  size_t b = RelativeIndex(to, len);
  if (a >= b)
    return "";
  return std::string(s.substr(offsets[a], offsets[b] - offsets[a]));
}

double NumberOr(const Value& v, double otherwise) {
  return v.is_number() ? v.number() : otherwise;
}

std::string Base64(std::string_view bytes) {
  static const char* kChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) |
                 (static_cast<uint8_t>(bytes[i + 1]) << 8) | static_cast<uint8_t>(bytes[i + 2]);
    for (int k = 18; k >= 0; k -= 6)
      out.push_back(kChars[(n >> k) & 63]);
  }
  if (i + 1 == bytes.size()) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    out += {kChars[(n >> 18) & 63], kChars[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == bytes.size()) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
    out += {kChars[(n >> 18) & 63], kChars[(n >> 12) & 63], kChars[(n >> 6) & 63], '='};
  }
  return out;
}

int Base64Digit(char c) {
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+' || c == '-')
    return 62;
  if (c == '/' || c == '_')
    return 63;
  return -1;
}

// Node's Buffer.from(s, 'base64'): skips characters outside the alphabet, stops at '='.
std::string Unbase64(std::string_view s) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    if (c == '=')
      break;
    int d = Base64Digit(c);
    if (d < 0)
      continue;
    acc = (acc << 6) | static_cast<uint32_t>(d);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

[[noreturn]] void MalformedUrl(const char* function, const std::string& value) {
  Failure f("D3140");
  f.WithValue(Value::String(value));
  f.function_name = function;
  Throw(std::move(f));
}

std::string EncodeUri(const std::string& s, const char* keep, const char* function) {
  static const char* kHex = "0123456789ABCDEF";
  for (size_t i = 0; i < s.size();) {
    if (IsSurrogate(NextCodePoint(s, &i)))
      MalformedUrl(function, s);  // JavaScript's URIError for a lone surrogate
  }
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    bool unreserved =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
        (c != 0 && std::string_view("-_.!~*'()").find(ch) != std::string_view::npos) ||
        (c != 0 && std::string_view(keep).find(ch) != std::string_view::npos);
    if (unreserved) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

// decodeURI/decodeURIComponent: %XX sequences must form valid UTF-8; decodeURI leaves escapes of
// the reserved characters (`keep`) as they are.
std::string DecodeUri(const std::string& s, const char* function, const char* keep) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (s[i] != '%') {
      out.push_back(s[i++]);
      continue;
    }
    size_t start = i;
    std::string bytes;
    auto byte_at = [&](size_t k) {
      if (k + 2 >= s.size() || s[k] != '%')
        MalformedUrl(function, s);
      int hi = HexValue(s[k + 1]);
      int lo = HexValue(s[k + 2]);
      if (hi < 0 || lo < 0)
        MalformedUrl(function, s);
      return static_cast<unsigned char>(hi * 16 + lo);
    };
    unsigned char first = byte_at(i);
    i += 3;
    int extra = first < 0x80 ? 0 : first >= 0xF0 ? 3 : first >= 0xE0 ? 2 : first >= 0xC0 ? 1 : -1;
    if (extra < 0 || first >= 0xF8)
      MalformedUrl(function, s);
    bytes.push_back(static_cast<char>(first));
    for (int k = 0; k < extra; ++k) {
      if (i >= s.size())
        MalformedUrl(function, s);
      unsigned char b = byte_at(i);
      if ((b & 0xC0) != 0x80)
        MalformedUrl(function, s);
      bytes.push_back(static_cast<char>(b));
      i += 3;
    }
    size_t pos = 0;
    uint32_t cp = NextCodePoint(bytes, &pos);
    bool overlong = (extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) ||
                    (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
                    (cp >= 0xD800 && cp < 0xE000);
    if (cp == 0xFFFD && bytes != "\xEF\xBF\xBD")
      overlong = true;
    if (overlong)
      MalformedUrl(function, s);
    if (extra == 0 && std::string_view(keep).find(static_cast<char>(cp)) != std::string_view::npos)
      out += s.substr(start, 3);
    else
      out += bytes;
  }
  return out;
}

}  // namespace

Value FnString(Call&, Args& a) {
  return ToJsonataString(Arg(a, 0), ToBoolean(Arg(a, 1)));
}

Value FnSubstring(Call&, Args& a) {
  const Value& str = Arg(a, 0);
  if (str.is_undefined())
    return Value();
  size_t len = CodePointCount(str.str());
  double start = NumberOr(Arg(a, 1), std::nan(""));
  if (static_cast<double>(len) + start < 0)
    start = 0;
  const Value& length = Arg(a, 2);
  if (length.is_undefined())
    return Value::String(SliceCodePoints(str.str(), start, static_cast<double>(len)));
  double n = NumberOr(length, std::nan(""));
  if (n <= 0)
    return Value::String("");
  double end = start >= 0 ? start + n : static_cast<double>(len) + start + n;
  return Value::String(SliceCodePoints(str.str(), start, end));
}

Value FnSubstringBefore(Call&, Args& a) {
  const Value& str = Arg(a, 0);
  if (str.is_undefined())
    return Value();
  std::string chars = Arg(a, 1).is_string() ? Arg(a, 1).str() : "undefined";
  size_t pos = str.str().find(chars);
  return pos == std::string::npos ? str : Value::String(str.str().substr(0, pos));
}

Value FnSubstringAfter(Call&, Args& a) {
  const Value& str = Arg(a, 0);
  if (str.is_undefined())
    return Value();
  std::string chars = Arg(a, 1).is_string() ? Arg(a, 1).str() : "undefined";
  size_t pos = str.str().find(chars);
  return pos == std::string::npos ? str : Value::String(str.str().substr(pos + chars.size()));
}

Value FnLowercase(Call&, Args& a) {
  const Value& str = Arg(a, 0);
  return str.is_undefined() ? Value() : Value::String(ToLower(str.str()));
}

Value FnUppercase(Call&, Args& a) {
  const Value& str = Arg(a, 0);
  return str.is_undefined() ? Value() : Value::String(ToUpper(str.str()));
}

Value FnLength(Call&, Args& a) {
  const Value& str = Arg(a, 0);
  if (str.is_undefined())
    return Value();
  return Value::Number(static_cast<double>(CodePointCount(str.str())));
}

Value FnTrim(Call&, Args& a) {
  const Value& str = Arg(a, 0);
  if (str.is_undefined())
    return Value();
  std::string out;
  bool in_space = false;
  for (char c : str.str()) {
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space) {
      if (!in_space)
        out.push_back(' ');
      in_space = true;
    } else {
      out.push_back(c);
      in_space = false;
    }
  }
  if (!out.empty() && out.front() == ' ')
    out.erase(0, 1);
  if (!out.empty() && out.back() == ' ')
    out.pop_back();
  return Value::String(std::move(out));
}

Value FnPad(Call&, Args& a) {
  const Value& str = Arg(a, 0);
  if (str.is_undefined())
    return Value();
  std::string pad = Arg(a, 2).is_string() && !Arg(a, 2).str().empty() ? Arg(a, 2).str() : " ";
  double width = std::trunc(NumberOr(Arg(a, 1), std::nan("")));
  double pad_length = std::fabs(width) - static_cast<double>(CodePointCount(str.str()));
  if (!(pad_length > 0))
    return str;
  auto n = static_cast<size_t>(pad_length);
  if (n * pad.size() > (64u << 20))
    return BoundedString(std::string(n * pad.size(), ' '));
  std::string padding;
  for (size_t i = 0; i < n; ++i)
    padding += pad;
  if (CodePointCount(pad) > 1)
    padding = SliceCodePoints(padding, 0, pad_length);
  return Value::String(width > 0 ? str.str() + padding : padding + str.str());
}

Value FnJoin(Call&, Args& a) {
  const Value& strs = Arg(a, 0);
  if (strs.is_undefined())
    return Value();
  std::string sep = Arg(a, 1).is_string() ? Arg(a, 1).str() : "";
  std::string out;
  for (size_t i = 0; i < strs.size(); ++i) {
    if (i > 0)
      out += sep;
    out += strs[i].str();
  }
  return BoundedString(std::move(out));
}

// Buffer.from(str, 'binary'): each UTF-16 code unit becomes its low byte.
Value FnBase64Encode(Call&, Args& a) {
  const Value& str = Arg(a, 0);
  if (str.is_undefined())
    return Value();
  std::string bytes;
  const std::string& s = str.str();
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = NextCodePoint(s, &i);
    if (cp >= 0x10000) {
      bytes.push_back(static_cast<char>((0xD800 + ((cp - 0x10000) >> 10)) & 0xFF));
      cp = 0xDC00 + ((cp - 0x10000) & 0x3FF);
    }
    bytes.push_back(static_cast<char>(cp & 0xFF));
  }
  return Value::String(Base64(bytes));
}

// Buffer#toString('binary'): each byte becomes the character with that code.
Value FnBase64Decode(Call&, Args& a) {
  const Value& str = Arg(a, 0);
  if (str.is_undefined())
    return Value();
  std::string out;
  for (char b : Unbase64(str.str()))
    AppendUtf8(static_cast<unsigned char>(b), &out);
  return Value::String(std::move(out));
}

Value FnEncodeUrlComponent(Call&, Args& a) {
  const Value& str = Arg(a, 0);
  return str.is_undefined() ? Value()
                            : Value::String(EncodeUri(str.str(), "", "encodeUrlComponent"));
}

Value FnEncodeUrl(Call&, Args& a) {
  const Value& str = Arg(a, 0);
  return str.is_undefined() ? Value()
                            : Value::String(EncodeUri(str.str(), ";/?:@&=+$,#", "encodeUrl"));
}

Value FnDecodeUrlComponent(Call&, Args& a) {
  const Value& str = Arg(a, 0);
  if (str.is_undefined())
    return Value();
  return Value::String(DecodeUri(str.str(), "decodeUrlComponent", ""));
}

Value FnDecodeUrl(Call&, Args& a) {
  const Value& str = Arg(a, 0);
  if (str.is_undefined())
    return Value();
  return Value::String(DecodeUri(str.str(), "decodeUrl", ";/?:@&=+$,#"));
}

Value FnEval(Call& c, Args& a) {
  const Value& expr = Arg(a, 0);
  if (expr.is_undefined())
    return Value();
  Value input = c.input;
  const Value& focus = Arg(a, 1);
  if (!focus.is_undefined()) {
    input = focus;
    if (input.is_array() && !input.is_sequence()) {
      input = SequenceOf(focus);
      input.arr().outer_wrapper = true;
    }
  }
  return c.ev.EvaluateText(expr.str(), input, c.env);
}

}  // namespace stepshift::jsonata::internal
