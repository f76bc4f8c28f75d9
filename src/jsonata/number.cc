#include "jsonata/number.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace stepshift::jsonata::internal {

namespace {

// Shortest round-trip decimal digits of |d| (d finite, non-zero) and the exponent n such that
// |d| = 0.digits * 10^n, as ECMAScript's Number::toString defines them.
void ShortestDigits(double d, std::string* digits, int* n) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(d), std::chars_format::scientific);
  std::string_view s(buf, res.ptr - buf);  // "d.ddde+XX" or "de+XX"
  size_t e = s.find('e');
  digits->clear();
  for (size_t i = 0; i < e; ++i) {
    if (s[i] != '.')
      digits->push_back(s[i]);
  }
  while (digits->size() > 1 && digits->back() == '0')
    digits->pop_back();
  *n = std::atoi(std::string(s.substr(e + 1)).c_str()) + 1;
}

// Rounds a digit string half-up at `keep` digits (exact decimal digits in, so "half-up on
// the next digit" is JavaScript's "pick the larger n on a tie"). Returns true on a carry out of
// the first digit ("999" -> "000" and a carry).
bool RoundDigitsHalfUp(std::string* digits, size_t keep) {
  bool up = keep < digits->size() && (*digits)[keep] >= '5';
  digits->resize(keep);
  if (!up)
    return false;
  for (size_t i = keep; i-- > 0;) {
    if ((*digits)[i] != '9') {
      ++(*digits)[i];
      return false;
    }
    (*digits)[i] = '0';
  }
  return true;
}

// printf's "%.*e" (conv 'e') or "%.*f" (conv 'f') of v >= 0, the point and exponent removed;
// *where is the exponent ('e') or the number of integer digits ('f').
std::string PrintedDigits(char conv, double v, int precision, int* where) {
  static thread_local char buf[1500];
  std::snprintf(buf, sizeof buf, conv == 'e' ? "%.*e" : "%.*f", precision, v);
  std::string_view s(buf);
  size_t end = conv == 'e' ? s.find('e') : s.size();
  size_t point = s.find('.');
  *where = conv == 'e' ? std::atoi(buf + end + 1) : static_cast<int>(point);
  std::string digits(s.substr(0, point));
  if (point < end)
    digits.append(s.substr(point + 1, end - point - 1));
  return digits;
}

// The digits of v >= 0 as PrintedDigits gives them, of which at least the first `needed` after
// the point ('f') or in all ('e') are v's exact decimal digits, not rounded. printf rounds at its
// last digit, and that carry reaches the needed digits only through a run of 9s it leaves as 0s:
// so 30 more digits whose tail is not all zeros prove them exact. Otherwise the exact expansion
// (%.800e, %.1100f hold any double's; slow) decides.
std::string ExactDigits(char conv, double v, int needed, int* where) {
  std::string digits = PrintedDigits(conv, v, needed + 30, where);
  size_t from = conv == 'e' ? needed : *where + needed;
  if (digits.find_first_not_of('0', from) != std::string::npos)
    return digits;
  return PrintedDigits(conv, v, conv == 'e' ? 800 : 1100, where);
}

}  // namespace

bool IsInteger(double d) {
  return std::isfinite(d) && std::trunc(d) == d;
}

std::string JsNumberToString(double d) {
  if (std::isnan(d))
    return "NaN";
  if (std::isinf(d))
    return d < 0 ? "-Infinity" : "Infinity";
  if (d == 0)
    return "0";
  std::string digits;
  int n = 0;
  ShortestDigits(d, &digits, &n);
  int k = static_cast<int>(digits.size());
  std::string out = d < 0 ? "-" : "";
  if (k <= n && n <= 21) {
    out += digits;
    out.append(n - k, '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, n) + "." + digits.substr(n);
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(-n, '0');
    out += digits;
  } else {
    out += digits.substr(0, 1);
    if (k > 1)
      out += "." + digits.substr(1);
    int e = n - 1;
    out += e < 0 ? "e-" : "e+";
    out += std::to_string(std::abs(e));
  }
  return out;
}

double RoundToPrecision15(double d) {
  if (!std::isfinite(d) || d == 0)
    return d;
  int exp = 0;
  std::string digits = ExactDigits('e', std::fabs(d), 16, &exp);
  if (RoundDigitsHalfUp(&digits, 15)) {
    digits.insert(digits.begin(), '1');
    digits.pop_back();
    ++exp;
  }
  std::string text = digits.substr(0, 1) + "." + digits.substr(1) + "e" + std::to_string(exp);
  double r = std::strtod(text.c_str(), nullptr);
  return d < 0 ? -r : r;
}

std::string JsToFixed(double d, int digits) {
  if (std::isnan(d))
    return "NaN";
  if (std::fabs(d) >= 1e21)
    return JsNumberToString(d);
  int int_len = 0;
  std::string all = ExactDigits('f', std::fabs(d), digits + 1, &int_len);
  if (RoundDigitsHalfUp(&all, int_len + digits)) {
    all.insert(all.begin(), '1');
    ++int_len;
  }
  std::string out = all.substr(0, int_len);
  if (digits > 0)
    out += "." + all.substr(int_len);
  return d < 0 ? "-" + out : out;  // (-0.001).toFixed(2) is "-0.00" in JavaScript too
}

std::string JsIntegerToRadix(double d, int radix) {
  if (std::isnan(d))
    return "NaN";
  if (std::isinf(d))
    return d < 0 ? "-Infinity" : "Infinity";
  bool neg = d < 0;
  double v = std::fabs(d);
  std::string out;
  do {
    int digit = static_cast<int>(std::fmod(v, radix));
    out.push_back(static_cast<char>(digit < 10 ? '0' + digit : 'a' + digit - 10));
    v = std::floor(v / radix);
  } while (v > 0);
  if (neg)
    out.push_back('-');
  return std::string(out.rbegin(), out.rend());
}

std::optional<double> ParseJsonNumber(std::string_view text) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9')
      ++i;
    return i > start;
  };
  if (i < text.size() && text[i] == '-')
    ++i;
  if (i < text.size() && text[i] == '0') {
    ++i;
  } else if (!digits()) {
    return std::nullopt;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (!digits())
      return std::nullopt;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-'))
      ++i;
    if (!digits())
      return std::nullopt;
  }
  if (i != text.size())
    return std::nullopt;
  double d = 0;
  std::from_chars(text.data(), text.data() + text.size(), d);
  // from_chars reports out-of-range without setting d; JavaScript gives Infinity or 0.
  if (std::from_chars(text.data(), text.data() + text.size(), d).ec ==
      std::errc::result_out_of_range)
    d = std::strtod(std::string(text).c_str(), nullptr);
  return d;
}

double JsParseInt(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n'))
    ++i;
  bool neg = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-'))
    neg = text[i++] == '-';
  double v = 0;
  size_t start = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9')
    v = v * 10 + (text[i++] - '0');
  if (i == start)
    return std::nan("");
  return neg ? -v : v;
}

double JsStringToNumber(std::string_view text) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  };
  while (!text.empty() && space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && space(text.back()))
    text.remove_suffix(1);
  if (text.empty())
    return 0;
  if (text.size() > 2 && text[0] == '0') {
    int radix = text[1] == 'x' || text[1] == 'X'   ? 16
                : text[1] == 'o' || text[1] == 'O' ? 8
                : text[1] == 'b' || text[1] == 'B' ? 2
                                                   : 0;
    if (radix != 0) {
      double v = 0;
      for (char c : text.substr(2)) {
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'z' ? c - 'a' + 10
                : c >= 'A' && c <= 'Z' ? c - 'A' + 10
                                       : 99;
        if (d >= radix)
          return std::nan("");
        v = v * radix + d;
      }
      return v;
    }
  }
  std::string_view body = text;
  bool neg = false;
  if (body[0] == '+' || body[0] == '-') {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body == "Infinity")
    return neg ? -HUGE_VAL : HUGE_VAL;
  size_t i = 0;
  size_t int_digits = 0;
  size_t frac_digits = 0;
  while (i < body.size() && body[i] >= '0' && body[i] <= '9')
    ++i, ++int_digits;
  if (i < body.size() && body[i] == '.') {
    ++i;
    while (i < body.size() && body[i] >= '0' && body[i] <= '9')
      ++i, ++frac_digits;
  }
  if (int_digits + frac_digits == 0)
    return std::nan("");
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    ++i;
    if (i < body.size() && (body[i] == '+' || body[i] == '-'))
      ++i;
    size_t exp_start = i;
    while (i < body.size() && body[i] >= '0' && body[i] <= '9')
      ++i;
    if (i == exp_start)
      return std::nan("");
  }
  if (i != body.size())
    return std::nan("");
  double v = std::strtod(std::string(body).c_str(), nullptr);
  return neg ? -v : v;
}

}  // namespace stepshift::jsonata::internal
