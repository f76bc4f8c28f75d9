// Date/time pictures (XPath fn:format-dateTime as datetime.js implements it), JavaScript's
// Date.UTC arithmetic and the ISO 8601 forms Date.parse accepts.
#include "jsonata/datetime.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "jsonata/datetime_internal.h"
#include "jsonata/errors.h"
#include "jsonata/number.h"
#include "jsonata/regex.h"
#include "jsonata/utf8.h"

namespace stepshift::jsonata::internal {

namespace datetime {

const char* const kDays[] = {"",         "Monday", "Tuesday",  "Wednesday",
                             "Thursday", "Friday", "Saturday", "Sunday"};
const char* const kMonths[] = {"January",   "February", "March",    "April",
                               "May",       "June",     "July",     "August",
                               "September", "October",  "November", "December"};

// Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Fields FromMillis(double t) {
  Fields f;
  f.time = t;
  auto days = static_cast<int64_t>(std::floor(t / kMsPerDay));
  auto in_day = static_cast<int64_t>(t - static_cast<double>(days) * kMsPerDay);
  f.hours = static_cast<int>(in_day / 3600000);
  f.minutes = static_cast<int>(in_day / 60000 % 60);
  f.seconds = static_cast<int>(in_day / 1000 % 60);
  f.ms = static_cast<int>(in_day % 1000);
  f.weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  // civil_from_days
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  f.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int64_t month = mp < 10 ? mp + 3 : mp - 9;
  f.year = static_cast<double>(yoe + era * 400 + (month <= 2));
  f.month = static_cast<int>(month - 1);
  return f;
}

double DateUtc(double year, double month, double day, double h, double m, double s, double ms,
               bool exact_year) {
  for (double v : {year, month, day, h, m, s, ms}) {
    if (!std::isfinite(v))
      return std::nan("");
  }
  year = std::trunc(year);
  if (year >= 0 && year <= 99 && !exact_year)
    year += 1900;
  month = std::trunc(month);
  double ym = year + std::floor(month / 12);
  double mn = month - std::floor(month / 12) * 12;
  if (std::fabs(ym) > 400000)
    return std::nan("");
  double days = static_cast<double>(
                    DaysFromCivil(static_cast<int64_t>(ym), static_cast<int64_t>(mn) + 1, 1)) +
                std::trunc(day) - 1;
  double time =
      std::trunc(h) * 3600000 + std::trunc(m) * 60000 + std::trunc(s) * 1000 + std::trunc(ms);
  double t = days * kMsPerDay + time;
  return std::fabs(t) > 8.64e15 ? std::nan("") : t;
}

// ISO 8601: the week containing the first Thursday is week 1; weeks start on Monday. The same
// rule gives the first week of a month.
double StartOfFirstWeek(double year, int month) {
  double jan1 = DateUtc(year, month);
  int day = FromMillis(jan1).weekday;
  if (day == 0)
    day = 7;
  return day > 4 ? jan1 + (8 - day) * kMsPerDay : jan1 - (day - 1) * kMsPerDay;
}

double DeltaWeeks(double start, double end) {
  return (end - start) / (kMsPerDay * 7) + 1;
}

Value Fragment(const Fields& date, char component) {
  auto num = [](double v) { return Value::Number(v); };
  switch (component) {
    case 'Y':
      return num(date.year);
    case 'M':
      return num(date.month + 1);
    case 'D':
      return num(date.day);
    case 'd': {
      double today = DateUtc(date.year, date.month, date.day);
      double first = DateUtc(date.year, 0);
      return num((today - first) / kMsPerDay + 1);
    }
    case 'F':
      return num(date.weekday == 0 ? 7 : date.weekday);
    case 'W': {
      double start = StartOfFirstWeek(date.year, 0);
      double today = DateUtc(date.year, date.month, date.day);
      double week = DeltaWeeks(start, today);
      if (week > 52) {
        if (today >= StartOfFirstWeek(date.year + 1, 0))
          week = 1;
      } else if (week < 1) {
        week = DeltaWeeks(StartOfFirstWeek(date.year - 1, 0), today);
      }
      return num(std::floor(week));
    }
    case 'w': {
      double start = StartOfFirstWeek(date.year, date.month);
      double today = DateUtc(date.year, date.month, date.day);
      double week = DeltaWeeks(start, today);
      int next_month = date.month == 11 ? 0 : date.month + 1;
      double next_year = date.month == 11 ? date.year + 1 : date.year;
      if (week > 4) {
        if (today >= StartOfFirstWeek(next_year, next_month))
          week = 1;
      } else if (week < 1) {
        int prev_month = date.month == 0 ? 11 : date.month - 1;
        double prev_year = date.month == 0 ? date.year - 1 : date.year;
        week = DeltaWeeks(StartOfFirstWeek(prev_year, prev_month), today);
      }
      return num(std::floor(week));
    }
    case 'X': {
      double start = StartOfFirstWeek(date.year, 0);
      double end = StartOfFirstWeek(date.year + 1, 0);
      if (date.time < start)
        return num(date.year - 1);
      if (date.time >= end)
        return num(date.year + 1);
      return num(date.year);
    }
    case 'x': {
      double start = StartOfFirstWeek(date.year, date.month);
      int next_month = date.month == 11 ? 0 : date.month + 1;
      double next_year = date.month == 11 ? date.year + 1 : date.year;
      double end = StartOfFirstWeek(next_year, next_month);
      if (date.time < start)
        return num(date.month == 0 ? 12 : date.month);
      if (date.time >= end)
        return num(next_month + 1);
      return num(date.month + 1);
    }
    case 'H':
      return num(date.hours);
    case 'h':
      return num(date.hours % 12 == 0 ? 12 : date.hours % 12);
    case 'P':
      return Value::String(date.hours >= 12 ? "pm" : "am");
    case 'm':
      return num(date.minutes);
    case 's':
      return num(date.seconds);
    case 'f':
      return num(date.ms);
    case 'C':
    case 'E':
      return Value::String("ISO");
    default:
      return Value();
  }
}

std::optional<int> ParseWidth(const std::string& w) {
  if (w.empty() || w == "*")
    return std::nullopt;
  double v = JsParseInt(w);
  if (std::isnan(v))
    return std::nullopt;
  // Bounded: a width of billions would have JavaScript build (or refuse) a string that long.
  return static_cast<int>(std::clamp(v, -1e6, 1e6));
}

const char* DefaultPresentation(char component) {
  switch (component) {
    case 'Y':
    case 'M':
    case 'D':
    case 'd':
    case 'W':
    case 'w':
    case 'X':
    case 'x':
    case 'H':
    case 'h':
    case 'f':
      return "1";
    case 'F':
    case 'P':
    case 'C':
    case 'E':
      return "n";
    case 'm':
    case 's':
      return "01";
    case 'Z':
    case 'z':
      return "01:01";
    default:
      return nullptr;
  }
}

void AnalyseMarker(std::string marker, std::vector<Marker>* spec) {
  std::string compact;
  for (char c : marker) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f')
      compact.push_back(c);
  }
  marker = compact;
  Marker def;
  def.component = marker.empty() ? '\0' : marker[0];
  size_t comma = marker.rfind(',');
  std::string pres;
  if (comma != std::string::npos) {
    std::string width = marker.substr(comma + 1);
    size_t dash = width.find('-');
    def.has_width = true;
    def.width_min = ParseWidth(dash == std::string::npos ? width : width.substr(0, dash));
    if (dash != std::string::npos)
      def.width_max = ParseWidth(width.substr(dash + 1));
    pres = marker.substr(1, comma - 1);
  } else {
    pres = marker.size() > 1 ? marker.substr(1) : "";
  }
  if (pres.size() == 1) {
    def.presentation1 = pres;
  } else if (pres.size() > 1) {
    char last = pres.back();
    if (std::string("atco").find(last) != std::string::npos) {
      def.presentation2 = std::string(1, last);
      def.presentation1 = pres.substr(0, pres.size() - 1);
    } else {
      def.presentation1 = pres;
    }
  } else {
    const char* d = DefaultPresentation(def.component);
    if (d == nullptr)
      ThrowWithValue("D3132", Value::String(std::string(1, def.component)));
    def.presentation1 = d;
  }
  if (def.presentation1[0] == 'n') {
    def.names = Marker::Names::kLower;
  } else if (def.presentation1[0] == 'N') {
    def.names = def.presentation1.size() > 1 && def.presentation1[1] == 'n' ? Marker::Names::kTitle
                                                                            : Marker::Names::kUpper;
  } else if (std::string("YMDdFWwXxHhmsf").find(def.component) != std::string::npos &&
             def.component != '\0') {
    std::string pattern = def.presentation1;
    if (!def.presentation2.empty())
      pattern += ";" + def.presentation2;
    def.integer = AnalyseIntegerPicture(pattern);
    if (def.width_min && def.integer->mandatory_digits < *def.width_min)
      def.integer->mandatory_digits = *def.width_min;
    if (def.component == 'Y') {
      if (def.width_max) {
        def.n = *def.width_max;
        def.integer->mandatory_digits = def.n;
      } else {
        int w = def.integer->mandatory_digits + def.integer->optional_digits;
        if (w >= 2)
          def.n = w;
      }
    }
    if (!spec->empty() && spec->back().integer)
      spec->back().integer->parse_width = spec->back().integer->mandatory_digits;
  }
  if (def.component == 'Z' || def.component == 'z')
    def.integer = AnalyseIntegerPicture(def.presentation1);
  spec->push_back(std::move(def));
}

std::vector<Marker> AnalyseDateTimePicture(const std::string& picture) {
  std::vector<Marker> spec;
  auto add_literal = [&](size_t start, size_t end) {
    if (end <= start)
      return;
    std::string literal = picture.substr(start, end - start);
    std::string unescaped;
    for (size_t i = 0; i < literal.size(); ++i) {
      unescaped.push_back(literal[i]);
      if (literal[i] == ']' && i + 1 < literal.size() && literal[i + 1] == ']')
        ++i;
    }
    Marker m;
    m.literal = true;
    m.value = unescaped;
    spec.push_back(std::move(m));
  };
  size_t start = 0;
  size_t pos = 0;
  while (pos < picture.size()) {
    if (picture[pos] == '[') {
      if (pos + 1 < picture.size() && picture[pos + 1] == '[') {
        add_literal(start, pos);
        Marker m;
        m.literal = true;
        m.value = "[";
        spec.push_back(std::move(m));
        pos += 2;
        start = pos;
        continue;
      }
      add_literal(start, pos);
      start = pos;
      pos = picture.find(']', start);
      if (pos == std::string::npos)
        Throw(Failure("D3135"));
      AnalyseMarker(picture.substr(start + 1, pos - start - 1), &spec);
      start = pos + 1;
    }
    ++pos;
  }
  add_literal(start, pos);
  return spec;
}

}  // namespace datetime

namespace {

using namespace datetime;

std::string ApplyNames(std::string s, const Marker& m) {
  if (m.names == Marker::Names::kUpper)
    s = ToUpper(s);
  else if (m.names == Marker::Names::kLower)
    s = ToLower(s);
  if (m.width_max && static_cast<int>(s.size()) > *m.width_max)
    s = s.substr(0, static_cast<size_t>(std::max(0, *m.width_max)));
  return s;
}

std::string FormatTimezone(const Marker& m, double offset_hours, double offset_minutes) {
  double offset = offset_hours * 100 + offset_minutes;
  std::string out;
  if (m.integer->regular) {
    out = FormatIntegerWith(offset, *m.integer);
  } else {
    int digits = m.integer->mandatory_digits;
    if (digits == 1 || digits == 2) {
      out = FormatIntegerWith(offset_hours, *m.integer);
      if (offset_minutes != 0)
        out += ":" + FormatIntegerWith(offset_minutes, AnalyseIntegerPicture("00"));
    } else if (digits == 3 || digits == 4) {
      out = FormatIntegerWith(offset, *m.integer);
    } else {
      ThrowWithValue("D3134", Value::Number(digits));
    }
  }
  if (offset >= 0)
    out = "+" + out;
  if (m.component == 'z')
    out = "GMT" + out;
  if (offset == 0 && m.presentation2 == "t")
    out = "Z";
  return out;
}

std::string FormatComponent(const Fields& date, const Marker& m, double oh, double om) {
  Value v = Fragment(date, m.component);
  if (std::string("YMDdFWwXxHhms").find(m.component) != std::string::npos && m.component != 0) {
    double n = v.number();
    if (m.component == 'Y' && m.n != -1)
      n = std::fmod(n, std::pow(10, m.n));
    if (m.names != Marker::Names::kNone) {
      std::string name;
      if (m.component == 'M' || m.component == 'x')
        name = n >= 1 && n <= 12 ? kMonths[static_cast<int>(n) - 1] : "undefined";
      else if (m.component == 'F')
        name = n >= 1 && n <= 7 ? kDays[static_cast<int>(n)] : "undefined";
      else
        ThrowWithValue("D3133", Value::String(std::string(1, m.component)));
      return ApplyNames(name, m);
    }
    return FormatIntegerWith(n, *m.integer);
  }
  if (m.component == 'f') {
    // [fN]: jsonata-js fails inside JavaScript (no integer format to apply); a name modifier
    // where names do not exist, here.
    if (!m.integer)
      ThrowWithValue("D3133", Value::String("f"));
    return FormatIntegerWith(v.number(), *m.integer);
  }
  if (m.component == 'Z' || m.component == 'z')
    return FormatTimezone(m, oh, om);
  if (m.component == 'P')
    return m.names == Marker::Names::kUpper ? ToUpper(v.str()) : v.str();
  return v.is_string() ? v.str() : "undefined";
}

}  // namespace

using datetime::AnalyseDateTimePicture;

std::string FormatDateTime(double millis, const std::optional<std::string>& picture,
                           const std::optional<std::string>& timezone) {
  double offset_hours = 0;
  double offset_minutes = 0;
  if (timezone) {
    double offset = JsParseInt(*timezone);
    offset_hours = std::floor(offset / 100);
    offset_minutes = std::fmod(offset, 100);
  }
  static const std::vector<Marker> kIso =
      AnalyseDateTimePicture("[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]");
  std::vector<Marker> spec = picture ? AnalyseDateTimePicture(*picture) : kIso;
  double t = millis + (60 * offset_hours + offset_minutes) * 60 * 1000;
  if (!std::isfinite(t) || std::fabs(t) > 8.64e15) {
    Failure f("D3137");  // JavaScript: RangeError "Invalid time value"
    f.message = "Invalid time value";
    Throw(std::move(f));
  }
  Fields date = FromMillis(t);
  std::string out;
  for (const Marker& m : spec)
    out += m.literal ? m.value : FormatComponent(date, m, offset_hours, offset_minutes);
  return out;
}

}  // namespace stepshift::jsonata::internal
