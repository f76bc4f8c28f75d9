// XPath F&O 3.1 pictures as jsonata-js implements them (datetime.js): integer pictures for
// $formatInteger/$parseInteger (decimal digit patterns, roman numerals, letters, English words)
// and date/time pictures for $fromMillis/$toMillis. Errors are thrown as Failure D3130-D3136.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stepshift::jsonata::internal {

struct IntegerPicture {
  enum class Primary { kDecimal, kLetters, kRoman, kWords, kSequence };
  enum class Case { kUpper, kLower, kTitle };

  struct Separator {
    int position = 0;
    uint32_t character = 0;
  };

  Primary primary = Primary::kDecimal;
  Case letter_case = Case::kLower;
  bool ordinal = false;
  uint32_t zero_code = 0x30;
  int mandatory_digits = 0;
  int optional_digits = 0;
  bool regular = false;
  Separator regular_separator;        // when regular
  std::vector<Separator> separators;  // when not
  std::string token;                  // kSequence: the unsupported picture
  int parse_width = 0;                // 0: any number of digits when parsing
};

IntegerPicture AnalyseIntegerPicture(const std::string& picture);
std::string FormatIntegerWith(double value, IntegerPicture format);
// $parseInteger's conversion of `text` with the picture; NaN when nothing parses.
double ParseIntegerWith(const std::string& text, const IntegerPicture& format);
// The regular expression matching an integer written with the picture (used by $toMillis).
std::string IntegerRegex(const IntegerPicture& format);

// $fromMillis: `picture` defaults to ISO 8601, `timezone` ("+hhmm") to UTC.
std::string FormatDateTime(double millis, const std::optional<std::string>& picture,
                           const std::optional<std::string>& timezone);
// $toMillis with a picture: the instant, or nullopt when the text does not match (undefined).
// `now_millis` fills the components the picture leaves out, as the reference does.
std::optional<double> ParseDateTime(const std::string& text, const std::string& picture,
                                    int64_t now_millis);
// Date.parse for the ISO 8601 forms $toMillis accepts without a picture; NaN when invalid.
// Throws D3110 when the text is not ISO 8601 at all.
double ParseIso8601(const std::string& text);

}  // namespace stepshift::jsonata::internal
