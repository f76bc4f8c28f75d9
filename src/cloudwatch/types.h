// Plain data of the CloudWatch model: metrics, statistics, alarms and their states. Names of enum
// values are CloudWatch's wire spellings, converted by the Name/Parse functions below.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"

namespace stepshift::cloudwatch {

enum class StateValue { kOk, kAlarm, kInsufficientData };
enum class ComparisonOperator {
  kGreaterThanOrEqualToThreshold,
  kGreaterThanThreshold,
  kLessThanThreshold,
  kLessThanOrEqualToThreshold,
};
enum class TreatMissingData { kMissing, kIgnore, kBreaching, kNotBreaching };
enum class AlarmType { kMetricAlarm, kCompositeAlarm };

std::string_view StateName(StateValue state);
std::optional<StateValue> ParseState(std::string_view text);
std::string_view OperatorName(ComparisonOperator op);
std::optional<ComparisonOperator> ParseOperator(std::string_view text);
// "greater than or equal to", as alarm state reasons phrase the operator.
std::string_view OperatorPhrase(ComparisonOperator op);
bool Breaches(ComparisonOperator op, double value, double threshold);
std::string_view TreatMissingDataName(TreatMissingData treat);
std::optional<TreatMissingData> ParseTreatMissingData(std::string_view text);
std::string_view AlarmTypeName(AlarmType type);
std::optional<AlarmType> ParseAlarmType(std::string_view text);

// CloudWatch's StandardUnit values, numbered for compact storage. Data put without a unit is stored
// as "None", as CloudWatch does. Returns -1 for an unknown unit.
int UnitIndex(std::string_view unit);
std::string_view UnitName(int index);

inline bool IsStandardUnit(std::string_view unit) {
  return UnitIndex(unit) >= 0;
}

int NoneUnitIndex();

struct Dimension {
  std::string name;
  std::string value;
  bool operator==(const Dimension&) const = default;
};

struct Tag {
  std::string key;
  std::string value;
};

// A metric's identity. Dimensions are kept sorted by name, so equal metrics have equal keys.
struct MetricId {
  std::string namespace_name;
  std::string metric_name;
  std::vector<Dimension> dimensions;

  bool operator==(const MetricId&) const = default;

  // Sorts dimensions by name; call after filling `dimensions`.
  void Normalize();
  // A string that is equal for equal metrics (namespace, name and dimensions, separated by
  // control characters that CloudWatch names cannot contain unescaped).
  std::string Key() const;
};

// A statistic: one of the five simple ones or an extended one (pNN, tmNN, TM(a%:b%), IQM, ...).
struct Statistic {
  enum class Kind {
    kSampleCount,
    kAverage,
    kSum,
    kMinimum,
    kMaximum,
    kPercentile,      // pNN: value at rank NN%
    kTrimmedMean,     // tmNN / TM(a%:b%) / IQM
    kTrimmedCount,    // tcNN / TC(a%:b%)
    kTrimmedSum,      // tsNN / TS(a%:b%)
    kWinsorizedMean,  // wmNN / WM(a%:b%)
  };
  Kind kind = Kind::kAverage;
  double low = 0;  // percent bounds for the extended kinds; `high` is the percentile for pNN
  double high = 100;
  std::string text;  // as the caller spelled it, echoed back in responses

  bool IsExtended() const { return kind >= Kind::kPercentile; }
};

// MetricStat of GetMetricData and of PutMetricAlarm's Metrics: `metric` keeps the dimensions in
// the order given, so alarms describe them back as they were put.
struct MetricStatQuery {
  MetricId metric;
  int period = 0;  // 0: not given
  std::string stat;
  std::optional<std::string> unit;

  bool operator==(const MetricStatQuery&) const = default;
};

// One entry of MetricDataQueries (GetMetricData) or Metrics (PutMetricAlarm): a metric to
// retrieve or a metric math expression over the others.
struct MetricDataQuery {
  std::string id;
  std::optional<MetricStatQuery> metric_stat;
  std::optional<std::string> expression;
  std::optional<std::string> label;
  std::optional<bool> return_data;
  std::optional<int> period;
  std::optional<std::string> account_id;

  bool operator==(const MetricDataQuery&) const = default;
};

// Parses "Average" etc. when `extended` is false, else an extended statistic. Returns
// InvalidParameterValue naming `parameter` when the text is not such a statistic.
Result<Statistic> ParseStatistic(std::string_view text, bool extended, std::string_view parameter);
// Either kind, as GetMetricData's MetricStat.Stat accepts.
Result<Statistic> ParseAnyStatistic(std::string_view text, std::string_view parameter);

}  // namespace stepshift::cloudwatch
