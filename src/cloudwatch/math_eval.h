// Evaluation of parsed metric math over time series, with CloudWatch's rules ("Metric math syntax
// and functions"): binary operators align two series on the union of their timestamps with a
// missing value counting as 0; a division by zero (or any non-finite result) drops the datapoint;
// a scalar applies to every datapoint; an array of time series applies the operation to each.
#pragma once

#include <string>

#include "base/result.h"
#include "cloudwatch/math_parser.h"
#include "cloudwatch/math_value.h"

namespace stepshift::cloudwatch {

// What an expression can see: the other queries of the request and the window.
class MathEnv {
 public:
  virtual ~MathEnv() = default;

  // The value of query `id`: a metric's time series or another expression's result.
  virtual Result<MathValue> Resolve(const std::string& id) = 0;
  // METRICS("filter"): the metric (MetricStat) queries whose id contains `filter`, in order.
  virtual Result<MathValue> Metrics(const std::string& filter) = 0;
  // Whether `id` names a metric query; PERIOD() accepts only those.
  virtual bool IsMetric(const std::string& id) const = 0;
  virtual const MathWindow& window() const = 0;
  // Counts the datapoints about to be made from nothing (FILL, TIME_SERIES, HOUR...), which are
  // not bounded by stored data. Fails once a request would make too many.
  virtual Status Reserve(int64_t points) = 0;
};

// Errors: a Status whose message is the reason ("Invalid syntax"), for the caller to place in
// "Error in expression <id> [<reason>]"; errors from MathEnv::Resolve pass through unchanged.
// The result depends on the data only in its datapoints: whether an expression is valid and the
// kind of value it returns are the same for empty series, so evaluating over empty series
// validates an expression.
Result<MathValue> EvaluateMath(const MathNode& node, MathEnv* env);

}  // namespace stepshift::cloudwatch
