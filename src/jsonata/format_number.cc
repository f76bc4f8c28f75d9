// $formatNumber: XPath F&O 3.1 fn:format-number (sections 4.7.3-4.7.5) as jsonata-js implements
// it, quirks included (they decide results the reference suite checks).
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <string>

#include "jsonata/builtins.h"
#include "jsonata/number.h"
#include "jsonata/utf8.h"

namespace stepshift::jsonata::internal {

namespace {

using U32 = std::u32string;
constexpr size_t npos = U32::npos;

U32 Decode(std::string_view s) {
  U32 out;
  for (size_t i = 0; i < s.size();)
    out.push_back(NextCodePoint(s, &i));
  return out;
}

std::string Encode(const U32& s) {
  std::string out;
  for (char32_t c : s)
    AppendUtf8(c, &out);
  return out;
}

struct Properties {
  U32 decimal = U".";
  U32 grouping = U",";
  U32 exponent = U"e";
  U32 minus = U"-";
  U32 percent = U"%";
  U32 per_mille = U"\u2030";
  U32 zero = U"0";
  U32 digit = U"#";
  U32 pattern = U";";
  U32 family;  // the ten decimal digits starting at zero-digit

  bool IsDigit(char32_t c) const { return family.find(c) != npos; }

  // Whether c, as a one-character string, equals the property.
  static bool Is(char32_t c, const U32& prop) { return prop.size() == 1 && prop[0] == c; }

  bool IsActive(char32_t c) const {
    return IsDigit(c) || Is(c, decimal) || Is(c, exponent) || Is(c, grouping) || Is(c, digit) ||
           Is(c, pattern);
  }
};

Properties ReadProperties(const Value& options) {
  Properties p;
  if (options.is_object()) {
    std::map<std::string, U32*> fields = {{"decimal-separator", &p.decimal},
                                          {"grouping-separator", &p.grouping},
                                          {"exponent-separator", &p.exponent},
                                          {"minus-sign", &p.minus},
                                          {"percent", &p.percent},
                                          {"per-mille", &p.per_mille},
                                          {"zero-digit", &p.zero},
                                          {"digit", &p.digit},
                                          {"pattern-separator", &p.pattern}};
    for (const auto& e : options.obj().entries()) {
      auto it = fields.find(e.key);
      if (it != fields.end() && e.value.is_string())
        *it->second = Decode(e.value.str());
    }
  }
  char32_t zero = p.zero.empty() ? U'0' : p.zero[0];
  for (char32_t c = zero; c < zero + 10; ++c)
    p.family.push_back(c);
  return p;
}

struct Parts {
  U32 prefix, suffix, active, mantissa, integer, fractional, subpicture;
  bool has_exponent = false;
  U32 exponent;
};

size_t Count(const U32& s, const std::function<bool(char32_t)>& pred) {
  size_t n = 0;
  for (char32_t c : s)
    n += pred(c) ? 1 : 0;
  return n;
}

Parts SplitParts(const U32& sub, const Properties& p) {
  Parts parts;
  parts.subpicture = sub;
  auto active = [&p](char32_t c) { return p.IsActive(c) && !Properties::Is(c, p.exponent); };
  for (size_t i = 0; i < sub.size(); ++i) {
    if (active(sub[i])) {
      parts.prefix = sub.substr(0, i);
      break;
    }
  }
  for (size_t i = sub.size(); i-- > 0;) {
    if (active(sub[i])) {
      parts.suffix = sub.substr(i + 1);
      break;
    }
  }
  parts.active =
      sub.substr(parts.prefix.size(), sub.size() - parts.prefix.size() - parts.suffix.size());
  size_t exp = sub.find(p.exponent, parts.prefix.size());
  if (exp == npos || exp > sub.size() - parts.suffix.size()) {
    parts.mantissa = parts.active;
  } else {
    // The reference indexes the active part with an offset into the whole sub-picture.
    parts.mantissa = parts.active.substr(0, std::min(exp, parts.active.size()));
    parts.has_exponent = true;
    parts.exponent = exp + 1 <= parts.active.size() ? parts.active.substr(exp + 1) : U"";
  }
  size_t dp = parts.mantissa.find(p.decimal);
  if (dp == npos) {
    parts.integer = parts.mantissa;
    parts.fractional = parts.suffix;
  } else {
    parts.integer = parts.mantissa.substr(0, dp);
    parts.fractional = parts.mantissa.substr(dp + p.decimal.size());
  }
  return parts;
}

bool Once(const U32& s, const U32& sub) {
  return s.find(sub) == s.rfind(sub);
}

// F&O 4.7.3. As in the reference, the last failing rule decides the error code.
void Validate(const Parts& parts, const Properties& p) {
  const char* error = nullptr;
  const U32& sub = parts.subpicture;
  if (!Once(sub, p.decimal))
    error = "D3081";
  if (!Once(sub, p.percent))
    error = "D3082";
  if (!Once(sub, p.per_mille))
    error = "D3083";
  if (sub.find(p.percent) != npos && sub.find(p.per_mille) != npos)
    error = "D3084";
  bool valid = false;
  for (char32_t c : parts.mantissa)
    valid = valid || p.IsDigit(c) || Properties::Is(c, p.digit);
  if (!valid)
    error = "D3085";
  for (char32_t c : parts.active) {
    if (!p.IsActive(c))
      error = "D3086";
  }
  size_t dp = sub.find(p.decimal);
  auto at = [&sub](size_t i) { return i < sub.size() ? sub[i] : U'\0'; };
  if (dp != npos) {
    if ((dp > 0 && Properties::Is(at(dp - 1), p.grouping)) ||
        Properties::Is(at(dp + 1), p.grouping))
      error = "D3087";
  } else if (!parts.integer.empty() && Properties::Is(parts.integer.back(), p.grouping)) {
    error = "D3088";
  }
  if (sub.find(p.grouping + p.grouping) != npos)
    error = "D3089";
  size_t opt = parts.integer.find(p.digit);
  if (opt != npos &&
      Count(parts.integer.substr(0, opt), [&](char32_t c) { return p.IsDigit(c); }) > 0)
    error = "D3090";
  opt = parts.fractional.rfind(p.digit);
  if (opt != npos &&
      Count(parts.fractional.substr(opt), [&](char32_t c) { return p.IsDigit(c); }) > 0)
    error = "D3091";
  bool pct = sub.find(p.percent) != npos || sub.find(p.per_mille) != npos;
  if (parts.has_exponent && !parts.exponent.empty() && pct)
    error = "D3092";
  if (parts.has_exponent && (parts.exponent.empty() ||
                             Count(parts.exponent, [&](char32_t c) { return !p.IsDigit(c); }) > 0))
    error = "D3093";
  if (error != nullptr)
    Throw(Failure(error));
}

struct Picture {
  std::vector<int> integer_groups;
  int regular = 0;
  int min_integer = 0;
  int scaling = 0;
  U32 prefix, suffix, picture;
  std::vector<int> fractional_groups;
  int min_fraction = 0;
  int max_fraction = 0;
  int min_exponent = 0;
};

std::vector<int> GroupingPositions(const U32& part, bool to_left, const Parts& parts,
                                   const Properties& p) {
  std::vector<int> positions;
  size_t pos = part.find(p.grouping);
  while (pos != npos) {
    U32 side = to_left ? part.substr(0, pos) : part.substr(pos);
    positions.push_back(static_cast<int>(
        Count(side, [&](char32_t c) { return p.IsDigit(c) || Properties::Is(c, p.digit); })));
    // The reference searches the integer part here, also for the fractional part.
    pos = parts.integer.find(p.grouping, pos + 1);
  }
  return positions;
}

int Regular(const std::vector<int>& indexes) {
  if (indexes.empty())
    return 0;
  int factor = indexes[0];
  for (size_t i = 1; i < indexes.size(); ++i) {
    int a = factor;
    int b = indexes[i];
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    factor = a;
  }
  for (size_t index = 1; index <= indexes.size(); ++index) {
    if (std::find(indexes.begin(), indexes.end(), static_cast<int>(index) * factor) ==
        indexes.end())
      return 0;
  }
  return factor;
}

Picture Analyse(const Parts& parts, const Properties& p) {
  Picture pic;
  auto digit = [&](char32_t c) { return p.IsDigit(c); };
  auto digit_or_hash = [&](char32_t c) { return p.IsDigit(c) || Properties::Is(c, p.digit); };
  pic.integer_groups = GroupingPositions(parts.integer, false, parts, p);
  pic.regular = Regular(pic.integer_groups);
  pic.fractional_groups = GroupingPositions(parts.fractional, true, parts, p);
  pic.min_integer = static_cast<int>(Count(parts.integer, digit));
  pic.scaling = pic.min_integer;
  pic.min_fraction = static_cast<int>(Count(parts.fractional, digit));
  pic.max_fraction = static_cast<int>(Count(parts.fractional, digit_or_hash));
  if (pic.min_integer == 0 && pic.max_fraction == 0) {
    if (parts.has_exponent) {
      pic.min_fraction = 1;
      pic.max_fraction = 1;
    } else {
      pic.min_integer = 1;
    }
  }
  if (parts.has_exponent && pic.min_integer == 0 && parts.integer.find(p.digit) != npos)
    pic.min_integer = 1;
  if (pic.min_integer == 0 && pic.min_fraction == 0)
    pic.min_fraction = 1;
  if (parts.has_exponent)
    pic.min_exponent = static_cast<int>(Count(parts.exponent, digit));
  pic.prefix = parts.prefix;
  pic.suffix = parts.suffix;
  pic.picture = parts.subpicture;
  return pic;
}

U32 MakeString(double value, int dp, const Properties& p) {
  U32 s = Decode(JsToFixed(std::fabs(value), dp));
  if (p.zero != U"0") {
    for (char32_t& c : s) {
      if (c >= U'0' && c <= U'9')
        c = p.family[c - U'0'];
    }
  }
  return s;
}

void Insert(U32* s, int64_t at, const U32& what) {
  auto size = static_cast<int64_t>(s->size());
  at = at < 0 ? std::max<int64_t>(size + at, 0) : std::min(at, size);  // Array#slice
  s->insert(static_cast<size_t>(at), what);
}

U32 Format(double value, const Picture& pic, const Properties& p) {
  double adjusted = value;
  if (pic.picture.find(p.percent) != npos)
    adjusted = value * 100;
  else if (pic.picture.find(p.per_mille) != npos)
    adjusted = value * 1000;
  double mantissa = adjusted;
  bool has_exponent = pic.min_exponent != 0;
  double exponent = 0;
  if (has_exponent && mantissa != 0) {
    double max = std::pow(10, pic.scaling);
    double min = std::pow(10, pic.scaling - 1);
    while (std::fabs(mantissa) < min) {
      mantissa *= 10;
      exponent -= 1;
    }
    while (std::fabs(mantissa) > max) {
      mantissa /= 10;
      exponent += 1;
    }
  }
  double rounded = RoundHalfEven(mantissa, pic.max_fraction);
  U32 s = MakeString(rounded, pic.max_fraction, p);
  size_t point = s.find(U'.');
  if (point == npos)
    s += p.decimal;
  else
    s.replace(point, 1, p.decimal);
  char32_t zero = p.zero.empty() ? U'0' : p.zero[0];
  while (!s.empty() && s.front() == zero)
    s.erase(0, 1);
  while (!s.empty() && s.back() == zero)
    s.pop_back();
  auto dp = static_cast<int64_t>(s.find(p.decimal));
  int64_t pad_left = pic.min_integer - dp;
  int64_t pad_right = pic.min_fraction - (static_cast<int64_t>(s.size()) - dp - 1);
  if (pad_left > 0)
    s.insert(0, static_cast<size_t>(pad_left), zero);
  if (pad_right > 0)
    s.append(static_cast<size_t>(pad_right), zero);
  dp = static_cast<int64_t>(s.find(p.decimal));
  if (pic.regular > 0) {
    int64_t groups = (dp - 1) / pic.regular;
    for (int64_t g = 1; g <= groups; ++g)
      Insert(&s, dp - g * pic.regular, p.grouping);
  } else {
    for (int pos : pic.integer_groups) {
      Insert(&s, dp - pos, p.grouping);
      ++dp;
    }
  }
  dp = static_cast<int64_t>(s.find(p.decimal));
  for (int pos : pic.fractional_groups)
    Insert(&s, pos + dp + 1, p.grouping);
  dp = static_cast<int64_t>(s.find(p.decimal));
  if (pic.picture.find(p.decimal) == npos || dp == static_cast<int64_t>(s.size()) - 1)
    s.pop_back();
  if (has_exponent) {
    U32 e = MakeString(exponent, 0, p);
    int64_t pad = pic.min_exponent - static_cast<int64_t>(e.size());
    if (pad > 0)
      e.insert(0, static_cast<size_t>(pad), zero);
    s += p.exponent + (exponent < 0 ? p.minus : U"") + e;
  }
  return pic.prefix + s + pic.suffix;
}

}  // namespace

Value FnFormatNumber(Call&, Args& a) {
  const Value& value = Arg(a, 0);
  if (value.is_undefined())
    return Value();
  Properties p = ReadProperties(Arg(a, 2));
  U32 picture = Decode(Arg(a, 1).is_string() ? Arg(a, 1).str() : "");
  std::vector<U32> subs;
  for (size_t start = 0;;) {
    size_t at = p.pattern.empty() ? npos : picture.find(p.pattern, start);
    subs.push_back(picture.substr(start, at == npos ? npos : at - start));
    if (at == npos)
      break;
    start = at + p.pattern.size();
  }
  if (subs.size() > 2)
    Throw(Failure("D3080"));
  std::vector<Picture> pics;
  std::vector<Parts> parts;
  for (const U32& sub : subs)
    parts.push_back(SplitParts(sub, p));
  for (const Parts& part : parts)
    Validate(part, p);
  for (const Parts& part : parts)
    pics.push_back(Analyse(part, p));
  if (pics.size() == 1) {
    pics.push_back(pics[0]);
    pics[1].prefix = p.minus + pics[1].prefix;
  }
  double v = value.number();
  return Value::String(Encode(Format(v, v >= 0 ? pics[0] : pics[1], p)));
}

}  // namespace stepshift::jsonata::internal
