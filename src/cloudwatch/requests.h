// Typed requests and results of the CloudWatch operations, independent of any wire protocol.
// Optional members mirror the API: absent means "not given".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "cloudwatch/alarm.h"
#include "cloudwatch/types.h"

namespace stepshift::cloudwatch {

// Who is calling: alarm ARNs are built from it.
struct RequestContext {
  std::string region = "us-east-1";
  std::string account = "123456789012";
};

struct StatisticSet {
  double sample_count = 0;
  double sum = 0;
  double minimum = 0;
  double maximum = 0;
};

struct MetricDatum {
  std::string metric_name;
  std::vector<Dimension> dimensions;
  std::optional<Time> timestamp;  // absent: the time of the call
  std::optional<double> value;
  std::optional<StatisticSet> statistic_values;
  std::optional<std::vector<double>> values;
  std::optional<std::vector<double>> counts;
  std::optional<std::string> unit;
  std::optional<int> storage_resolution;
};

struct PutMetricDataRequest {
  std::string namespace_name;
  std::vector<MetricDatum> metric_data;
  // CloudWatch reserves "AWS/" namespaces for AWS services; the engine publishes AWS/States
  // metrics in-process with this set. The wire layer never sets it.
  bool allow_reserved_namespace = false;
};

struct GetMetricStatisticsRequest {
  MetricId metric;
  Time start_time;
  Time end_time;
  int period = 60;
  std::vector<std::string> statistics;
  std::vector<std::string> extended_statistics;
  std::optional<std::string> unit;
};

struct Datapoint {
  Time timestamp;
  std::optional<double> sample_count, average, sum, minimum, maximum;
  std::vector<std::pair<std::string, double>> extended;
  std::string unit;
};

struct GetMetricStatisticsResult {
  std::string label;
  std::vector<Datapoint> datapoints;  // oldest first
};

struct GetMetricDataRequest {
  std::vector<MetricDataQuery> queries;
  Time start_time;
  Time end_time;
  std::optional<std::string> next_token;
  std::optional<std::string> scan_by;
  std::optional<int> max_datapoints;
};

struct MetricDataResult {
  std::string id;
  std::string label;
  std::vector<Time> timestamps;
  std::vector<double> values;
  std::string status_code = "Complete";
  std::vector<std::pair<std::string, std::string>> messages;  // (Code, Value)
};

struct GetMetricDataResult {
  std::vector<MetricDataResult> results;
  std::optional<std::string> next_token;
};

struct ListMetricsRequest {
  std::optional<std::string> namespace_name;
  std::optional<std::string> metric_name;
  std::vector<std::pair<std::string, std::optional<std::string>>> dimensions;
  std::optional<std::string> recently_active;
  std::optional<std::string> next_token;
};

struct ListMetricsResult {
  std::vector<MetricId> metrics;
  std::optional<std::string> next_token;
};

struct PutMetricAlarmRequest {
  std::string alarm_name;
  std::optional<std::string> alarm_description;
  std::optional<bool> actions_enabled;
  std::vector<std::string> ok_actions, alarm_actions, insufficient_data_actions;
  std::optional<std::string> metric_name;
  std::optional<std::string> namespace_name;
  std::optional<std::string> statistic;
  std::optional<std::string> extended_statistic;
  std::vector<Dimension> dimensions;
  std::optional<int> period;
  std::optional<std::string> unit;
  int evaluation_periods = 0;
  std::optional<int> datapoints_to_alarm;
  std::optional<double> threshold;
  std::string comparison_operator;
  std::optional<std::string> treat_missing_data;
  std::optional<std::string> evaluate_low_sample_count_percentile;
  std::vector<MetricDataQuery> metrics;  // the metric-math form
  std::optional<std::string> threshold_metric_id;
  std::vector<Tag> tags;
};

struct PutCompositeAlarmRequest {
  std::string alarm_name;
  std::string alarm_rule;
  std::optional<std::string> alarm_description;
  std::optional<bool> actions_enabled;
  std::vector<std::string> ok_actions, alarm_actions, insufficient_data_actions;
  std::optional<std::string> actions_suppressor;
  std::optional<int> actions_suppressor_wait_period;
  std::optional<int> actions_suppressor_extension_period;
  std::vector<Tag> tags;
};

struct DescribeAlarmsRequest {
  std::vector<std::string> alarm_names;
  std::optional<std::string> alarm_name_prefix;
  std::vector<std::string> alarm_types;
  std::optional<std::string> children_of_alarm_name;
  std::optional<std::string> parents_of_alarm_name;
  std::optional<std::string> state_value;
  std::optional<std::string> action_prefix;
  std::optional<int> max_records;
  std::optional<std::string> next_token;
};

struct DescribeAlarmsResult {
  std::vector<Alarm> metric_alarms;
  std::vector<Alarm> composite_alarms;
  std::optional<std::string> next_token;
};

struct DescribeAlarmsForMetricRequest {
  std::string namespace_name;
  std::string metric_name;
  std::optional<std::string> statistic;
  std::optional<std::string> extended_statistic;
  std::optional<std::vector<Dimension>> dimensions;
  std::optional<int> period;
  std::optional<std::string> unit;
};

struct SetAlarmStateRequest {
  std::string alarm_name;
  std::string state_value;
  std::string state_reason;
  std::optional<std::string> state_reason_data;
};

struct DescribeAlarmHistoryRequest {
  std::optional<std::string> alarm_name;
  std::vector<std::string> alarm_types;
  std::optional<std::string> history_item_type;
  std::optional<Time> start_date;
  std::optional<Time> end_date;
  std::optional<int> max_records;
  std::optional<std::string> next_token;
  std::optional<std::string> scan_by;
};

struct DescribeAlarmHistoryResult {
  std::vector<HistoryItem> items;
  std::optional<std::string> next_token;
};

}  // namespace stepshift::cloudwatch
