// Numeric and aggregation functions: $sum $count $max $min $average $number $abs $floor $ceil
// $round $sqrt $power $random $formatBase.
#include <cmath>
#include <cstring>
#include <limits>
#include <regex>

#include "jsonata/builtins.h"
#include "jsonata/functions.h"
#include "jsonata/number.h"

namespace stepshift::jsonata::internal {

namespace {

double Num(const Value& v) {
  return v.is_number() ? v.number() : std::nan("");
}

// JavaScript's Math.round: the nearest integer, halves toward +Infinity.
double JsMathRound(double x) {
  if (!std::isfinite(x) || std::fabs(x) >= 4503599627370496.0)
    return x;
  double r = std::floor(x);
  if (x - r >= 0.5)
    r += 1;
  if (r == 0 && (x < 0 || std::signbit(x)))
    return -0.0;
  return r;
}

// jsonata-js shifts the decimal point through the number's text ("1.5e3" with precision 2
// becomes "1.5e5") rather than multiplying, to avoid binary rounding errors.
double ShiftExponent(double value, double shift) {
  std::string text = JsNumberToString(value);
  size_t e = text.find('e');
  std::string mantissa = e == std::string::npos ? text : text.substr(0, e);
  double exponent =
      e == std::string::npos ? shift : std::strtod(text.c_str() + e + 1, nullptr) + shift;
  return JsStringToNumber(mantissa + "e" + JsNumberToString(exponent));
}

bool Digits(std::string_view s, size_t* i, const char* set) {
  size_t start = *i;
  while (*i < s.size() && std::strchr(set, s[*i]) != nullptr && s[*i] != '\0')
    ++*i;
  return *i > start;
}

// /^-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?$/
bool DecimalLiteral(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-')
    ++i;
  if (!Digits(s, &i, "0123456789"))
    return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!Digits(s, &i, "0123456789"))
      return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-'))
      ++i;
    if (!Digits(s, &i, "0123456789"))
      return false;
  }
  return i == s.size();
}

// /^(0[xX][0-9A-Fa-f]+)|(0[oO][0-7]+)|(0[bB][0-1]+)$/ -- the alternation binds the anchors to
// the first and last branches only, as in the reference.
bool PrefixedLiteral(const std::string& s) {
  static const std::regex kPattern("^(0[xX][0-9A-Fa-f]+)|(0[oO][0-7]+)|(0[bB][0-1]+)$");
  return std::regex_search(s, kPattern);
}

}  // namespace

double RoundHalfEven(double value, double precision) {
  bool shift = precision != 0 && !std::isnan(precision);
  double arg = shift ? ShiftExponent(value, precision) : value;
  double result = JsMathRound(arg);
  double diff = result - arg;
  if (std::fabs(diff) == 0.5 && std::fabs(std::fmod(result, 2)) == 1)
    result -= 1;
  if (shift)
    result = ShiftExponent(result, -precision);
  if (result == 0)
    result = 0;  // no negative zero in JSON
  return result;
}

Value FnSum(Call&, Args& a) {
  const Value& arr = Arg(a, 0);
  if (arr.is_undefined())
    return Value();
  double total = 0;
  for (const Value& v : arr.arr().items)
    total += Num(v);
  return Value::Number(total);
}

Value FnCount(Call&, Args& a) {
  const Value& arr = Arg(a, 0);
  return Value::Number(arr.is_undefined() ? 0 : static_cast<double>(arr.size()));
}

Value FnMax(Call&, Args& a) {
  const Value& arr = Arg(a, 0);
  if (arr.is_undefined() || arr.size() == 0)
    return Value();
  double m = -std::numeric_limits<double>::infinity();
  for (const Value& v : arr.arr().items) {
    double n = Num(v);
    if (std::isnan(n))
      return Value::Number(n);
    m = std::max(m, n);
  }
  return Value::Number(m);
}

Value FnMin(Call&, Args& a) {
  const Value& arr = Arg(a, 0);
  if (arr.is_undefined() || arr.size() == 0)
    return Value();
  double m = std::numeric_limits<double>::infinity();
  for (const Value& v : arr.arr().items) {
    double n = Num(v);
    if (std::isnan(n))
      return Value::Number(n);
    m = std::min(m, n);
  }
  return Value::Number(m);
}

Value FnAverage(Call&, Args& a) {
  const Value& arr = Arg(a, 0);
  if (arr.is_undefined() || arr.size() == 0)
    return Value();
  double total = 0;
  for (const Value& v : arr.arr().items)
    total += Num(v);
  return Value::Number(total / static_cast<double>(arr.size()));
}

Value FnNumber(Call&, Args& a) {
  const Value& arg = Arg(a, 0);
  switch (arg.type()) {
    case Type::kUndefined:
      return Value();
    case Type::kNumber:
      return arg;
    case Type::kBoolean:
      return Value::Number(arg.boolean() ? 1 : 0);
    case Type::kString: {
      const std::string& s = arg.str();
      if (DecimalLiteral(s)) {
        double d = JsStringToNumber(s);
        if (std::isfinite(d))
          return Value::Number(d);
      }
      if (PrefixedLiteral(s))
        return Value::Number(JsStringToNumber(s));
      break;
    }
    default:
      break;
  }
  Failure f("D3030");
  f.WithValue(arg);
  f.index = 1;
  Throw(std::move(f));
}

Value FnAbs(Call&, Args& a) {
  const Value& v = Arg(a, 0);
  return v.is_undefined() ? Value() : Value::Number(std::fabs(Num(v)));
}

Value FnFloor(Call&, Args& a) {
  const Value& v = Arg(a, 0);
  return v.is_undefined() ? Value() : Value::Number(std::floor(Num(v)));
}

Value FnCeil(Call&, Args& a) {
  const Value& v = Arg(a, 0);
  return v.is_undefined() ? Value() : Value::Number(std::ceil(Num(v)));
}

Value FnRound(Call&, Args& a) {
  const Value& v = Arg(a, 0);
  if (v.is_undefined())
    return Value();
  return Value::Number(RoundHalfEven(Num(v), Arg(a, 1).is_number() ? Arg(a, 1).number() : 0));
}

Value FnSqrt(Call&, Args& a) {
  const Value& v = Arg(a, 0);
  if (v.is_undefined())
    return Value();
  if (Num(v) < 0) {
    Failure f("D3060");
    f.WithValue(v);
    f.index = 1;
    Throw(std::move(f));
  }
  return Value::Number(std::sqrt(Num(v)));
}

namespace {

// Math.pow. V8's is fdlibm's, which differs from glibc's where the exponent is NaN or x is ±1 to
// an infinite power (NaN), and answers y = ±1, 2 and 0.5 exactly as x, 1 / x, x * x and sqrt(x)
// do, where glibc's pow may round the last bit the other way (123456789 ** 2 is
// 15241578750190520 in JavaScript).
double JsPow(double x, double y) {
  if (std::isnan(y) || (std::fabs(x) == 1 && std::isinf(y)))
    return std::nan("");
  if (y == 1 || y == -1)
    return y == 1 ? x : 1 / x;
  if (y == 2)
    return x * x;
  if (y == 0.5 && !std::signbit(x))
    return std::sqrt(x);
  return std::pow(x, y);
}

}  // namespace

Value FnPower(Call&, Args& a) {
  const Value& base = Arg(a, 0);
  if (base.is_undefined())
    return Value();
  double x = Num(base);
  double y = Num(Arg(a, 1));
  double r = JsPow(x, y);
  if (!std::isfinite(r)) {
    Failure f("D3061");
    f.WithValue(base);
    f.exp = Arg(a, 1);
    f.index = 1;
    Throw(std::move(f));
  }
  return Value::Number(r);
}

Value FnRandom(Call& c, Args&) {
  return Value::Number(std::uniform_real_distribution<double>(0, 1)(c.ev.random()));
}

Value FnFormatBase(Call&, Args& a) {
  const Value& v = Arg(a, 0);
  if (v.is_undefined())
    return Value();
  double value = RoundHalfEven(Num(v), 0);
  double radix = Arg(a, 1).is_undefined() ? 10 : RoundHalfEven(Num(Arg(a, 1)), 0);
  if (radix < 2 || radix > 36)
    ThrowWithValue("D3100", Value::Number(radix));
  return Value::String(JsIntegerToRadix(value, static_cast<int>(radix)));
}

}  // namespace stepshift::jsonata::internal
