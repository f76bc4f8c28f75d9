#include "cloudwatch/math_alarm.h"

#include <set>

#include "base/status_macros.h"
#include "cloudwatch/errors.h"
#include "cloudwatch/validation.h"

namespace stepshift::cloudwatch {

namespace {

// "A single PutMetricAlarm call can include up to 20 MetricDataQuery structures ... as many as
// 10 structures that contain a MetricStat ... and as many as 10 ... the Expression parameter."
constexpr size_t kMaxQueries = 20;
constexpr size_t kMaxOfEachKind = 10;
constexpr size_t kMaxExpressionLength = 1024;

Status CheckMetricStat(const MetricStatQuery& m, const std::string& p) {
  RETURN_IF_ERROR(CheckNamespace(m.metric.namespace_name, p + ".Metric.Namespace", true));
  RETURN_IF_ERROR(CheckLength(m.metric.metric_name, p + ".Metric.MetricName", 255));
  RETURN_IF_ERROR(CheckDimensions(m.metric.dimensions, p + ".Metric.Dimensions"));
  RETURN_IF_ERROR(CheckUnit(m.unit, p + ".Unit"));
  RETURN_IF_ERROR(ParseAnyStatistic(m.stat, p + ".Stat").status());
  return CheckAlarmPeriod(m.period, p + ".Period");
}

Status CheckQuery(const MetricDataQuery& q, const std::string& p) {
  if (q.metric_stat && q.expression) {
    return ValidationError(
        "The parameters MetricDataQuery Expression and MetricStat are mutually exclusive and "
        "you have specified both.");
  }
  if (!q.metric_stat && !q.expression) {
    return ValidationError("Invalid metrics list");
  }
  if (q.expression && q.expression->size() > kMaxExpressionLength) {
    return ValidationError("The parameter " + p + ".Expression must be shorter than " +
                           std::to_string(kMaxExpressionLength + 1) + " characters.");
  }
  if (q.period) {
    RETURN_IF_ERROR(CheckAlarmPeriod(*q.period, p + ".Period"));
  }
  return q.metric_stat ? CheckMetricStat(*q.metric_stat, p + ".MetricStat") : Status::Ok();
}

Status CheckList(const std::vector<MetricDataQuery>& metrics, size_t* returned) {
  if (metrics.size() > kMaxQueries) {
    return ValidationError("The collection Metrics must not have a size greater than 20.");
  }
  size_t stats = 0;
  size_t returning = 0;
  std::set<std::string> ids;
  for (size_t i = 0; i < metrics.size(); ++i) {
    const MetricDataQuery& q = metrics[i];
    if (!IsValidQueryId(q.id) || !ids.insert(q.id).second) {
      return ValidationError("Invalid metrics list");
    }
    RETURN_IF_ERROR(CheckQuery(q, "Metrics.member." + std::to_string(i + 1)));
    stats += q.metric_stat ? 1 : 0;
    if (q.return_data.value_or(true)) {
      ++returning;
      *returned = i;
    }
  }
  if (stats > kMaxOfEachKind || metrics.size() - stats > kMaxOfEachKind) {
    return ValidationError(
        "The Metrics list may contain at most 10 MetricStat and 10 Expression entries.");
  }
  if (returning != 1) {
    return ValidationError("Exactly one element of the metrics list should return data.");
  }
  return Status::Ok();
}

}  // namespace

Status CheckMathAlarmMembers(const PutMetricAlarmRequest& r) {
  const std::pair<bool, std::string_view> members[] = {
      {r.metric_name.has_value(), "MetricName"},
      {r.namespace_name.has_value(), "Namespace"},
      {r.statistic.has_value(), "Statistic"},
      {r.extended_statistic.has_value(), "ExtendedStatistic"},
      {!r.dimensions.empty(), "Dimensions"},
      {r.period.has_value(), "Period"},
      {r.unit.has_value(), "Unit"},
  };
  for (const auto& [given, name] : members) {
    if (given) {
      return ValidationError(std::string(name) + " should not be set if list of Metrics is set.");
    }
  }
  return Status::Ok();
}

Result<MathAlarmPlan> CompileMathAlarm(const std::vector<MetricDataQuery>& metrics) {
  size_t returned = 0;
  RETURN_IF_ERROR(CheckList(metrics, &returned));
  ASSIGN_OR_RETURN(QueryPlan plan, QueryPlan::Compile(metrics));
  if (plan.KindOf(returned) != MathValue::Kind::kSeries) {
    return ValidationError("Error in expression " + metrics[returned].id +
                           " [An alarm must watch a single time series, not an array]");
  }
  if (plan.PeriodOf(returned) == 0) {
    return ValidationError("Period must not be null");
  }
  return MathAlarmPlan{std::move(plan), returned};
}

}  // namespace stepshift::cloudwatch
