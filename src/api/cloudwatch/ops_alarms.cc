// Wire <-> model translation for creating alarms, and the alarm output documents.
#include "api/cloudwatch/cloudwatch_ops.h"
#include "api/cloudwatch/doc_reader.h"
#include "api/cloudwatch/metric_query_docs.h"
#include "base/status_macros.h"
#include "cloudwatch/errors.h"

namespace stepshift::api::cloudwatch_wire {

namespace cw = stepshift::cloudwatch;

namespace {

cw::RequestContext Context(const RequestInfo& info) {
  cw::RequestContext context;
  if (!info.region.empty()) {
    context.region = info.region;
  }
  if (!info.account.empty()) {
    context.account = info.account;
  }
  return context;
}

std::vector<cw::Tag> ReadTags(DocReader& r) {
  std::vector<cw::Tag> tags;
  for (DocReader& t : r.Structs("Tags")) {
    std::string key = t.RequiredStr("Key");
    tags.push_back({key, t.RequiredStr("Value")});
  }
  return tags;
}

json::Array StringList(const std::vector<std::string>& list) {
  json::Array out;
  for (const std::string& s : list) {
    out.emplace_back(s);
  }
  return out;
}

// The members metric and composite alarms share, in DescribeAlarms' order.
void PutState(json::Object& o, const cw::Alarm& a) {
  o["StateValue"] = cw::StateName(a.state.value);
  o["StateReason"] = a.state.reason;
  if (!a.state.reason_data.empty()) {
    o["StateReasonData"] = a.state.reason_data;
  }
  o["StateUpdatedTimestamp"] = ToEpochSeconds(a.state.updated);
}

void PutActions(json::Object& o, const cw::Alarm& a) {
  o["ActionsEnabled"] = a.actions.enabled;
  o["OKActions"] = StringList(a.actions.ok);
  o["AlarmActions"] = StringList(a.actions.alarm);
  o["InsufficientDataActions"] = StringList(a.actions.insufficient_data);
}

// The watched metric. A metric math alarm has its Metrics instead (PutEvaluation), and describes
// no metric name, namespace, statistic or period, as CloudWatch does.
void PutMetric(json::Object& o, const cw::MetricAlarmSpec& m) {
  if (!m.IsMath()) {
    o["MetricName"] = m.metric.metric_name;
    o["Namespace"] = m.metric.namespace_name;
    o[m.statistic.IsExtended() ? "ExtendedStatistic" : "Statistic"] = m.statistic.text;
  }
  o["Dimensions"] = DimensionsDoc(m.metric.dimensions);
  if (!m.IsMath()) {
    o["Period"] = m.period;
  }
  if (m.unit) {
    o["Unit"] = *m.unit;
  }
}

void PutEvaluation(json::Object& o, const cw::MetricAlarmSpec& m) {
  o["EvaluationPeriods"] = m.evaluation_periods;
  if (m.datapoints_to_alarm) {
    o["DatapointsToAlarm"] = *m.datapoints_to_alarm;
  }
  o["Threshold"] = m.threshold;
  o["ComparisonOperator"] = cw::OperatorName(m.comparison);
  if (m.treat_missing_data) {
    o["TreatMissingData"] = *m.treat_missing_data;
  }
  if (m.evaluate_low_sample_count_percentile) {
    o["EvaluateLowSampleCountPercentile"] = *m.evaluate_low_sample_count_percentile;
  }
  if (m.IsMath()) {
    o["Metrics"] = MetricDataQueriesDoc(m.metrics);
  }
}

}  // namespace

json::Object MetricAlarmDoc(const cw::Alarm& a) {
  json::Object o;
  o.reserve(28);
  o["AlarmName"] = a.name;
  o["AlarmArn"] = a.arn;
  if (a.description) {
    o["AlarmDescription"] = *a.description;
  }
  o["AlarmConfigurationUpdatedTimestamp"] = ToEpochSeconds(a.configuration_updated);
  PutActions(o, a);
  PutState(o, a);
  PutMetric(o, a.metric);
  PutEvaluation(o, a.metric);
  o["StateTransitionedTimestamp"] = ToEpochSeconds(a.state.transitioned);
  return o;
}

json::Object CompositeAlarmDoc(const cw::Alarm& a) {
  json::Object o;
  o.reserve(20);
  PutActions(o, a);
  o["AlarmArn"] = a.arn;
  o["AlarmConfigurationUpdatedTimestamp"] = ToEpochSeconds(a.configuration_updated);
  if (a.description) {
    o["AlarmDescription"] = *a.description;
  }
  o["AlarmName"] = a.name;
  o["AlarmRule"] = a.composite.rule;
  PutState(o, a);
  o["StateTransitionedTimestamp"] = ToEpochSeconds(a.state.transitioned);
  if (a.composite.actions_suppressor) {
    o["ActionsSuppressor"] = *a.composite.actions_suppressor;
    o["ActionsSuppressorWaitPeriod"] = a.composite.suppressor_wait_period.value_or(0);
    o["ActionsSuppressorExtensionPeriod"] = a.composite.suppressor_extension_period.value_or(0);
  }
  return o;
}

Result<json::Object> PutMetricAlarm(cw::CloudWatchModel* m, const json::Object& in,
                                    const RequestInfo& info) {
  DocReader r(&in);
  cw::PutMetricAlarmRequest q;
  q.alarm_name = r.RequiredStr("AlarmName");
  q.alarm_description = r.Str("AlarmDescription");
  q.actions_enabled = r.Bool("ActionsEnabled");
  q.ok_actions = r.Strings("OKActions");
  q.alarm_actions = r.Strings("AlarmActions");
  q.insufficient_data_actions = r.Strings("InsufficientDataActions");
  q.metric_name = r.Str("MetricName");
  q.namespace_name = r.Str("Namespace");
  q.statistic = r.Str("Statistic");
  q.extended_statistic = r.Str("ExtendedStatistic");
  q.dimensions = ReadDimensions(r, "Dimensions");
  q.period = r.Int("Period");
  q.unit = r.Str("Unit");
  std::optional<int> evaluation_periods = r.Int("EvaluationPeriods");
  q.datapoints_to_alarm = r.Int("DatapointsToAlarm");
  q.threshold = r.Double("Threshold");
  q.comparison_operator = r.RequiredStr("ComparisonOperator");
  q.treat_missing_data = r.Str("TreatMissingData");
  q.evaluate_low_sample_count_percentile = r.Str("EvaluateLowSampleCountPercentile");
  q.metrics = ReadMetricDataQueries(r, "Metrics");
  q.threshold_metric_id = r.Str("ThresholdMetricId");
  q.tags = ReadTags(r);
  RETURN_IF_ERROR(r.status());
  if (!evaluation_periods) {
    return cw::MissingParameter("The request must contain the parameter EvaluationPeriods.");
  }
  q.evaluation_periods = *evaluation_periods;
  RETURN_IF_ERROR(m->PutMetricAlarm(q, Context(info)));
  return json::Object{};
}

Result<json::Object> PutCompositeAlarm(cw::CloudWatchModel* m, const json::Object& in,
                                       const RequestInfo& info) {
  DocReader r(&in);
  cw::PutCompositeAlarmRequest q;
  q.alarm_name = r.RequiredStr("AlarmName");
  q.alarm_rule = r.RequiredStr("AlarmRule");
  q.alarm_description = r.Str("AlarmDescription");
  q.actions_enabled = r.Bool("ActionsEnabled");
  q.ok_actions = r.Strings("OKActions");
  q.alarm_actions = r.Strings("AlarmActions");
  q.insufficient_data_actions = r.Strings("InsufficientDataActions");
  q.actions_suppressor = r.Str("ActionsSuppressor");
  q.actions_suppressor_wait_period = r.Int("ActionsSuppressorWaitPeriod");
  q.actions_suppressor_extension_period = r.Int("ActionsSuppressorExtensionPeriod");
  q.tags = ReadTags(r);
  RETURN_IF_ERROR(r.status());
  RETURN_IF_ERROR(m->PutCompositeAlarm(q, Context(info)));
  return json::Object{};
}

}  // namespace stepshift::api::cloudwatch_wire
