// Metric and composite alarms as plain data: configuration plus current state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "cloudwatch/types.h"

namespace stepshift::cloudwatch {

inline constexpr std::string_view kInitialStateReason = "Unchecked: Initial alarm creation";

struct AlarmActions {
  bool enabled = true;
  std::vector<std::string> ok;
  std::vector<std::string> alarm;
  std::vector<std::string> insufficient_data;
};

struct AlarmState {
  StateValue value = StateValue::kInsufficientData;
  std::string reason{kInitialStateReason};
  std::string reason_data;  // JSON text, empty when none
  Time updated;
  Time transitioned;
};

struct MetricAlarmSpec {
  MetricId metric;
  Statistic statistic;
  int period = 60;
  std::optional<std::string> unit;
  int evaluation_periods = 1;
  std::optional<int> datapoints_to_alarm;
  double threshold = 0;
  ComparisonOperator comparison = ComparisonOperator::kGreaterThanThreshold;
  std::optional<std::string> treat_missing_data;  // as given; absent means "missing"
  std::optional<std::string> evaluate_low_sample_count_percentile;
  // Alarms on metric math: the Metrics list as put (then `metric`, `statistic` and `unit` are
  // unused and `period` is the period of the query that returns data).
  std::vector<MetricDataQuery> metrics;

  bool IsMath() const { return !metrics.empty(); }

  int DatapointsToAlarm() const { return datapoints_to_alarm.value_or(evaluation_periods); }

  TreatMissingData Treatment() const;
};

struct CompositeAlarmSpec {
  std::string rule;
  std::optional<std::string> actions_suppressor;
  std::optional<int> suppressor_wait_period;
  std::optional<int> suppressor_extension_period;
};

struct Alarm {
  AlarmType type = AlarmType::kMetricAlarm;
  std::string name;
  std::string arn;
  std::optional<std::string> description;
  AlarmActions actions;
  MetricAlarmSpec metric;        // kMetricAlarm only
  CompositeAlarmSpec composite;  // kCompositeAlarm only
  AlarmState state;
  Time configuration_updated;
  std::vector<Tag> tags;
  // Changes whenever anything above changes (not persisted): lets readers cache renderings.
  uint64_t revision = 0;
};

struct HistoryItem {
  std::string alarm_name;
  AlarmType alarm_type = AlarmType::kMetricAlarm;
  Time timestamp;
  std::string item_type;  // "StateUpdate", "ConfigurationUpdate", "Action"
  std::string summary;
  std::string data;  // JSON text
};

}  // namespace stepshift::cloudwatch
