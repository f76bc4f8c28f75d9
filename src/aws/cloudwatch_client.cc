#include "aws/cloudwatch_client.h"

#include <algorithm>
#include <cmath>

#include "aws/sfn_client.h"
#include "base/status_macros.h"

namespace stepshift::aws {

namespace {

constexpr size_t kMaxNamesPerCall = 100;

std::string Str(const json::Object& object, std::string_view key) {
  const json::Value* value = json::Find(object, key);
  return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

void AppendAlarms(const json::Object& page, std::string_view key, std::string_view type,
                  std::vector<AlarmInfo>* out) {
  const json::Value* alarms = json::Find(page, key);
  if (alarms == nullptr || !alarms->is_array()) {
    return;
  }
  for (const json::Value& item : alarms->as_array()) {
    if (!item.is_object()) {
      continue;
    }
    const json::Object& alarm = item.as_object();
    const json::Value* enabled = json::Find(alarm, "ActionsEnabled");
    out->push_back({Str(alarm, "AlarmName"), Str(alarm, "AlarmArn"), std::string(type),
                    Str(alarm, "StateValue"), Str(alarm, "StateReason"),
                    JsonTime(json::Find(alarm, "StateUpdatedTimestamp")),
                    enabled == nullptr || !enabled->is_bool() || enabled->as_bool()});
  }
}

json::Array StringArray(const std::vector<std::string>& values) {
  json::Array out;
  for (const std::string& value : values) {
    out.push_back(json::Value(value));
  }
  return out;
}

json::Object DatumJson(const MetricDatum& datum) {
  json::Object out{{"MetricName", datum.metric_name}, {"Value", datum.value}};
  if (!datum.dimensions.empty()) {
    json::Array dimensions;
    for (const auto& [name, value] : datum.dimensions) {
      dimensions.push_back(json::Object{{"Name", name}, {"Value", value}});
    }
    out["Dimensions"] = std::move(dimensions);
  }
  if (!datum.unit.empty()) {
    out["Unit"] = datum.unit;
  }
  if (datum.timestamp) {
    // botocore sends whole epoch seconds for this service.
    out["Timestamp"] = static_cast<int64_t>(std::floor(ToEpochSeconds(*datum.timestamp)));
  }
  return out;
}

}  // namespace

CloudWatchClient::CloudWatchClient(const ClientConfig& config)
    : CloudWatchClient(ContextFor(config, Service::kCloudWatch)) {}

CloudWatchClient::CloudWatchClient(ServiceContext context)
    : client_(std::move(context), JsonProtocolOptions{"GraniteServiceVersion20100801", true}) {}

Result<json::Value> CloudWatchClient::Call(std::string_view operation, const json::Value& request) {
  return client_.Call(operation, request);
}

Status CloudWatchClient::DescribeBatch(const json::Object& base, std::vector<AlarmInfo>* out) {
  std::string token;
  do {
    json::Object body = base;
    if (!token.empty()) {
      body["NextToken"] = token;
    }
    ASSIGN_OR_RETURN(json::Value response, Call("DescribeAlarms", body));
    if (!response.is_object()) {
      return Status::InvalidArgument("DescribeAlarms: response is not an object");
    }
    AppendAlarms(response.as_object(), "MetricAlarms", "MetricAlarm", out);
    AppendAlarms(response.as_object(), "CompositeAlarms", "CompositeAlarm", out);
    token = Str(response.as_object(), "NextToken");
  } while (!token.empty());
  return Status::Ok();
}

Result<std::vector<AlarmInfo>> CloudWatchClient::DescribeAlarms(
    const DescribeAlarmsRequest& request) {
  json::Object base;
  if (!request.alarm_types.empty()) {
    base["AlarmTypes"] = StringArray(request.alarm_types);
  }
  if (!request.state_value.empty()) {
    base["StateValue"] = request.state_value;
  }
  std::vector<AlarmInfo> out;
  if (request.alarm_names.empty()) {
    RETURN_IF_ERROR(DescribeBatch(base, &out));
    return out;
  }
  for (size_t start = 0; start < request.alarm_names.size(); start += kMaxNamesPerCall) {
    size_t end = std::min(request.alarm_names.size(), start + kMaxNamesPerCall);
    json::Object batch = base;
    batch["AlarmNames"] = StringArray(
        std::vector<std::string>(request.alarm_names.begin() + static_cast<std::ptrdiff_t>(start),
                                 request.alarm_names.begin() + static_cast<std::ptrdiff_t>(end)));
    RETURN_IF_ERROR(DescribeBatch(batch, &out));
  }
  return out;
}

Status CloudWatchClient::PutMetricData(const std::string& metric_namespace,
                                       const std::vector<MetricDatum>& data) {
  json::Array items;
  for (const MetricDatum& datum : data) {
    items.push_back(DatumJson(datum));
  }
  return Call("PutMetricData", json::Object{{"Namespace", metric_namespace}, {"MetricData", items}})
      .status();
}

Status CloudWatchClient::PutMetricAlarm(const json::Object& request) {
  return Call("PutMetricAlarm", request).status();
}

}  // namespace stepshift::aws
