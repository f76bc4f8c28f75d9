// Internal to the date/time pictures: calendar arithmetic (datetime.cc) shared with parsing
// (datetime_parse.cc).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "jsonata/datetime.h"
#include "jsonata/value.h"

namespace stepshift::jsonata::internal::datetime {

constexpr double kMsPerDay = 86400000;
extern const char* const kDays[];
extern const char* const kMonths[];

struct Fields {
  double year = 0;
  int month = 0;  // 0-11
  int day = 1;
  int hours = 0;
  int minutes = 0;
  int seconds = 0;
  int ms = 0;
  int weekday = 0;  // 0 = Sunday
  double time = 0;  // the millis these fields came from
};

Fields FromMillis(double t);
// Date.UTC(year, month, day, h, m, s, ms): fields may overflow into the next unit; years 0-99
// mean 1900-1999 (unless `exact_year`, as Date.parse reads them); NaN when any field is not
// finite or the result is out of range.
double DateUtc(double year, double month, double day = 1, double h = 0, double m = 0, double s = 0,
               double ms = 0, bool exact_year = false);
// A component of a date: a number, or for P/C/E a string; undefined for Z/z.
Value Fragment(const Fields& date, char component);

struct Marker {
  bool literal = false;
  std::string value;  // literal text
  char component = 0;
  std::string presentation1;
  std::string presentation2;
  bool has_width = false;
  std::optional<int> width_min;
  std::optional<int> width_max;
  enum class Names { kNone, kUpper, kLower, kTitle } names = Names::kNone;
  std::optional<IntegerPicture> integer;
  int n = -1;  // Y: the number of digits kept
};

std::vector<Marker> AnalyseDateTimePicture(const std::string& picture);

}  // namespace stepshift::jsonata::internal::datetime
