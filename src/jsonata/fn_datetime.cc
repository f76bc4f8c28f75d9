// $now $millis $fromMillis $toMillis $formatInteger $parseInteger.
#include <cmath>

#include "jsonata/builtins.h"
#include "jsonata/datetime.h"

namespace stepshift::jsonata::internal {

namespace {

std::optional<std::string> OptionalString(const Value& v) {
  if (v.is_string())
    return v.str();
  return std::nullopt;
}

}  // namespace

Value FnNow(Call& c, Args& a) {
  return Value::String(FormatDateTime(static_cast<double>(c.ev.now_millis()),
                                      OptionalString(Arg(a, 0)), OptionalString(Arg(a, 1))));
}

Value FnMillis(Call& c, Args&) {
  return Value::Number(static_cast<double>(c.ev.now_millis()));
}

Value FnFromMillis(Call&, Args& a) {
  const Value& millis = Arg(a, 0);
  if (millis.is_undefined())
    return Value();
  return Value::String(
      FormatDateTime(millis.number(), OptionalString(Arg(a, 1)), OptionalString(Arg(a, 2))));
}

Value FnToMillis(Call& c, Args& a) {
  const Value& timestamp = Arg(a, 0);
  if (timestamp.is_undefined())
    return Value();
  if (!Arg(a, 1).is_string())
    return Value::Number(ParseIso8601(timestamp.str()));
  std::optional<double> millis = ParseDateTime(timestamp.str(), Arg(a, 1).str(), c.ev.now_millis());
  return millis ? Value::Number(*millis) : Value();
}

Value FnFormatInteger(Call&, Args& a) {
  const Value& value = Arg(a, 0);
  if (value.is_undefined())
    return Value();
  std::string picture = Arg(a, 1).is_string() ? Arg(a, 1).str() : "";
  return Value::String(
      FormatIntegerWith(std::floor(value.number()), AnalyseIntegerPicture(picture)));
}

Value FnParseInteger(Call&, Args& a) {
  const Value& value = Arg(a, 0);
  if (value.is_undefined())
    return Value();
  std::string picture = Arg(a, 1).is_string() ? Arg(a, 1).str() : "";
  return Value::Number(ParseIntegerWith(value.str(), AnalyseIntegerPicture(picture)));
}

}  // namespace stepshift::jsonata::internal
