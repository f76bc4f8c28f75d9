#include "cloudwatch/alarm_validation.h"

#include "base/status_macros.h"
#include "cloudwatch/errors.h"
#include "cloudwatch/math_alarm.h"
#include "cloudwatch/validation.h"

namespace stepshift::cloudwatch {

namespace {

Status CheckActionList(const std::vector<std::string>& list, std::string_view parameter) {
  if (list.size() > 5) {
    return InvalidParameterValue("The collection " + std::string(parameter) +
                                 " must not have a size greater than 5.");
  }
  for (const std::string& action : list) {
    RETURN_IF_ERROR(CheckLength(action, std::string(parameter) + ".member", 1024));
    if (action.rfind("arn:", 0) != 0) {
      return InvalidParameterValue("Invalid arn syntax: " + action);
    }
  }
  return Status::Ok();
}

Status CheckStatisticChoice(const PutMetricAlarmRequest& r) {
  if (r.statistic && r.extended_statistic) {
    return InvalidParameterCombination(
        "Exactly one of Statistic and ExtendedStatistic must be specified, not both.");
  }
  if (!r.statistic && !r.extended_statistic) {
    return MissingParameter("Exactly one of Statistic and ExtendedStatistic must be specified.");
  }
  return Status::Ok();
}

Result<ComparisonOperator> CheckOperator(const PutMetricAlarmRequest& r) {
  if (r.comparison_operator.empty()) {
    return MissingParameter("The parameter ComparisonOperator is required.");
  }
  if (r.comparison_operator == "LessThanLowerOrGreaterThanUpperThreshold" ||
      r.comparison_operator == "LessThanLowerThreshold" ||
      r.comparison_operator == "GreaterThanUpperThreshold") {
    return InvalidParameterValue("Anomaly detection band comparison operators (" +
                                 r.comparison_operator + ") are not supported by stepshift serve.");
  }
  std::optional<ComparisonOperator> op = ParseOperator(r.comparison_operator);
  if (!op) {
    return InvalidParameterValue("The value " + r.comparison_operator +
                                 " for parameter ComparisonOperator is not supported.");
  }
  return *op;
}

Status CheckEvaluation(const PutMetricAlarmRequest& r, int period) {
  if (r.evaluation_periods < 1) {
    return InvalidParameterValue(
        "The parameter EvaluationPeriods must be greater than or equal "
        "to 1.");
  }
  if (int64_t{r.evaluation_periods} * period > 7 * 86400) {
    return InvalidParameterValue(
        "The product of EvaluationPeriods and Period must not exceed "
        "604800 seconds (7 days).");
  }
  if (r.datapoints_to_alarm &&
      (*r.datapoints_to_alarm < 1 || *r.datapoints_to_alarm > r.evaluation_periods)) {
    return InvalidParameterValue(
        "DatapointsToAlarm must be greater than 0 and less than or "
        "equal to EvaluationPeriods.");
  }
  if (r.treat_missing_data && !ParseTreatMissingData(*r.treat_missing_data)) {
    return InvalidParameterValue("The value " + *r.treat_missing_data +
                                 " is not supported for TreatMissingData parameter. Supported "
                                 "values are [breaching, notBreaching, ignore, missing].");
  }
  const auto& low = r.evaluate_low_sample_count_percentile;
  if (low && *low != "evaluate" && *low != "ignore") {
    return InvalidParameterValue("Option " + *low +
                                 " is not supported. Supported options for parameter "
                                 "EvaluateLowSampleCountPercentile are evaluate and ignore.");
  }
  return Status::Ok();
}

Status CheckThresholdForm(const PutMetricAlarmRequest& r) {
  if (r.threshold_metric_id) {
    return InvalidParameterValue(
        "Anomaly detection alarms (ThresholdMetricId) are not supported "
        "by stepshift serve.");
  }
  if (!r.threshold) {
    return MissingParameter("The parameter Threshold is required.");
  }
  return Status::Ok();
}

Status CheckMetricForm(const PutMetricAlarmRequest& r) {
  if (!r.metric_name) {
    return MissingParameter("The parameter MetricName is required.");
  }
  if (!r.namespace_name) {
    return MissingParameter("The parameter Namespace is required.");
  }
  if (!r.period) {
    return MissingParameter("The parameter Period is required.");
  }
  return CheckThresholdForm(r);
}

// What metric and metric math alarms share: when they change state.
Result<MetricAlarmSpec> EvaluationSpec(const PutMetricAlarmRequest& r, int period) {
  RETURN_IF_ERROR(CheckEvaluation(r, period));
  MetricAlarmSpec spec;
  ASSIGN_OR_RETURN(spec.comparison, CheckOperator(r));
  spec.period = period;
  spec.evaluation_periods = r.evaluation_periods;
  spec.datapoints_to_alarm = r.datapoints_to_alarm;
  spec.threshold = *r.threshold;
  spec.treat_missing_data = r.treat_missing_data;
  spec.evaluate_low_sample_count_percentile = r.evaluate_low_sample_count_percentile;
  return spec;
}

Result<MetricAlarmSpec> BuildMathAlarmSpec(const PutMetricAlarmRequest& r) {
  RETURN_IF_ERROR(CheckMathAlarmMembers(r));
  RETURN_IF_ERROR(CheckThresholdForm(r));
  ASSIGN_OR_RETURN(MathAlarmPlan math, CompileMathAlarm(r.metrics));
  ASSIGN_OR_RETURN(MetricAlarmSpec spec, EvaluationSpec(r, math.plan.PeriodOf(math.returned)));
  spec.metrics = r.metrics;
  return spec;
}

}  // namespace

Status CheckAlarmName(const std::string& name, std::string_view parameter) {
  return CheckLength(name, parameter, 255);
}

Status CheckDescription(const std::optional<std::string>& description) {
  if (description) {
    return CheckLength(*description, "AlarmDescription", 1024, 0);
  }
  return Status::Ok();
}

Status CheckTags(const std::vector<Tag>& tags) {
  if (tags.size() > 50) {
    return InvalidParameterValue("The collection Tags must not have a size greater than 50.");
  }
  for (size_t i = 0; i < tags.size(); ++i) {
    std::string p = "Tags.member." + std::to_string(i + 1);
    RETURN_IF_ERROR(CheckLength(tags[i].key, p + ".Key", 128));
    RETURN_IF_ERROR(CheckLength(tags[i].value, p + ".Value", 256, 0));
  }
  return Status::Ok();
}

Result<AlarmActions> BuildActions(std::optional<bool> enabled, const std::vector<std::string>& ok,
                                  const std::vector<std::string>& alarm,
                                  const std::vector<std::string>& insufficient_data) {
  RETURN_IF_ERROR(CheckActionList(ok, "OKActions"));
  RETURN_IF_ERROR(CheckActionList(alarm, "AlarmActions"));
  RETURN_IF_ERROR(CheckActionList(insufficient_data, "InsufficientDataActions"));
  AlarmActions actions;
  actions.enabled = enabled.value_or(true);
  actions.ok = ok;
  actions.alarm = alarm;
  actions.insufficient_data = insufficient_data;
  return actions;
}

Result<MetricAlarmSpec> BuildMetricAlarmSpec(const PutMetricAlarmRequest& r) {
  if (!r.metrics.empty()) {
    return BuildMathAlarmSpec(r);
  }
  RETURN_IF_ERROR(CheckMetricForm(r));
  RETURN_IF_ERROR(CheckNamespace(*r.namespace_name, "Namespace", true));
  RETURN_IF_ERROR(CheckLength(*r.metric_name, "MetricName", 255));
  RETURN_IF_ERROR(CheckDimensions(r.dimensions, "Dimensions"));
  RETURN_IF_ERROR(CheckUnit(r.unit, "Unit"));
  RETURN_IF_ERROR(CheckStatisticChoice(r));
  RETURN_IF_ERROR(CheckAlarmPeriod(*r.period));
  ASSIGN_OR_RETURN(MetricAlarmSpec spec, EvaluationSpec(r, *r.period));
  if (r.statistic) {
    ASSIGN_OR_RETURN(spec.statistic, ParseStatistic(*r.statistic, false, "Statistic"));
  } else {
    ASSIGN_OR_RETURN(spec.statistic,
                     ParseStatistic(*r.extended_statistic, true, "ExtendedStatistic"));
  }
  spec.metric = {*r.namespace_name, *r.metric_name, r.dimensions};
  spec.metric.Normalize();
  spec.unit = r.unit;
  return spec;
}

}  // namespace stepshift::cloudwatch
