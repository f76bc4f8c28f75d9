// The metric math functions that work along a series or reorder arrays: FILL, DIFF, DIFF_TIME,
// RATE, RUNNING_SUM, SORT, SLICE, REMOVE_EMPTY and the timestamp functions MINUTE, HOUR, DAY,
// DATE, MONTH, YEAR, EPOCH.
#include <algorithm>
#include <cmath>
#include <ctime>

#include "base/status_macros.h"
#include "cloudwatch/math_ops.h"

namespace stepshift::cloudwatch::internal {

namespace {

using Args = std::vector<MathValue>;

bool IsKeyword(const MathValue& v, std::initializer_list<std::string_view> words) {
  return v.kind == MathValue::Kind::kText && !v.quoted &&
         std::find(words.begin(), words.end(), v.text) != words.end();
}

// REPEAT: each gap takes the datapoint before it; a gap at the start of the window stays.
void Repeat(const TimeSeries& in, const std::vector<int64_t>& grid, TimeSeries* out) {
  std::optional<double> last;
  for (int64_t t : grid) {
    auto it = in.points.find(t);
    if (it != in.points.end()) {
      last = it->second;
    } else if (last) {
      out->points[t] = *last;
    }
  }
}

// LINEAR: each gap between two datapoints is interpolated in time; gaps at either end stay.
void Linear(const TimeSeries& in, const std::vector<int64_t>& grid, TimeSeries* out) {
  for (int64_t t : grid) {
    auto next = in.points.lower_bound(t);
    if (next == in.points.end() || next->first == t || next == in.points.begin()) {
      continue;
    }
    auto prev = std::prev(next);
    double fraction = static_cast<double>(t - prev->first) / (next->first - prev->first);
    out->points[t] = prev->second + (next->second - prev->second) * fraction;
  }
}

TimeSeries FillSeries(const TimeSeries& in, const MathValue& with, const MathWindow& window) {
  TimeSeries out = in;
  std::vector<int64_t> grid = PeriodStarts(window, in.period);
  if (IsKeyword(with, {"REPEAT"})) {
    Repeat(in, grid, &out);
  } else if (IsKeyword(with, {"LINEAR"})) {
    Linear(in, grid, &out);
  } else {
    for (int64_t t : grid) {
      if (with.kind == MathValue::Kind::kScalar) {
        out.points.emplace(t, with.scalar);
      } else if (auto it = with.series[0].points.find(t); it != with.series[0].points.end()) {
        out.points.emplace(t, it->second);
      }
    }
  }
  return out;
}

// FILL(series or array, number | series | REPEAT | LINEAR) over the window's periods.
Result<MathValue> Fill(Args& args, MathEnv* env) {
  RETURN_IF_ERROR(CheckArgCount("FILL", args.size(), 2, 2));
  RETURN_IF_ERROR(ExpectSeriesOrArray("FILL", args[0]));
  const MathValue& with = args[1];
  bool valid = with.kind == MathValue::Kind::kScalar || with.kind == MathValue::Kind::kSeries ||
               IsKeyword(with, {"REPEAT", "LINEAR"});
  if (!valid || (with.kind == MathValue::Kind::kScalar && !std::isfinite(with.scalar))) {
    return MathError("FILL expects a number, a time series, REPEAT or LINEAR");
  }
  RETURN_IF_ERROR(ReserveGrids(args[0], env));
  const MathWindow& window = env->window();
  return MapSeries(std::move(args[0]),
                   [&](const TimeSeries& s) { return FillSeries(s, with, window); });
}

// DIFF, DIFF_TIME, RATE and RUNNING_SUM: each datapoint against the one before it.
Result<MathValue> Along(const std::string& name, Args& args) {
  RETURN_IF_ERROR(CheckArgCount(name, args.size(), 1, 1));
  RETURN_IF_ERROR(ExpectSeriesOrArray(name, args[0]));
  return MapSeries(std::move(args[0]), [&name](const TimeSeries& in) {
    TimeSeries out;
    out.label = in.label;
    out.period = in.period;
    double running = 0;
    const std::pair<const int64_t, double>* prev = nullptr;
    for (const auto& point : in.points) {
      const auto& [t, v] = point;
      running += v;
      double seconds = prev ? static_cast<double>(t - prev->first) / 1000 : 0;
      double r = name == "RUNNING_SUM" ? running
                 : prev == nullptr     ? std::nan("")
                 : name == "DIFF"      ? v - prev->second
                 : name == "RATE"      ? (v - prev->second) / seconds
                                       : seconds;
      if (std::isfinite(r)) {
        out.points.emplace_hint(out.points.end(), t, r);
      }
      prev = &point;
    }
    return out;
  });
}

Result<MathValue> Sort(Args& args, MathEnv*) {
  RETURN_IF_ERROR(CheckArgCount("SORT", args.size(), 3, 4));
  RETURN_IF_ERROR(ExpectArray("SORT", args[0]));
  if (!IsKeyword(args[1], {"AVG", "MIN", "MAX", "SUM"}) || !IsKeyword(args[2], {"ASC", "DESC"}) ||
      (args.size() == 4 && args[3].kind != MathValue::Kind::kScalar)) {
    return MathError("SORT expects an array, AVG, MIN, MAX or SUM, ASC or DESC, and a limit");
  }
  std::vector<std::pair<double, TimeSeries>> keyed;
  for (TimeSeries& s : args[0].series) {
    std::vector<double> values;
    for (const auto& [t, v] : s.points) {
      values.push_back(v);
    }
    keyed.emplace_back(ReduceValues(args[1].text, values, values.size()), std::move(s));
  }
  const bool descending = args[2].text == "DESC";
  // Series without datapoints (a NaN key) go last either way.
  std::stable_sort(keyed.begin(), keyed.end(), [descending](const auto& a, const auto& b) {
    if (std::isnan(a.first) || std::isnan(b.first)) {
      return !std::isnan(a.first) && std::isnan(b.first);
    }
    return descending ? a.first > b.first : a.first < b.first;
  });
  size_t limit = args.size() == 4 ? static_cast<size_t>(std::max(0.0, args[3].scalar)) : SIZE_MAX;
  std::vector<TimeSeries> sorted;
  for (size_t i = 0; i < keyed.size() && i < limit; ++i) {
    sorted.push_back(std::move(keyed[i].second));
  }
  return MathValue::Array(std::move(sorted));
}

// SLICE(array, start[, end]): zero-based, end exclusive.
Result<MathValue> Slice(Args& args, MathEnv*) {
  RETURN_IF_ERROR(CheckArgCount("SLICE", args.size(), 2, 3));
  RETURN_IF_ERROR(ExpectArray("SLICE", args[0]));
  for (size_t i = 1; i < args.size(); ++i) {
    RETURN_IF_ERROR(ExpectScalar("SLICE", args[i]));
  }
  const double size = static_cast<double>(args[0].series.size());
  auto clamp = [size](double x) { return static_cast<size_t>(std::clamp(x, 0.0, size)); };
  size_t begin = clamp(args[1].scalar);
  size_t end = args.size() == 3 ? clamp(args[2].scalar) : clamp(size);
  std::vector<TimeSeries>& all = args[0].series;
  std::vector<TimeSeries> part;
  for (size_t i = begin; i < end; ++i) {
    part.push_back(std::move(all[i]));
  }
  return MathValue::Array(std::move(part));
}

Result<MathValue> RemoveEmpty(Args& args, MathEnv*) {
  RETURN_IF_ERROR(CheckArgCount("REMOVE_EMPTY", args.size(), 1, 1));
  RETURN_IF_ERROR(ExpectArray("REMOVE_EMPTY", args[0]));
  std::vector<TimeSeries>& all = args[0].series;
  all.erase(
      std::remove_if(all.begin(), all.end(), [](const TimeSeries& s) { return s.points.empty(); }),
      all.end());
  return std::move(args[0]);
}

double TimeField(const std::string& name, int64_t ms) {
  std::time_t seconds = ms / 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  if (name == "MINUTE") {
    return tm.tm_min;
  }
  if (name == "HOUR") {
    return tm.tm_hour;
  }
  if (name == "DAY") {  // 1 is Monday, 7 is Sunday
    return (tm.tm_wday + 6) % 7 + 1;
  }
  if (name == "DATE") {
    return tm.tm_mday;
  }
  if (name == "MONTH") {
    return tm.tm_mon + 1;
  }
  return name == "YEAR" ? tm.tm_year + 1900 : static_cast<double>(seconds);
}

// MINUTE(m1) ... EPOCH(m1): a datapoint for every period of the window, valued from its time.
Result<MathValue> TimeFunction(const std::string& name, Args& args, MathEnv* env) {
  RETURN_IF_ERROR(CheckArgCount(name, args.size(), 1, 1));
  RETURN_IF_ERROR(ExpectSeriesOrArray(name, args[0]));
  RETURN_IF_ERROR(ReserveGrids(args[0], env));
  const MathWindow& window = env->window();
  return MapSeries(std::move(args[0]), [&](const TimeSeries& in) {
    TimeSeries out;
    out.label = in.label;
    out.period = in.period;
    for (int64_t t : PeriodStarts(window, in.period)) {
      out.points.emplace_hint(out.points.end(), t, TimeField(name, t));
    }
    return out;
  });
}

template <const char* kName>
Result<MathValue> AlongFn(Args& args, MathEnv*) {
  return Along(kName, args);
}

template <const char* kName>
Result<MathValue> TimeFn(Args& args, MathEnv* env) {
  return TimeFunction(kName, args, env);
}

constexpr char kDiff[] = "DIFF", kDiffTime[] = "DIFF_TIME", kRate[] = "RATE",
               kRunningSum[] = "RUNNING_SUM", kMinute[] = "MINUTE", kHour[] = "HOUR",
               kDay[] = "DAY", kDate[] = "DATE", kMonth[] = "MONTH", kYear[] = "YEAR",
               kEpoch[] = "EPOCH";

constexpr std::pair<std::string_view, MathFunction> kFunctions[] = {
    {"FILL", &Fill},
    {"SORT", &Sort},
    {"SLICE", &Slice},
    {"REMOVE_EMPTY", &RemoveEmpty},
    {kDiff, &AlongFn<kDiff>},
    {kDiffTime, &AlongFn<kDiffTime>},
    {kRate, &AlongFn<kRate>},
    {kRunningSum, &AlongFn<kRunningSum>},
    {kMinute, &TimeFn<kMinute>},
    {kHour, &TimeFn<kHour>},
    {kDay, &TimeFn<kDay>},
    {kDate, &TimeFn<kDate>},
    {kMonth, &TimeFn<kMonth>},
    {kYear, &TimeFn<kYear>},
    {kEpoch, &TimeFn<kEpoch>},
};

}  // namespace

MathFunction FindSeriesFunction(const std::string& name) {
  for (const auto& [fname, f] : kFunctions) {
    if (fname == name) {
      return f;
    }
  }
  return nullptr;
}

}  // namespace stepshift::cloudwatch::internal
