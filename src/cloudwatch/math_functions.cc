// The metric math functions that work point by point or reduce series: ABS, CEIL, FLOOR, LOG,
// LOG10, AVG, MIN, MAX, SUM, STDDEV, DATAPOINT_COUNT, METRIC_COUNT, FIRST, LAST, IF, METRICS,
// PERIOD, TIME_SERIES; and the dispatch of every function call.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "base/status_macros.h"
#include "cloudwatch/math_ops.h"

namespace stepshift::cloudwatch::internal {

namespace {

using Args = std::vector<MathValue>;

// Functions CloudWatch has that stepshift serve does not evaluate (they need services or models
// it does not have).
const std::set<std::string, std::less<>> kUnsupported = {
    "ANOMALY_DETECTION_BAND", "INSIGHT_RULE_METRIC", "LAMBDA", "SEARCH", "SERVICE_QUOTA"};

Result<MathValue> Elementwise(const std::string& name, MathValue v, double (*f)(double)) {
  if (v.kind == MathValue::Kind::kText) {
    return MathError(name + " expects a time series or an array of time series");
  }
  return MapPoints(std::move(v), f);
}

// AVG(m1) is a scalar over m1's datapoints; AVG(METRICS()) is a series over the series'
// timestamps, where AVG and SUM count a missing value as 0 (as CloudWatch documents for AVG).
Result<MathValue> Aggregate(const std::string& name, const MathValue& v, MathEnv* env) {
  RETURN_IF_ERROR(ExpectSeriesOrArray(name, v));
  if (v.kind == MathValue::Kind::kSeries) {
    std::vector<double> values;
    for (const auto& [t, x] : v.series[0].points) {
      values.push_back(x);
    }
    return MathValue::Scalar(ReduceValues(name, values, values.size()));
  }
  std::map<int64_t, std::vector<double>> by_time;
  TimeSeries out;
  out.period = v.series.empty() ? env->window().period : 0;
  for (const TimeSeries& s : v.series) {
    out.period = std::max(out.period, s.period);
    for (const auto& [t, x] : s.points) {
      by_time[t].push_back(x);
    }
  }
  for (const auto& [t, values] : by_time) {
    double r = ReduceValues(name, values, name == "AVG" ? v.series.size() : values.size());
    if (std::isfinite(r)) {
      out.points.emplace_hint(out.points.end(), t, r);
    }
  }
  return MathValue::Series(std::move(out));
}

Result<MathValue> Metrics(Args& args, MathEnv* env) {
  if (args.empty()) {
    return env->Metrics("");
  }
  if (args[0].kind != MathValue::Kind::kText || !args[0].quoted) {
    return MathError("METRICS expects a string");
  }
  return env->Metrics(args[0].text);
}

Result<MathValue> FirstOrLast(const std::string& name, const MathValue& v, MathEnv* env) {
  RETURN_IF_ERROR(ExpectArray(name, v));
  if (v.series.empty()) {
    TimeSeries empty;
    empty.period = env->window().period;
    return MathValue::Series(std::move(empty));
  }
  return MathValue::Series(name == "FIRST" ? v.series.front() : v.series.back());
}

Result<MathValue> TimeSeriesOf(const MathValue& v, MathEnv* env) {
  RETURN_IF_ERROR(ExpectScalar("TIME_SERIES", v));
  ASSIGN_OR_RETURN(TimeSeries s, ConstantSeries(v.scalar, env));
  return MathValue::Series(std::move(s));
}

// Every function but IF and PERIOD, which need more than their argument values.
Result<MathValue> CallSimple(const std::string& name, Args& args, MathEnv* env) {
  static const std::set<std::string, std::less<>> kAggregates = {"AVG", "DATAPOINT_COUNT", "MAX",
                                                                 "MIN", "STDDEV",          "SUM"};
  static const std::pair<std::string_view, double (*)(double)> kElementwise[] = {
      {"ABS", [](double x) { return std::fabs(x); }},
      {"CEIL", [](double x) { return std::ceil(x); }},
      {"FLOOR", [](double x) { return std::floor(x); }},
      {"LOG", [](double x) { return std::log(x); }},
      {"LOG10", [](double x) { return std::log10(x); }}};
  for (const auto& [fname, f] : kElementwise) {
    if (fname == name) {
      RETURN_IF_ERROR(CheckArgCount(name, args.size(), 1, 1));
      return Elementwise(name, std::move(args[0]), f);
    }
  }
  if (kAggregates.count(name) != 0) {
    RETURN_IF_ERROR(CheckArgCount(name, args.size(), 1, 1));
    return Aggregate(name, args[0], env);
  }
  if (name == "METRICS") {
    RETURN_IF_ERROR(CheckArgCount(name, args.size(), 0, 1));
    return Metrics(args, env);
  }
  if (name == "FIRST" || name == "LAST" || name == "METRIC_COUNT" || name == "TIME_SERIES") {
    RETURN_IF_ERROR(CheckArgCount(name, args.size(), 1, 1));
    if (name == "TIME_SERIES") {
      return TimeSeriesOf(args[0], env);
    }
    if (name == "METRIC_COUNT") {
      RETURN_IF_ERROR(ExpectArray(name, args[0]));
      return MathValue::Scalar(static_cast<double>(args[0].series.size()));
    }
    return FirstOrLast(name, args[0], env);
  }
  if (MathFunction f = FindSeriesFunction(name)) {
    return f(args, env);
  }
  return MathError("Unrecognized function " + name);
}

// A branch's value at period start t: the scalar, or the series' datapoint if it has one.
std::optional<double> At(const MathValue& v, int64_t t) {
  if (v.kind == MathValue::Kind::kScalar) {
    return v.scalar;
  }
  auto it = v.series[0].points.find(t);
  return it == v.series[0].points.end() ? std::nullopt : std::optional(it->second);
}

// A scalar condition picks a whole branch; a missing else-branch gives an empty series.
Result<MathValue> IfScalar(const Args& args, MathEnv* env) {
  const MathValue* chosen = args[0].scalar != 0 ? &args[1] : args.size() > 2 ? &args[2] : nullptr;
  bool series = args[1].kind == MathValue::Kind::kSeries ||
                (args.size() > 2 && args[2].kind == MathValue::Kind::kSeries);
  const MathWindow& w = env->window();
  if (chosen == nullptr) {
    TimeSeries empty;
    empty.period = w.period;
    return series ? MathValue::Series(std::move(empty)) : MathValue::Scalar(std::nan(""));
  }
  if (series && chosen->kind == MathValue::Kind::kScalar) {
    ASSIGN_OR_RETURN(TimeSeries s, ConstantSeries(chosen->scalar, env));
    return MathValue::Series(std::move(s));
  }
  return *chosen;
}

// IF(condition, then[, else]) as "Using IF expressions" documents each form: for each datapoint
// of the condition, a true one takes `then` (0 where that series has no datapoint), a false one
// takes `else`, and is dropped where `else` is missing or has no datapoint.
Result<MathValue> If(const Args& args, MathEnv* env) {
  for (const MathValue& a : args) {
    if (a.kind != MathValue::Kind::kScalar && a.kind != MathValue::Kind::kSeries) {
      return MathError("IF expects time series or numbers");
    }
  }
  if (args[0].kind == MathValue::Kind::kScalar) {
    return IfScalar(args, env);
  }
  const TimeSeries& cond = args[0].series[0];
  TimeSeries out;
  out.period = cond.period;
  for (const auto& [t, c] : cond.points) {
    std::optional<double> v = c != 0 ? std::optional(At(args[1], t).value_or(0))
                                     : (args.size() > 2 ? At(args[2], t) : std::nullopt);
    if (v && std::isfinite(*v)) {
      out.points.emplace_hint(out.points.end(), t, *v);
    }
  }
  return MathValue::Series(std::move(out));
}

}  // namespace

double ReduceValues(const std::string& name, const std::vector<double>& values, size_t divisor) {
  if (name == "DATAPOINT_COUNT") {
    return static_cast<double>(values.size());
  }
  double sum = 0;
  for (double v : values) {
    sum += v;
  }
  if (name == "SUM") {
    return sum;
  }
  if (values.empty()) {
    return std::nan("");
  }
  if (name == "MIN" || name == "MAX") {
    auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    return name == "MIN" ? *lo : *hi;
  }
  double mean = sum / static_cast<double>(divisor);
  if (name == "AVG") {
    return mean;
  }
  double squares = 0;  // STDDEV: the population standard deviation
  for (double v : values) {
    squares += (v - mean) * (v - mean);
  }
  return std::sqrt(squares / static_cast<double>(values.size()));
}

Status CheckArgCount(const std::string& name, size_t count, size_t min, size_t max) {
  if (count >= min && count <= max) {
    return Status::Ok();
  }
  std::string expected = min == max
                             ? std::to_string(min)
                             : "between " + std::to_string(min) + " and " + std::to_string(max);
  return MathError(name + " expects " + expected + " argument" + (max == 1 ? "" : "s"));
}

Status ExpectSeriesOrArray(const std::string& function, const MathValue& v) {
  return v.IsSeriesOrArray()
             ? Status::Ok()
             : MathError(function + " expects a time series or an array of time series");
}

Status ExpectArray(const std::string& function, const MathValue& v) {
  return v.kind == MathValue::Kind::kArray
             ? Status::Ok()
             : MathError(function + " expects an array of time series");
}

Status ExpectScalar(const std::string& function, const MathValue& v) {
  return v.kind == MathValue::Kind::kScalar ? Status::Ok()
                                            : MathError(function + " expects a number");
}

Result<MathValue> CallFunction(const MathNode& call, std::vector<MathValue> args, MathEnv* env) {
  const std::string& name = call.text;
  if (kUnsupported.count(name) != 0) {
    return MathError(name + " is not supported by stepshift serve");
  }
  if (name == "PERIOD") {
    if (call.args.size() != 1 || call.args[0].kind != MathNode::Kind::kId ||
        !env->IsMetric(call.args[0].text)) {
      return MathError("PERIOD expects the id of a metric");
    }
    return MathValue::Scalar(args[0].series[0].period);
  }
  if (name == "IF") {
    RETURN_IF_ERROR(CheckArgCount(name, args.size(), 2, 3));
    return If(args, env);
  }
  return CallSimple(name, args, env);
}

}  // namespace stepshift::cloudwatch::internal
