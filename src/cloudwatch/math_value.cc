#include "cloudwatch/math_value.h"

#include <algorithm>
#include <optional>

namespace stepshift::cloudwatch {

MathValue MathValue::Scalar(double value) {
  MathValue v;
  v.scalar = value;
  return v;
}

MathValue MathValue::Series(TimeSeries series) {
  MathValue v;
  v.kind = Kind::kSeries;
  v.series.push_back(std::move(series));
  return v;
}

MathValue MathValue::Array(std::vector<TimeSeries> list) {
  MathValue v;
  v.kind = Kind::kArray;
  v.series = std::move(list);
  return v;
}

MathValue MathValue::Text(std::string text, bool quoted) {
  MathValue v;
  v.kind = Kind::kText;
  v.text = std::move(text);
  v.quoted = quoted;
  return v;
}

namespace {

// GetMetricData returns at most 100,800 datapoints per call; series made from nothing (FILL,
// TIME_SERIES, HOUR...) keep the newest that many periods, so a year-long window at a 1-second
// period cannot exhaust memory.
constexpr int64_t kMaxPeriods = 100800;

// The first period start of the window (the newest kMaxPeriods at most), or nullopt if none.
std::optional<int64_t> FirstStart(const MathWindow& window, int64_t step) {
  if (step <= 0 || window.end_ms <= window.start_ms) {
    return std::nullopt;
  }
  const int64_t from = std::max(window.start_ms, window.end_ms - kMaxPeriods * step);
  int64_t t = from / step * step;
  if (t > from) {  // negative times round toward zero
    t -= step;
  }
  return t;
}

}  // namespace

std::vector<int64_t> PeriodStarts(const MathWindow& window, int period) {
  std::vector<int64_t> starts;
  const int64_t step = int64_t{period} * 1000;
  if (std::optional<int64_t> first = FirstStart(window, step)) {
    for (int64_t t = *first; t < window.end_ms; t += step) {
      starts.push_back(t);
    }
  }
  return starts;
}

int64_t PeriodCount(const MathWindow& window, int period) {
  const int64_t step = int64_t{period} * 1000;
  std::optional<int64_t> first = FirstStart(window, step);
  return first ? (window.end_ms - *first + step - 1) / step : 0;
}

}  // namespace stepshift::cloudwatch
