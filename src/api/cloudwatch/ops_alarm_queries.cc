// Wire <-> model translation for reading and changing alarms, their history and their tags.
#include "api/cloudwatch/cloudwatch_ops.h"
#include "api/cloudwatch/doc_reader.h"
#include "api/cloudwatch/metric_query_docs.h"
#include "base/status_macros.h"
#include "cloudwatch/alarm_validation.h"
#include "cloudwatch/errors.h"

namespace stepshift::api::cloudwatch_wire {

namespace cw = stepshift::cloudwatch;

namespace {

Result<std::vector<std::string>> RequiredNames(const json::Object& in) {
  DocReader r(&in);
  if (!r.Has("AlarmNames")) {
    return cw::MissingParameter("The request must contain the parameter AlarmNames.");
  }
  std::vector<std::string> names = r.Strings("AlarmNames");
  RETURN_IF_ERROR(r.status());
  return names;
}

json::Array AlarmDocs(const std::vector<cw::Alarm>& alarms, bool composite) {
  json::Array out;
  out.reserve(alarms.size());
  for (const cw::Alarm& a : alarms) {
    out.push_back(composite ? CompositeAlarmDoc(a) : MetricAlarmDoc(a));
  }
  return out;
}

json::Array TagDocs(const std::vector<cw::Tag>& tags) {
  json::Array out;
  for (const cw::Tag& t : tags) {
    out.push_back(json::Object{{"Key", t.key}, {"Value", t.value}});
  }
  return out;
}

}  // namespace

Result<cw::DescribeAlarmsRequest> ReadDescribeAlarms(const json::Object& in) {
  DocReader r(&in);
  cw::DescribeAlarmsRequest q;
  q.alarm_names = r.Strings("AlarmNames");
  q.alarm_name_prefix = r.Str("AlarmNamePrefix");
  q.alarm_types = r.Strings("AlarmTypes");
  q.children_of_alarm_name = r.Str("ChildrenOfAlarmName");
  q.parents_of_alarm_name = r.Str("ParentsOfAlarmName");
  q.state_value = r.Str("StateValue");
  q.action_prefix = r.Str("ActionPrefix");
  q.max_records = r.Int("MaxRecords");
  q.next_token = r.Str("NextToken");
  RETURN_IF_ERROR(r.status());
  return q;
}

Result<json::Object> DescribeAlarms(cw::CloudWatchModel* m, const json::Object& in,
                                    const RequestInfo&) {
  ASSIGN_OR_RETURN(cw::DescribeAlarmsRequest q, ReadDescribeAlarms(in));
  ASSIGN_OR_RETURN(cw::DescribeAlarmsResult result, m->DescribeAlarms(q));
  json::Object out{{"MetricAlarms", AlarmDocs(result.metric_alarms, false)},
                   {"CompositeAlarms", AlarmDocs(result.composite_alarms, true)}};
  if (result.next_token) {
    out["NextToken"] = *result.next_token;
  }
  return out;
}

Result<json::Object> DescribeAlarmsForMetric(cw::CloudWatchModel* m, const json::Object& in,
                                             const RequestInfo&) {
  DocReader r(&in);
  cw::DescribeAlarmsForMetricRequest q;
  q.namespace_name = r.RequiredStr("Namespace");
  q.metric_name = r.RequiredStr("MetricName");
  q.statistic = r.Str("Statistic");
  q.extended_statistic = r.Str("ExtendedStatistic");
  if (r.Has("Dimensions")) {
    q.dimensions = ReadDimensions(r, "Dimensions");
  }
  q.period = r.Int("Period");
  q.unit = r.Str("Unit");
  RETURN_IF_ERROR(r.status());
  ASSIGN_OR_RETURN(std::vector<cw::Alarm> alarms, m->DescribeAlarmsForMetric(q));
  return json::Object{{"MetricAlarms", AlarmDocs(alarms, false)}};
}

Result<json::Object> SetAlarmState(cw::CloudWatchModel* m, const json::Object& in,
                                   const RequestInfo&) {
  DocReader r(&in);
  cw::SetAlarmStateRequest q;
  q.alarm_name = r.RequiredStr("AlarmName");
  q.state_value = r.RequiredStr("StateValue");
  q.state_reason = r.RequiredStr("StateReason");
  q.state_reason_data = r.Str("StateReasonData");
  RETURN_IF_ERROR(r.status());
  RETURN_IF_ERROR(m->SetAlarmState(q));
  return json::Object{};
}

Result<json::Object> DeleteAlarms(cw::CloudWatchModel* m, const json::Object& in,
                                  const RequestInfo&) {
  ASSIGN_OR_RETURN(std::vector<std::string> names, RequiredNames(in));
  RETURN_IF_ERROR(m->DeleteAlarms(names));
  return json::Object{};
}

Result<json::Object> EnableAlarmActions(cw::CloudWatchModel* m, const json::Object& in,
                                        const RequestInfo&) {
  ASSIGN_OR_RETURN(std::vector<std::string> names, RequiredNames(in));
  RETURN_IF_ERROR(m->SetAlarmActionsEnabled(names, true));
  return json::Object{};
}

Result<json::Object> DisableAlarmActions(cw::CloudWatchModel* m, const json::Object& in,
                                         const RequestInfo&) {
  ASSIGN_OR_RETURN(std::vector<std::string> names, RequiredNames(in));
  RETURN_IF_ERROR(m->SetAlarmActionsEnabled(names, false));
  return json::Object{};
}

Result<json::Object> DescribeAlarmHistory(cw::CloudWatchModel* m, const json::Object& in,
                                          const RequestInfo&) {
  DocReader r(&in);
  cw::DescribeAlarmHistoryRequest q;
  q.alarm_name = r.Str("AlarmName");
  q.alarm_types = r.Strings("AlarmTypes");
  q.history_item_type = r.Str("HistoryItemType");
  q.start_date = r.Timestamp("StartDate");
  q.end_date = r.Timestamp("EndDate");
  q.max_records = r.Int("MaxRecords");
  q.next_token = r.Str("NextToken");
  q.scan_by = r.Str("ScanBy");
  RETURN_IF_ERROR(r.status());
  ASSIGN_OR_RETURN(cw::DescribeAlarmHistoryResult result, m->DescribeAlarmHistory(q));
  json::Array items;
  for (const cw::HistoryItem& h : result.items) {
    items.push_back(json::Object{{"AlarmName", h.alarm_name},
                                 {"AlarmType", cw::AlarmTypeName(h.alarm_type)},
                                 {"Timestamp", ToEpochSeconds(h.timestamp)},
                                 {"HistoryItemType", h.item_type},
                                 {"HistorySummary", h.summary},
                                 {"HistoryData", h.data}});
  }
  json::Object out{{"AlarmHistoryItems", std::move(items)}};
  if (result.next_token) {
    out["NextToken"] = *result.next_token;
  }
  return out;
}

Result<json::Object> TagResource(cw::CloudWatchModel* m, const json::Object& in,
                                 const RequestInfo&) {
  DocReader r(&in);
  std::string arn = r.RequiredStr("ResourceARN");
  if (!r.Has("Tags") && r.ok()) {
    return cw::MissingParameter("The request must contain the parameter Tags.");
  }
  std::vector<cw::Tag> tags;
  for (DocReader& t : r.Structs("Tags")) {
    std::string key = t.RequiredStr("Key");
    tags.push_back({key, t.RequiredStr("Value")});
  }
  RETURN_IF_ERROR(r.status());
  RETURN_IF_ERROR(cw::CheckTags(tags));
  RETURN_IF_ERROR(m->TagResource(arn, tags));
  return json::Object{};
}

Result<json::Object> UntagResource(cw::CloudWatchModel* m, const json::Object& in,
                                   const RequestInfo&) {
  DocReader r(&in);
  std::string arn = r.RequiredStr("ResourceARN");
  if (!r.Has("TagKeys") && r.ok()) {
    return cw::MissingParameter("The request must contain the parameter TagKeys.");
  }
  std::vector<std::string> keys = r.Strings("TagKeys");
  RETURN_IF_ERROR(r.status());
  RETURN_IF_ERROR(m->UntagResource(arn, keys));
  return json::Object{};
}

Result<json::Object> ListTagsForResource(cw::CloudWatchModel* m, const json::Object& in,
                                         const RequestInfo&) {
  DocReader r(&in);
  std::string arn = r.RequiredStr("ResourceARN");
  RETURN_IF_ERROR(r.status());
  ASSIGN_OR_RETURN(std::vector<cw::Tag> tags, m->ListTagsForResource(arn));
  return json::Object{{"Tags", TagDocs(tags)}};
}

}  // namespace stepshift::api::cloudwatch_wire
