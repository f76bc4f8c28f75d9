// JavaScript's number conversions, which JSONata's results depend on byte for byte: Number's
// toString, toPrecision(15) (how $string rounds), toFixed (how $formatNumber rounds),
// toString(radix), and parseFloat. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stepshift::jsonata::internal {

// Number.prototype.toString(): shortest round-trip digits, "1e+21", "1e-7", "NaN", "Infinity".
std::string JsNumberToString(double d);
// Number(d.toPrecision(15)): d rounded to 15 significant digits, ties away from zero as
// JavaScript rounds them.
double RoundToPrecision15(double d);
// Number.prototype.toFixed(digits), with JavaScript's exact-decimal rounding.
std::string JsToFixed(double d, int digits);
// Number.prototype.toString(radix) for an integral d.
std::string JsIntegerToRadix(double d, int radix);
// The JSON number grammar (JSON.parse); nullopt when `text` is not exactly one JSON number.
std::optional<double> ParseJsonNumber(std::string_view text);
// JavaScript's parseInt(text, 10): leading whitespace, sign and digits; NaN when none.
double JsParseInt(std::string_view text);
bool IsInteger(double d);
// JavaScript's Number(string): decimal literals with optional sign, exponent and surrounding
// whitespace, 0x/0o/0b integers, "Infinity"; NaN for anything else; 0 for "".
double JsStringToNumber(std::string_view text);

}  // namespace stepshift::jsonata::internal
