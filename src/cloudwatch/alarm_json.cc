#include "cloudwatch/alarm_json.h"

#include <exception>
#include <stdexcept>

namespace stepshift::cloudwatch {

namespace {

Time FromMs(int64_t ms) {
  return Time(std::chrono::milliseconds(ms));
}

json::Array Strings(const std::vector<std::string>& list) {
  json::Array out;
  for (const std::string& s : list) {
    out.emplace_back(s);
  }
  return out;
}

std::vector<std::string> ReadStrings(const json::Value& v) {
  std::vector<std::string> out;
  for (const json::Value& s : v.as_array()) {
    out.emplace_back(s.as_string());
  }
  return out;
}

void PutOptional(json::Object& o, std::string_view key, const std::optional<std::string>& v) {
  if (v) {
    o[key] = *v;
  }
}

std::optional<std::string> GetOptional(const json::Object& o, std::string_view key) {
  const json::Value* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) {
    return std::nullopt;
  }
  return std::string(v->as_string());
}

json::Array DimensionsToJson(const std::vector<Dimension>& dims) {
  json::Array out;
  for (const Dimension& d : dims) {
    out.push_back(json::Array{json::Value(d.name), json::Value(d.value)});
  }
  return out;
}

std::vector<Dimension> DimensionsFromJson(const json::Value& v) {
  std::vector<Dimension> dims;
  for (const json::Value& d : v.as_array()) {
    dims.push_back(
        {std::string(d.as_array().at(0).as_string()), std::string(d.as_array().at(1).as_string())});
  }
  return dims;
}

int IntAt(const json::Object& o, std::string_view key) {
  return static_cast<int>(o.at(key).to_number<int64_t>());
}

// A Metrics entry with what was given and nothing else, so DescribeAlarms returns it as put.
json::Object QueryToJson(const MetricDataQuery& q) {
  json::Object o;
  o["id"] = q.id;
  if (q.metric_stat) {
    const MetricStatQuery& m = *q.metric_stat;
    json::Object stat{{"namespace", m.metric.namespace_name},
                      {"metric_name", m.metric.metric_name},
                      {"dimensions", DimensionsToJson(m.metric.dimensions)},
                      {"period", m.period},
                      {"stat", m.stat}};
    PutOptional(stat, "unit", m.unit);
    o["metric_stat"] = std::move(stat);
  }
  PutOptional(o, "expression", q.expression);
  PutOptional(o, "label", q.label);
  if (q.return_data) {
    o["return_data"] = *q.return_data;
  }
  if (q.period) {
    o["period"] = *q.period;
  }
  PutOptional(o, "account_id", q.account_id);
  return o;
}

MetricDataQuery QueryFromJson(const json::Object& o) {
  MetricDataQuery q;
  q.id = std::string(o.at("id").as_string());
  if (const json::Value* v = o.if_contains("metric_stat")) {
    const json::Object& s = v->as_object();
    MetricStatQuery m;
    m.metric.namespace_name = std::string(s.at("namespace").as_string());
    m.metric.metric_name = std::string(s.at("metric_name").as_string());
    m.metric.dimensions = DimensionsFromJson(s.at("dimensions"));
    m.period = IntAt(s, "period");
    m.stat = std::string(s.at("stat").as_string());
    m.unit = GetOptional(s, "unit");
    q.metric_stat = std::move(m);
  }
  q.expression = GetOptional(o, "expression");
  q.label = GetOptional(o, "label");
  if (const json::Value* v = o.if_contains("return_data")) {
    q.return_data = v->as_bool();
  }
  if (o.contains("period")) {
    q.period = IntAt(o, "period");
  }
  q.account_id = GetOptional(o, "account_id");
  return q;
}

void PutMetric(const MetricAlarmSpec& m, json::Object& o) {
  if (m.IsMath()) {
    json::Array metrics;
    for (const MetricDataQuery& q : m.metrics) {
      metrics.push_back(QueryToJson(q));
    }
    o["metrics"] = std::move(metrics);
    return;
  }
  o["namespace"] = m.metric.namespace_name;
  o["metric_name"] = m.metric.metric_name;
  o["dimensions"] = DimensionsToJson(m.metric.dimensions);
  o["statistic"] = m.statistic.text;
  o["extended"] = m.statistic.IsExtended();
  PutOptional(o, "unit", m.unit);
}

void GetMetric(const json::Object& o, MetricAlarmSpec* m) {
  if (const json::Value* metrics = o.if_contains("metrics")) {
    for (const json::Value& q : metrics->as_array()) {
      m->metrics.push_back(QueryFromJson(q.as_object()));
    }
    return;
  }
  m->metric.namespace_name = std::string(o.at("namespace").as_string());
  m->metric.metric_name = std::string(o.at("metric_name").as_string());
  m->metric.dimensions = DimensionsFromJson(o.at("dimensions"));
  std::string stat(o.at("statistic").as_string());
  Result<Statistic> parsed = ParseStatistic(stat, o.at("extended").as_bool(), "Statistic");
  if (!parsed.ok()) {
    throw std::runtime_error(parsed.status().message());  // caught in AlarmFromJson
  }
  m->statistic = *parsed;
  m->unit = GetOptional(o, "unit");
}

json::Object MetricToJson(const MetricAlarmSpec& m) {
  json::Object o;
  PutMetric(m, o);
  o["period"] = m.period;
  o["evaluation_periods"] = m.evaluation_periods;
  if (m.datapoints_to_alarm) {
    o["datapoints_to_alarm"] = *m.datapoints_to_alarm;
  }
  o["threshold"] = m.threshold;
  o["comparison"] = OperatorName(m.comparison);
  PutOptional(o, "treat_missing_data", m.treat_missing_data);
  PutOptional(o, "evaluate_low_sample", m.evaluate_low_sample_count_percentile);
  return o;
}

MetricAlarmSpec MetricFromJson(const json::Object& o) {
  MetricAlarmSpec m;
  GetMetric(o, &m);
  m.period = IntAt(o, "period");
  m.evaluation_periods = IntAt(o, "evaluation_periods");
  if (o.contains("datapoints_to_alarm")) {
    m.datapoints_to_alarm = IntAt(o, "datapoints_to_alarm");
  }
  m.threshold = o.at("threshold").to_number<double>();
  m.comparison = ParseOperator(std::string(o.at("comparison").as_string())).value();
  m.treat_missing_data = GetOptional(o, "treat_missing_data");
  m.evaluate_low_sample_count_percentile = GetOptional(o, "evaluate_low_sample");
  return m;
}

json::Object CompositeToJson(const CompositeAlarmSpec& c) {
  json::Object o;
  o["rule"] = c.rule;
  PutOptional(o, "actions_suppressor", c.actions_suppressor);
  if (c.suppressor_wait_period) {
    o["wait_period"] = *c.suppressor_wait_period;
  }
  if (c.suppressor_extension_period) {
    o["extension_period"] = *c.suppressor_extension_period;
  }
  return o;
}

CompositeAlarmSpec CompositeFromJson(const json::Object& o) {
  CompositeAlarmSpec c;
  c.rule = std::string(o.at("rule").as_string());
  c.actions_suppressor = GetOptional(o, "actions_suppressor");
  if (const json::Value* v = o.if_contains("wait_period")) {
    c.suppressor_wait_period = static_cast<int>(v->to_number<int64_t>());
  }
  if (const json::Value* v = o.if_contains("extension_period")) {
    c.suppressor_extension_period = static_cast<int>(v->to_number<int64_t>());
  }
  return c;
}

json::Object StateToJson(const AlarmState& s) {
  json::Object o;
  o["value"] = StateName(s.value);
  o["reason"] = s.reason;
  o["reason_data"] = s.reason_data;
  o["updated"] = UnixMillis(s.updated);
  o["transitioned"] = UnixMillis(s.transitioned);
  return o;
}

AlarmState StateFromJson(const json::Object& o) {
  AlarmState s;
  s.value = ParseState(std::string(o.at("value").as_string())).value();
  s.reason = std::string(o.at("reason").as_string());
  s.reason_data = std::string(o.at("reason_data").as_string());
  s.updated = FromMs(o.at("updated").to_number<int64_t>());
  s.transitioned = FromMs(o.at("transitioned").to_number<int64_t>());
  return s;
}

}  // namespace

json::Object AlarmToJson(const Alarm& alarm) {
  json::Object o;
  o["type"] = AlarmTypeName(alarm.type);
  o["name"] = alarm.name;
  o["arn"] = alarm.arn;
  PutOptional(o, "description", alarm.description);
  o["actions_enabled"] = alarm.actions.enabled;
  o["ok_actions"] = Strings(alarm.actions.ok);
  o["alarm_actions"] = Strings(alarm.actions.alarm);
  o["insufficient_data_actions"] = Strings(alarm.actions.insufficient_data);
  if (alarm.type == AlarmType::kMetricAlarm) {
    o["metric"] = MetricToJson(alarm.metric);
  } else {
    o["composite"] = CompositeToJson(alarm.composite);
  }
  o["state"] = StateToJson(alarm.state);
  o["configuration_updated"] = UnixMillis(alarm.configuration_updated);
  json::Array tags;
  for (const Tag& t : alarm.tags) {
    tags.push_back(json::Array{json::Value(t.key), json::Value(t.value)});
  }
  o["tags"] = std::move(tags);
  return o;
}

Result<Alarm> AlarmFromJson(const json::Value& doc) {
  try {
    const json::Object& o = doc.as_object();
    Alarm alarm;
    alarm.type = ParseAlarmType(std::string(o.at("type").as_string())).value();
    alarm.name = std::string(o.at("name").as_string());
    alarm.arn = std::string(o.at("arn").as_string());
    alarm.description = GetOptional(o, "description");
    alarm.actions.enabled = o.at("actions_enabled").as_bool();
    alarm.actions.ok = ReadStrings(o.at("ok_actions"));
    alarm.actions.alarm = ReadStrings(o.at("alarm_actions"));
    alarm.actions.insufficient_data = ReadStrings(o.at("insufficient_data_actions"));
    if (alarm.type == AlarmType::kMetricAlarm) {
      alarm.metric = MetricFromJson(o.at("metric").as_object());
    } else {
      alarm.composite = CompositeFromJson(o.at("composite").as_object());
    }
    alarm.state = StateFromJson(o.at("state").as_object());
    alarm.configuration_updated = FromMs(o.at("configuration_updated").to_number<int64_t>());
    for (const json::Value& t : o.at("tags").as_array()) {
      alarm.tags.push_back({std::string(t.as_array().at(0).as_string()),
                            std::string(t.as_array().at(1).as_string())});
    }
    return alarm;
  } catch (const std::exception& e) {
    // Boost.JSON accessors and optional::value() throw on a malformed document.
    return Status::InvalidArgument(std::string("stored alarm is malformed: ") + e.what());
  }
}

}  // namespace stepshift::cloudwatch
