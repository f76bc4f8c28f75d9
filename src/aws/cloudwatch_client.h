// CloudWatch client over awsJson1_0 in query-compatible mode (target prefix
// GraniteServiceVersion20100801, `x-amzn-query-mode: true`), as botocore 1.43 talks to it.
// Error kinds are the query-protocol codes ("ResourceNotFound", "InvalidParameterValue", …).
// Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "aws/client_config.h"
#include "aws/json_protocol.h"
#include "base/clock.h"
#include "base/json.h"

namespace stepshift::aws {

struct AlarmInfo {
  std::string name;
  std::string arn;
  std::string type;         // "MetricAlarm" | "CompositeAlarm"
  std::string state_value;  // "OK" | "ALARM" | "INSUFFICIENT_DATA"
  std::string state_reason;
  Time state_updated{};
  bool actions_enabled = true;  // ActionsEnabled (absent: true)
};

struct DescribeAlarmsRequest {
  std::vector<std::string> alarm_names;  // at most 100 per call; more are split into batches
  std::string state_value;               // empty: any state
  // Both types by default: without AlarmTypes the service returns metric alarms only, which is
  // how the reference script misses composite alarms.
  std::vector<std::string> alarm_types = {"MetricAlarm", "CompositeAlarm"};
};

struct MetricDatum {
  std::string metric_name;
  std::vector<std::pair<std::string, std::string>> dimensions;
  double value = 0;
  std::string unit;               // empty: None
  std::optional<Time> timestamp;  // empty: the service's receipt time
};

class CloudWatchClient {
 public:
  explicit CloudWatchClient(const ClientConfig& config);
  explicit CloudWatchClient(ServiceContext context);

  Result<json::Value> Call(std::string_view operation, const json::Value& request);

  // Every page of every batch, metric alarms then composite alarms per page.
  Result<std::vector<AlarmInfo>> DescribeAlarms(const DescribeAlarmsRequest& request);
  Status PutMetricData(const std::string& metric_namespace, const std::vector<MetricDatum>& data);
  // `request` is PutMetricAlarm's input as the API spells it (AlarmName, MetricName, …).
  Status PutMetricAlarm(const json::Object& request);

 private:
  Status DescribeBatch(const json::Object& base, std::vector<AlarmInfo>* out);

  JsonProtocolClient client_;
};

}  // namespace stepshift::aws
