// A list of MetricDataQuery (GetMetricData's MetricDataQueries, PutMetricAlarm's Metrics) made
// ready to evaluate: expressions parsed, references resolved, cycles and result types checked.
// Used for GetMetricData and for evaluating metric math alarms.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "cloudwatch/math_parser.h"
#include "cloudwatch/math_value.h"
#include "cloudwatch/types.h"

namespace stepshift::cloudwatch {

class QueryPlan {
 public:
  // The time series of a metric (MetricStat) query over the window: the query's statistic per
  // period of its MetricStat.Period. The label is filled in by the plan.
  using Fetch = std::function<TimeSeries(const MetricDataQuery& query, const MathWindow& window)>;

  // REQUIRES: ids are unique and each query has exactly one of MetricStat and Expression (the
  // operations check those first, each with its own messages).
  // Errors are ValidationError "Error in expression <id> [<reason>]": bad syntax, unknown ids or
  // functions, unsupported functions, cycles, wrong argument types, a scalar result.
  static Result<QueryPlan> Compile(std::vector<MetricDataQuery> queries);

  const std::vector<MetricDataQuery>& queries() const { return queries_; }

  // What query i evaluates to: kSeries or kArray.
  MathValue::Kind KindOf(size_t i) const { return kinds_[i]; }

  // Query i's own Period, its MetricStat's period, or the largest period among the queries it
  // refers to; 0 when there is none (an expression such as TIME_SERIES(1) without Period).
  int PeriodOf(size_t i) const { return periods_[i]; }

  // The values of the queries marked in `wanted` (by index; others are nullopt) over datapoints
  // with start_ms <= t < end_ms, evaluating shared references once. Labels are the queries'
  // Label, else the metric name (metrics) or the id (expressions); the series of an array keep
  // their own labels, prefixed with the expression's Label when it has one.
  Result<std::vector<std::optional<MathValue>>> Evaluate(const std::vector<bool>& wanted,
                                                         int64_t start_ms, int64_t end_ms,
                                                         const Fetch& fetch) const;

 private:
  class Env;

  // Evaluates every query over empty series: what is valid there is valid over any data.
  Status Check();
  int ComputePeriod(size_t i, const Env& env, std::vector<bool>* done);

  int WindowPeriod(size_t i) const {
    return periods_[i] > 0 ? periods_[i] : queries_[i].period.value_or(fallback_period_);
  }

  std::vector<MetricDataQuery> queries_;
  std::vector<std::optional<MathNode>> nodes_;  // parsed expressions; nullopt for metrics
  std::unordered_map<std::string, size_t> index_;
  std::vector<MathValue::Kind> kinds_;
  std::vector<int> periods_;
  int fallback_period_ = 60;  // for expressions with no period: the smallest metric period
};

}  // namespace stepshift::cloudwatch
