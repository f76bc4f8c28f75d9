// $toMillis: parsing timestamps with a date/time picture (datetime.js parseDateTime) and without
// one (the ISO 8601 forms of Date.parse).
#include <cmath>
#include <functional>
#include <map>

#include "jsonata/datetime.h"
#include "jsonata/datetime_internal.h"
#include "jsonata/errors.h"
#include "jsonata/number.h"
#include "jsonata/regex.h"
#include "jsonata/utf8.h"

namespace stepshift::jsonata::internal {

namespace {

using datetime::DateUtc;
using datetime::Marker;

// How one captured part turns into a component value; nullopt reads as undefined.
struct PartParser {
  char component = 0;
  std::string regex;
  std::function<std::optional<double>(const std::string&)> parse;
};

std::string EscapeRegex(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::string_view(".*+?^${}()|[]\\").find(c) != std::string_view::npos)
      out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

PartParser TimezoneParser(const Marker& m) {
  PartParser p;
  p.component = m.component;
  std::optional<uint32_t> separator;
  if (m.integer->regular)
    separator = m.integer->regular_separator.character;
  std::string sep;
  if (separator)
    AppendUtf8(*separator, &sep);
  p.regex = std::string(m.component == 'z' ? "GMT" : "") + "[-+][0-9]+" +
            (separator ? sep + "[0-9]+" : "");
  bool gmt = m.component == 'z';
  p.parse = [gmt, sep](const std::string& text) -> std::optional<double> {
    std::string value = gmt ? text.substr(3) : text;
    double hours = 0;
    double minutes = 0;
    if (!sep.empty()) {
      size_t at = value.find(sep);
      hours = JsParseInt(value.substr(0, at));
      minutes = JsParseInt(at == std::string::npos ? "" : value.substr(at + sep.size()));
    } else if (value.size() - 1 <= 2) {
      hours = JsParseInt(value);
    } else {
      hours = JsParseInt(value.substr(0, 3));
      minutes = JsParseInt(value.substr(3));
    }
    return hours * 60 + minutes;
  };
  return p;
}

PartParser NameParser(const Marker& m) {
  PartParser p;
  p.regex = "[a-zA-Z]+";
  std::map<std::string, double> lookup;
  auto key = [&m](const std::string& name) {
    return m.width_max && *m.width_max > 0 ? name.substr(0, *m.width_max) : name;
  };
  if (m.component == 'M' || m.component == 'x') {
    for (int i = 0; i < 12; ++i)
      lookup[key(datetime::kMonths[i])] = i + 1;
  } else if (m.component == 'F') {
    for (int i = 1; i < 8; ++i)
      lookup[key(datetime::kDays[i])] = i;
  } else if (m.component == 'P') {
    lookup = {{"am", 0}, {"AM", 0}, {"pm", 1}, {"PM", 1}};
  } else {
    ThrowWithValue("D3133", Value::String(std::string(1, m.component)));
  }
  p.parse = [lookup](const std::string& text) -> std::optional<double> {
    auto it = lookup.find(text);
    if (it == lookup.end())
      return std::nullopt;
    return it->second;
  };
  return p;
}

PartParser MarkerParser(const Marker& m) {
  if (m.component == 'Z' || m.component == 'z')
    return TimezoneParser(m);
  PartParser p;
  if (m.component == 'f') {
    p.regex = "[0-9]+";
    p.parse = [](const std::string& text) -> std::optional<double> {
      return JsStringToNumber("0." + text.substr(0, 3)) * 1000;
    };
  } else if (m.integer) {
    p.regex = IntegerRegex(*m.integer);
    IntegerPicture format = *m.integer;
    p.parse = [format](const std::string& text) -> std::optional<double> {
      return ParseIntegerWith(text, format);
    };
  } else {
    p = NameParser(m);
  }
  p.component = m.component;
  return p;
}

// JavaScript truthiness of a component value (what the reference's bit masks test).
bool Truthy(const std::optional<double>& v) {
  return v && *v != 0 && !std::isnan(*v);
}

// Fills the components the picture leaves out: the most significant ones from `now`, the least
// significant with zero (one for month and day). A gap between given ones is D3136.
void DefaultComponents(const std::string& comps, const datetime::Fields& now,
                       std::map<char, std::optional<double>>* components) {
  bool start_specified = false;
  bool end_specified = false;
  for (char part : comps) {
    auto& v = (*components)[part];
    if (!v) {
      if (start_specified) {
        v = std::string("MDd").find(part) != std::string::npos ? 1 : 0;
        end_specified = true;
      } else {
        Value frag = datetime::Fragment(now, part);
        v = frag.is_number() ? std::optional<double>(frag.number()) : std::optional<double>(-1);
      }
    } else {
      start_specified = true;
      if (end_specified)
        Throw(Failure("D3136"));
    }
  }
}

}  // namespace

std::optional<double> ParseDateTime(const std::string& text, const std::string& picture,
                                    int64_t now_millis) {
  std::vector<Marker> spec = datetime::AnalyseDateTimePicture(picture);
  std::vector<PartParser> parts;
  std::string full = "^";
  for (const Marker& m : spec) {
    PartParser p;
    if (m.literal)
      p.regex = EscapeRegex(m.value);
    else
      p = MarkerParser(m);
    full += "(" + p.regex + ")";
    parts.push_back(std::move(p));
  }
  full += "$";
  std::string error;
  auto regex = Regex::Compile(full, "i", &error);
  Regex::Match match;
  if (regex == nullptr || !regex->Search(text, 0, &match))
    return std::nullopt;
  std::map<char, std::optional<double>> components;
  bool any = false;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (!parts[i].parse)
      continue;
    any = true;
    components[parts[i].component] = parts[i].parse(match.unset[i] ? "" : match.groups[i]);
  }
  if (!any)
    return std::nullopt;
  auto mask_of = [&](const std::string& order) {
    int mask = 0;
    for (char c : order)
      mask = (mask << 1) + (Truthy(components[c]) ? 1 : 0);
    return mask;
  };
  auto is_type = [](int type, int mask) { return !(~type & mask) && (type & mask) != 0; };
  int mask = mask_of("YXMxWwdD");
  bool date_a = is_type(161, mask);
  bool date_b = !date_a && is_type(130, mask);
  bool date_c = is_type(84, mask);
  bool date_d = !date_c && is_type(72, mask);
  mask = mask_of("PHhmsf");
  bool time_a = is_type(23, mask);
  bool time_b = !time_a && is_type(47, mask);
  std::string comps = std::string(date_b   ? "YD"
                                  : date_c ? "XxwF"
                                  : date_d ? "XWF"
                                           : "YMD") +
                      (time_b ? "Phmsf" : "Hmsf");
  DefaultComponents(comps, datetime::FromMillis(static_cast<double>(now_millis)), &components);
  auto get = [&](char c) { return components[c].value_or(std::nan("")); };
  double month = get('M') > 0 ? get('M') - 1 : 0;
  double day = get('D');
  if (date_b) {
    double first = DateUtc(get('Y'), 0);
    datetime::Fields derived = datetime::FromMillis(first + (get('d') - 1) * datetime::kMsPerDay);
    month = derived.month;
    day = derived.day;
  }
  if (date_c || date_d)
    Throw(Failure("D3136"));
  double hours = get('H');
  if (time_b) {
    hours = get('h') == 12 ? 0 : get('h');
    if (get('P') == 1)
      hours += 12;
  }
  double millis = DateUtc(get('Y'), month, day, hours, get('m'), get('s'), get('f'));
  double zone = Truthy(components['Z']) ? get('Z') : Truthy(components['z']) ? get('z') : 0;
  return millis - zone * 60 * 1000;
}

double ParseIso8601(const std::string& text) {
  static const std::shared_ptr<const Regex> kIso = [] {
    std::string error;
    return Regex::Compile(
        "^(\\d{4})(-([01]\\d))?(-([0-3]\\d))?(T([0-2]\\d):([0-5]\\d):([0-5]\\d))?(\\.(\\d+))?"
        "(([+-])([0-2]\\d):?([0-5]\\d)|Z)?$",
        "", &error);
  }();
  Regex::Match m;
  if (!kIso->Search(text, 0, &m))
    ThrowWithValue("D3110", Value::String(text));
  auto group = [&m](size_t i) { return m.unset[i - 1] ? std::string() : m.groups[i - 1]; };
  auto num = [&](size_t i, double otherwise) {
    return group(i).empty() ? otherwise : std::strtod(group(i).c_str(), nullptr);
  };
  double year = num(1, 0);
  double month = num(3, 1);
  double day = num(5, 1);
  bool time = !group(6).empty();
  double hour = num(7, 0);
  double minute = num(8, 0);
  double second = num(9, 0);
  std::string fraction = group(11);
  double ms = fraction.empty() ? 0 : std::strtod((fraction + "00").substr(0, 3).c_str(), nullptr);
  // What V8's Date.parse accepts: months 1-12, days 1-31 (overflowing into the next month),
  // 24:00:00 as the end of the day, zone hours below 24, fractions only after a time.
  if (month < 1 || month > 12 || day < 1 || day > 31 || (!fraction.empty() && !time))
    return std::nan("");
  if (hour > 24 || (hour == 24 && (minute != 0 || second != 0 || ms != 0)))
    return std::nan("");
  double t = DateUtc(year, month - 1, day, hour, minute, second, ms, true);
  if (!group(13).empty()) {
    double zh = num(14, 0);
    double zm = num(15, 0);
    if (zh > 23)
      return std::nan("");
    double offset = (zh * 60 + zm) * 60000;
    t += group(13) == "+" ? -offset : offset;
  }
  return t;
}

}  // namespace stepshift::jsonata::internal
