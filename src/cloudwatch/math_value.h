// The values metric math computes with: scalars, time series and arrays of time series, plus the
// text arguments some functions take (REPEAT, ASC, "pattern"). Plain data.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace stepshift::cloudwatch {

// Datapoints by period start (milliseconds since the epoch). A missing datapoint is absent.
struct TimeSeries {
  std::string label;
  int period = 60;  // seconds
  std::map<int64_t, double> points;
};

struct MathValue {
  enum class Kind { kScalar, kSeries, kArray, kText };

  Kind kind = Kind::kScalar;
  double scalar = 0;
  std::vector<TimeSeries> series;  // exactly one for kSeries
  std::string text;                // kText: a keyword (REPEAT) or a string literal's content
  bool quoted = false;             // kText that came from a string literal

  static MathValue Scalar(double value);
  static MathValue Series(TimeSeries series);
  static MathValue Array(std::vector<TimeSeries> list);
  static MathValue Text(std::string text, bool quoted);

  bool IsSeriesOrArray() const { return kind == Kind::kSeries || kind == Kind::kArray; }
};

// What an expression is evaluated over: datapoints with start_ms <= t < end_ms, and the period of
// the series it creates from nothing (TIME_SERIES, a scalar IF branch).
struct MathWindow {
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  int period = 60;
};

// The period starts of `period` seconds in the window, aligned to the epoch as datapoints are
// (the first one may start before start_ms).
std::vector<int64_t> PeriodStarts(const MathWindow& window, int period);
// PeriodStarts(window, period).size(), without making the list.
int64_t PeriodCount(const MathWindow& window, int period);

}  // namespace stepshift::cloudwatch
