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

json::Object MetricToJson(const MetricAlarmSpec& m) {
  json::Object o;
  o["namespace"] = m.metric.namespace_name;
  o["metric_name"] = m.metric.metric_name;
  json::Array dims;
  for (const Dimension& d : m.metric.dimensions) {
    dims.push_back(json::Array{json::Value(d.name), json::Value(d.value)});
  }
  o["dimensions"] = std::move(dims);
  o["statistic"] = m.statistic.text;
  o["extended"] = m.statistic.IsExtended();
  o["period"] = m.period;
  PutOptional(o, "unit", m.unit);
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
  m.metric.namespace_name = std::string(o.at("namespace").as_string());
  m.metric.metric_name = std::string(o.at("metric_name").as_string());
  for (const json::Value& d : o.at("dimensions").as_array()) {
    m.metric.dimensions.push_back(
        {std::string(d.as_array().at(0).as_string()), std::string(d.as_array().at(1).as_string())});
  }
  std::string stat(o.at("statistic").as_string());
  Result<Statistic> parsed = ParseStatistic(stat, o.at("extended").as_bool(), "Statistic");
  if (!parsed.ok()) {
    throw std::runtime_error(parsed.status().message());  // caught in AlarmFromJson
  }
  m.statistic = *parsed;
  m.period = static_cast<int>(o.at("period").to_number<int64_t>());
  m.unit = GetOptional(o, "unit");
  m.evaluation_periods = static_cast<int>(o.at("evaluation_periods").to_number<int64_t>());
  if (const json::Value* v = o.if_contains("datapoints_to_alarm")) {
    m.datapoints_to_alarm = static_cast<int>(v->to_number<int64_t>());
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
