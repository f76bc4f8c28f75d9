// Integer pictures (XPath fn:format-integer as datetime.js implements it): analysis, formatting
// as decimal digits, letters, roman numerals or English words, and parsing back.
#include <algorithm>
#include <cmath>
#include <map>

#include "jsonata/datetime.h"
#include "jsonata/errors.h"
#include "jsonata/number.h"
#include "jsonata/utf8.h"

namespace stepshift::jsonata::internal {

namespace {

const char* const kFew[] = {"Zero",    "One",     "Two",       "Three",    "Four",
                            "Five",    "Six",     "Seven",     "Eight",    "Nine",
                            "Ten",     "Eleven",  "Twelve",    "Thirteen", "Fourteen",
                            "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"};
const char* const kOrdinals[] = {
    "Zeroth",     "First",     "Second",    "Third",       "Fourth",     "Fifth",     "Sixth",
    "Seventh",    "Eighth",    "Ninth",     "Tenth",       "Eleventh",   "Twelfth",   "Thirteenth",
    "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth"};
const char* const kDecades[] = {"Twenty",  "Thirty", "Forty",  "Fifty",  "Sixty",
                                "Seventy", "Eighty", "Ninety", "Hundred"};
const char* const kMagnitudes[] = {"Thousand", "Million", "Billion", "Trillion"};

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Words(double num, bool prev, bool ord) {
  std::string words;
  if (!std::isfinite(num))
    return words;  // the reference recurses without end on Infinity
  if (num <= 19) {
    int n = static_cast<int>(num);
    words = std::string(prev ? " and " : "") + (ord ? kOrdinals[n] : kFew[n]);
  } else if (num < 100) {
    int tens = static_cast<int>(std::floor(num / 10));
    double remainder = std::fmod(num, 10);
    words = std::string(prev ? " and " : "") + kDecades[tens - 2];
    if (remainder > 0)
      words += "-" + Words(remainder, false, ord);
    else if (ord)
      words = words.substr(0, words.size() - 1) + "ieth";
  } else if (num < 1000) {
    int hundreds = static_cast<int>(std::floor(num / 100));
    double remainder = std::fmod(num, 100);
    words = std::string(prev ? ", " : "") + kFew[hundreds] + " Hundred";
    if (remainder > 0)
      words += Words(remainder, true, ord);
    else if (ord)
      words += "th";
  } else {
    int mag = static_cast<int>(std::floor(std::log10(num) / 3));
    if (mag > 4)
      mag = 4;
    double factor = std::pow(10, mag * 3);
    double mant = std::floor(num / factor);
    double remainder = num - mant * factor;
    words = std::string(prev ? ", " : "") + Words(mant, false, false) + " " + kMagnitudes[mag - 1];
    if (remainder > 0)
      words += Words(remainder, true, ord);
    else if (ord)
      words += "th";
  }
  return words;
}

// The reference's wordValues object, in its insertion order (the order of the alternation in the
// parsing regex).
const std::vector<std::pair<std::string, double>>& WordValues() {
  static const auto* values = [] {
    auto* v = new std::vector<std::pair<std::string, double>>();
    auto add = [v](const std::string& w, double n) {
      for (auto& e : *v) {
        if (e.first == w) {
          e.second = n;
          return;
        }
      }
      v->emplace_back(w, n);
    };
    for (int i = 0; i < 20; ++i)
      add(Lower(kFew[i]), i);
    for (int i = 0; i < 20; ++i)
      add(Lower(kOrdinals[i]), i);
    for (int i = 0; i < 9; ++i) {
      std::string w = Lower(kDecades[i]);
      add(w, (i + 2) * 10);
      add(w.substr(0, w.size() - 1) + "ieth", (i + 2) * 10);
    }
    add("hundredth", 100);
    for (int i = 0; i < 4; ++i) {
      std::string w = Lower(kMagnitudes[i]);
      double n = std::pow(10, (i + 1) * 3);
      add(w, n);
      add(w + "th", n);
    }
    return v;
  }();
  return *values;
}

bool IsSpaceChar(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// text.split(/,\s|\sand\s|[\s\\-]/)
std::vector<std::string> SplitWords(const std::string& text) {
  std::vector<std::string> parts;
  std::string current;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == ',' && i + 1 < text.size() && IsSpaceChar(text[i + 1])) {
      parts.push_back(current);
      current.clear();
      i += 2;
    } else if (IsSpaceChar(text[i]) && text.compare(i + 1, 3, "and") == 0 && i + 4 < text.size() &&
               IsSpaceChar(text[i + 4])) {
      parts.push_back(current);
      current.clear();
      i += 5;
    } else if (IsSpaceChar(text[i]) || text[i] == '\\' || text[i] == '-') {
      parts.push_back(current);
      current.clear();
      ++i;
    } else {
      current.push_back(text[i++]);
    }
  }
  parts.push_back(current);
  return parts;
}

double WordsToNumber(const std::string& text) {
  std::vector<double> segs{0};
  for (const std::string& part : SplitWords(text)) {
    double value = std::nan("");
    for (const auto& [w, n] : WordValues()) {
      if (w == part)
        value = n;
    }
    if (value < 100) {
      double top = segs.back();
      segs.pop_back();
      if (top >= 1000) {
        segs.push_back(top);
        top = 0;
      }
      segs.push_back(top + value);
    } else {
      double top = segs.back();
      segs.pop_back();
      segs.push_back(top * value);
    }
  }
  double sum = 0;
  for (double s : segs)
    sum += s;
  return sum;
}

std::string DecimalToRoman(double value) {
  static const std::pair<int, const char*> kNumerals[] = {
      {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
      {40, "xl"},  {10, "x"},   {9, "ix"},  {5, "v"},    {4, "iv"},  {1, "i"}};
  std::string out;
  if (value > 1e8)
    ThrowWithValue("D2015", Value::Number(1e8));  // a string of a hundred thousand m's at least
  for (const auto& [n, s] : kNumerals) {
    while (value >= n) {
      out += s;
      value -= n;
    }
  }
  return out;
}

double RomanToDecimal(const std::string& roman) {
  static const std::map<char, int> kValues = {{'M', 1000}, {'D', 500}, {'C', 100}, {'L', 50},
                                              {'X', 10},   {'V', 5},   {'I', 1}};
  double decimal = 0;
  double max = 1;
  for (size_t i = roman.size(); i-- > 0;) {
    auto it = kValues.find(roman[i]);
    double value = it == kValues.end() ? std::nan("") : it->second;
    if (value < max) {
      decimal -= value;
    } else {
      max = value;
      decimal += value;
    }
  }
  return decimal;
}

std::string DecimalToLetters(double value, char a) {
  std::string letters;
  while (value > 0) {
    letters.insert(letters.begin(), static_cast<char>(std::fmod(value - 1, 26) + a));
    value = std::floor((value - 1) / 26);
  }
  return letters;
}

double LettersToDecimal(const std::string& letters, char a) {
  double decimal = 0;
  for (size_t i = 0; i < letters.size(); ++i) {
    decimal += (static_cast<unsigned char>(letters[letters.size() - i - 1]) - a + 1) *
               std::pow(26, static_cast<double>(i));
  }
  return decimal;
}

constexpr uint32_t kDecimalGroups[] = {
    0x30,   0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6,
    0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0,
    0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620,
    0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10};

std::u32string Decode(const std::string& s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();)
    out.push_back(NextCodePoint(s, &i));
  return out;
}

std::string Encode(const std::u32string& s) {
  std::string out;
  for (char32_t c : s)
    AppendUtf8(c, &out);
  return out;
}

// Are the grouping separators regular (same character, evenly spaced)? The spacing, or 0.
int RegularRepeat(const std::vector<IntegerPicture::Separator>& seps) {
  if (seps.empty())
    return 0;
  for (const auto& s : seps) {
    if (s.character != seps[0].character)
      return 0;
  }
  int factor = seps[0].position;
  for (size_t i = 1; i < seps.size(); ++i) {
    int a = factor;
    int b = seps[i].position;
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    factor = a;
  }
  for (size_t index = 1; index <= seps.size(); ++index) {
    bool found = false;
    for (const auto& s : seps)
      found = found || s.position == static_cast<int>(index) * factor;
    if (!found)
      return 0;
  }
  return factor;
}

void AnalyseDecimal(const std::string& primary, IntegerPicture* format) {
  std::optional<uint32_t> zero;
  int separator_position = 0;
  std::u32string cps = Decode(primary);
  for (auto it = cps.rbegin(); it != cps.rend(); ++it) {
    uint32_t cp = *it;
    bool digit = false;
    for (uint32_t group : kDecimalGroups) {
      if (cp >= group && cp <= group + 9) {
        digit = true;
        ++format->mandatory_digits;
        ++separator_position;
        if (!zero)
          zero = group;
        else if (*zero != group)
          Throw(Failure("D3131"));
        break;
      }
    }
    if (digit)
      continue;
    if (cp == '#') {
      ++separator_position;
      ++format->optional_digits;
    } else {
      format->separators.push_back({separator_position, cp});
    }
  }
  if (format->mandatory_digits == 0) {
    format->primary = IntegerPicture::Primary::kSequence;
    format->token = primary;
    return;
  }
  format->primary = IntegerPicture::Primary::kDecimal;
  format->zero_code = *zero;
  int regular = RegularRepeat(format->separators);
  if (regular > 0) {
    format->regular = true;
    format->regular_separator = {regular, format->separators[0].character};
  }
}

std::string FormatDecimal(double value, IntegerPicture& format) {
  std::u32string digits;
  for (char c : JsNumberToString(value))
    digits.push_back(static_cast<unsigned char>(c));
  int pad = format.mandatory_digits - static_cast<int>(digits.size());
  if (pad > 0)
    digits.insert(0, static_cast<size_t>(pad), U'0');
  if (format.zero_code != 0x30) {
    for (char32_t& c : digits)
      c = c + format.zero_code - 0x30;
  }
  if (format.regular) {
    int pos = format.regular_separator.position;
    int n = (static_cast<int>(digits.size()) - 1) / pos;
    for (int ii = n; ii > 0; --ii) {
      size_t at = digits.size() - static_cast<size_t>(ii * pos);
      digits.insert(at, 1, format.regular_separator.character);
    }
  } else {
    // JavaScript's substr semantics, including what they do to separators placed beyond the
    // digits (the reference's output drops digits then; "#:###,##0" gives ",5" for 12345).
    std::reverse(format.separators.begin(), format.separators.end());
    for (const auto& sep : format.separators) {
      auto size = static_cast<int64_t>(digits.size());
      int64_t pos = size - sep.position;
      std::u32string prefix = pos > 0 ? digits.substr(0, static_cast<size_t>(pos)) : U"";
      int64_t from = pos >= 0 ? pos : std::max<int64_t>(size + pos, 0);
      digits = prefix + std::u32string(1, sep.character) + digits.substr(static_cast<size_t>(from));
    }
  }
  std::string out = Encode(digits);
  if (format.ordinal) {
    char last = digits.empty() ? '\0' : static_cast<char>(digits.back());
    bool teen = digits.size() > 1 && digits[digits.size() - 2] == U'1';
    const char* suffix = last == '1' ? "st" : last == '2' ? "nd" : last == '3' ? "rd" : "th";
    out += teen ? "th" : suffix;
  }
  return out;
}

}  // namespace

IntegerPicture AnalyseIntegerPicture(const std::string& picture) {
  IntegerPicture format;
  std::string primary = picture;
  size_t semicolon = picture.rfind(';');
  if (semicolon != std::string::npos) {
    primary = picture.substr(0, semicolon);
    format.ordinal = picture.size() > semicolon + 1 && picture[semicolon + 1] == 'o';
  }
  using P = IntegerPicture::Primary;
  using C = IntegerPicture::Case;
  if (primary == "A" || primary == "a") {
    format.primary = P::kLetters;
    format.letter_case = primary == "A" ? C::kUpper : C::kLower;
  } else if (primary == "I" || primary == "i") {
    format.primary = P::kRoman;
    format.letter_case = primary == "I" ? C::kUpper : C::kLower;
  } else if (primary == "W" || primary == "Ww" || primary == "w") {
    format.primary = P::kWords;
    format.letter_case = primary == "W" ? C::kUpper : primary == "Ww" ? C::kTitle : C::kLower;
  } else {
    AnalyseDecimal(primary, &format);
  }
  return format;
}

std::string FormatIntegerWith(double value, IntegerPicture format) {
  bool negative = value < 0;
  value = std::fabs(value);
  std::string out;
  switch (format.primary) {
    case IntegerPicture::Primary::kLetters:
      out = DecimalToLetters(value, format.letter_case == IntegerPicture::Case::kUpper ? 'A' : 'a');
      break;
    case IntegerPicture::Primary::kRoman:
      out = DecimalToRoman(value);
      if (format.letter_case == IntegerPicture::Case::kUpper)
        out = ToUpper(out);
      break;
    case IntegerPicture::Primary::kWords:
      out = Words(value, false, format.ordinal);
      if (format.letter_case == IntegerPicture::Case::kUpper)
        out = ToUpper(out);
      else if (format.letter_case == IntegerPicture::Case::kLower)
        out = ToLower(out);
      break;
    case IntegerPicture::Primary::kDecimal:
      out = FormatDecimal(value, format);
      break;
    case IntegerPicture::Primary::kSequence:
      ThrowWithValue("D3130", Value::String(format.token));
  }
  return negative ? "-" + out : out;
}

double ParseIntegerWith(const std::string& text, const IntegerPicture& format) {
  bool upper = format.letter_case == IntegerPicture::Case::kUpper;
  switch (format.primary) {
    case IntegerPicture::Primary::kLetters:
      return LettersToDecimal(text, upper ? 'A' : 'a');
    case IntegerPicture::Primary::kRoman:
      return RomanToDecimal(upper ? text : ToUpper(text));
    case IntegerPicture::Primary::kWords:
      return WordsToNumber(ToLower(text));
    case IntegerPicture::Primary::kSequence:
      ThrowWithValue("D3130", Value::String(format.token));
    case IntegerPicture::Primary::kDecimal:
      break;
  }
  std::u32string digits = Decode(text);
  if (format.ordinal && digits.size() >= 2)
    digits.resize(digits.size() - 2);
  std::u32string stripped;
  for (char32_t c : digits) {
    bool separator = false;
    if (format.regular) {
      separator = c == U',';  // the reference strips commas whatever the separator is
    } else {
      for (const auto& sep : format.separators)
        separator = separator || c == sep.character;
    }
    if (!separator)
      stripped.push_back(format.zero_code != 0x30 ? c - format.zero_code + 0x30 : c);
  }
  return JsParseInt(Encode(stripped));
}

std::string IntegerRegex(const IntegerPicture& format) {
  bool upper = format.letter_case == IntegerPicture::Case::kUpper;
  switch (format.primary) {
    case IntegerPicture::Primary::kLetters:
      return upper ? "[A-Z]+" : "[a-z]+";
    case IntegerPicture::Primary::kRoman:
      return upper ? "[MDCLXVI]+" : "[mdclxvi]+";
    case IntegerPicture::Primary::kWords: {
      std::string re = "(?:";
      for (const auto& [w, n] : WordValues())
        re += w + "|";
      return re + "and|[\\-, ])+";
    }
    case IntegerPicture::Primary::kSequence:
      ThrowWithValue("D3130", Value::String(format.token));
    case IntegerPicture::Primary::kDecimal:
      break;
  }
  std::string re = "[0-9]";
  re += format.parse_width > 0 ? "{" + std::to_string(format.parse_width) + "}" : "+";
  if (format.ordinal)
    re += "(?:th|st|nd|rd)";
  return re;
}

}  // namespace stepshift::jsonata::internal
