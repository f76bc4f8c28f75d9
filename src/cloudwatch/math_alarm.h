// Alarms on metric math: PutMetricAlarm's Metrics list checked as CloudWatch checks it, and the
// compiled plan the alarm is evaluated with.
#pragma once

#include <vector>

#include "base/result.h"
#include "cloudwatch/metric_queries.h"
#include "cloudwatch/requests.h"

namespace stepshift::cloudwatch {

struct MathAlarmPlan {
  QueryPlan plan;
  size_t returned = 0;  // the query whose ReturnData is true: what the alarm watches
};

// The members that must not be given beside Metrics (MetricName, Statistic, Period...).
Status CheckMathAlarmMembers(const PutMetricAlarmRequest& request);

// Checks the Metrics list (ids, MetricStat and Expression, periods, exactly one query returning
// data and that query giving one time series) and compiles it. Errors are ValidationError, or
// InvalidParameterValue for the members every MetricStat checks.
Result<MathAlarmPlan> CompileMathAlarm(const std::vector<MetricDataQuery>& metrics);

}  // namespace stepshift::cloudwatch
