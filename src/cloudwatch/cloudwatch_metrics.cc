// The metric operations of CloudWatchModel: PutMetricData, GetMetricStatistics, GetMetricData,
// ListMetrics.
#include <algorithm>
#include <cmath>

#include "base/status_macros.h"
#include "cloudwatch/cloudwatch_model.h"
#include "cloudwatch/errors.h"
#include "cloudwatch/paging.h"
#include "cloudwatch/validation.h"

namespace stepshift::cloudwatch {

namespace {

constexpr size_t kMaxMetricData = 1000;
constexpr size_t kMaxValues = 150;
constexpr int64_t kMaxStatisticsDatapoints = 1440;
constexpr size_t kListMetricsPage = 500;

Status CheckValue(double v, const std::string& parameter) {
  if (!std::isfinite(v) || std::fabs(v) > 1.7e308 || (v != 0 && std::fabs(v) < 8.515920e-109) ||
      std::fabs(v) > 1.174271e108) {
    return InvalidParameterValue("The value " + std::to_string(v) + " for parameter " + parameter +
                                 " is invalid.");
  }
  return Status::Ok();
}

Status CheckDatumShape(const MetricDatum& d, const std::string& p) {
  int given = (d.value ? 1 : 0) + (d.statistic_values ? 1 : 0) + (d.values ? 1 : 0);
  if (given > 1) {
    std::string a = d.value ? p + ".Value" : p + ".StatisticValues";
    std::string b = d.values ? p + ".Values" : p + ".StatisticValues";
    return InvalidParameterCombination("The parameters " + a + " and " + b +
                                       " are mutually exclusive and you have specified both.");
  }
  if (given == 0) {
    return MissingParameter("The parameter " + p + ".Value is required.");
  }
  if (d.counts && !d.values) {
    return InvalidParameterCombination("The parameter " + p + ".Counts requires " + p + ".Values.");
  }
  if (d.values && d.values->size() > kMaxValues) {
    return InvalidParameterValue("The collection " + p +
                                 ".Values must not have a size greater "
                                 "than 150.");
  }
  if (d.values && d.counts && d.values->size() != d.counts->size()) {
    return InvalidParameterValue("The parameters " + p + ".Values and " + p +
                                 ".Counts must be of the same size.");
  }
  if (d.storage_resolution && *d.storage_resolution != 1 && *d.storage_resolution != 60) {
    return InvalidParameterValue("The value " + std::to_string(*d.storage_resolution) +
                                 " for parameter " + p + ".StorageResolution is not supported.");
  }
  return Status::Ok();
}

Status AppendStatisticSet(const StatisticSet& s, const std::string& p, Sample base,
                          std::vector<Sample>* out) {
  for (double v : {s.sample_count, s.sum, s.minimum, s.maximum}) {
    RETURN_IF_ERROR(CheckValue(v, p + ".StatisticValues"));
  }
  if (s.sample_count <= 0 || s.minimum > s.maximum) {
    return InvalidParameterValue("The parameter " + p + ".StatisticValues is invalid: " +
                                 "SampleCount must be positive and Minimum <= Maximum.");
  }
  base.count = s.sample_count;
  base.sum = s.sum;
  base.min = s.minimum;
  base.max = s.maximum;
  base.value = std::nan("");
  out->push_back(base);
  return Status::Ok();
}

Status AppendSamples(const MetricDatum& d, const std::string& p, Time now,
                     std::vector<Sample>* out) {
  RETURN_IF_ERROR(CheckDatumShape(d, p));
  Time ts = d.timestamp.value_or(now);
  if (ts > now + std::chrono::hours(2)) {
    return InvalidParameterValue("The parameter " + p +
                                 ".Timestamp must specify a time no more "
                                 "than two hours in the future.");
  }
  if (ts < now - std::chrono::hours(24 * 14)) {
    return InvalidParameterValue("The parameter " + p +
                                 ".Timestamp must specify a time within "
                                 "the past two weeks.");
  }
  Sample base;
  base.ts_ms = UnixMillis(ts);
  base.unit = d.unit ? UnitIndex(*d.unit) : NoneUnitIndex();
  if (d.statistic_values) {
    return AppendStatisticSet(*d.statistic_values, p, base, out);
  }
  std::vector<double> values = d.values ? *d.values : std::vector<double>{*d.value};
  for (size_t i = 0; i < values.size(); ++i) {
    double count = d.counts ? (*d.counts)[i] : 1.0;
    RETURN_IF_ERROR(CheckValue(values[i], p + (d.values ? ".Values" : ".Value")));
    if (!(count >= 0) || !std::isfinite(count)) {
      return InvalidParameterValue("The parameter " + p +
                                   ".Counts must contain non-negative "
                                   "numbers.");
    }
    if (count == 0) {
      continue;
    }
    Sample s = base;
    s.count = count;
    s.sum = values[i] * count;
    s.min = s.max = s.value = values[i];
    out->push_back(s);
  }
  return Status::Ok();
}

Status CheckStatisticsRequest(const GetMetricStatisticsRequest& r) {
  RETURN_IF_ERROR(CheckNamespace(r.metric.namespace_name, "Namespace", true));
  RETURN_IF_ERROR(CheckLength(r.metric.metric_name, "MetricName", 255));
  RETURN_IF_ERROR(CheckDimensions(r.metric.dimensions, "Dimensions"));
  RETURN_IF_ERROR(CheckUnit(r.unit, "Unit"));
  if (r.statistics.empty() == r.extended_statistics.empty()) {
    return InvalidParameterCombination(
        "Must specify either Statistics or ExtendedStatistics, but not both.");
  }
  if (r.statistics.size() > 5 || r.extended_statistics.size() > 10) {
    return InvalidParameterValue(r.statistics.size() > 5
                                     ? "The collection Statistics must not have a size greater "
                                       "than 5."
                                     : "The collection ExtendedStatistics must not have a size "
                                       "greater than 10.");
  }
  RETURN_IF_ERROR(CheckQueryPeriod(r.period, "Period"));
  if (r.start_time >= r.end_time) {
    return InvalidParameterValue(
        "The parameter StartTime must be less than the parameter "
        "EndTime.");
  }
  int64_t requested =
      (UnixMillis(r.end_time) - UnixMillis(r.start_time)) / (int64_t{r.period} * 1000);
  if (requested > kMaxStatisticsDatapoints) {
    return InvalidParameterCombination(
        "You have requested up to " + std::to_string(requested) +
        " datapoints, which exceeds the limit of 1440. You may reduce the datapoints requested "
        "by increasing Period, or decreasing the time range.");
  }
  return Status::Ok();
}

void SetSimple(Datapoint* dp, const Statistic& stat, double value) {
  switch (stat.kind) {
    case Statistic::Kind::kSampleCount:
      dp->sample_count = value;
      break;
    case Statistic::Kind::kAverage:
      dp->average = value;
      break;
    case Statistic::Kind::kSum:
      dp->sum = value;
      break;
    case Statistic::Kind::kMinimum:
      dp->minimum = value;
      break;
    default:
      dp->maximum = value;
      break;
  }
}

}  // namespace

Status CloudWatchModel::PutMetricData(const PutMetricDataRequest& request) {
  RETURN_IF_ERROR(
      CheckNamespace(request.namespace_name, "Namespace", request.allow_reserved_namespace));
  if (request.metric_data.empty()) {
    return MissingParameter("The parameter MetricData is required.");
  }
  if (request.metric_data.size() > kMaxMetricData) {
    return InvalidParameterValue(
        "The collection MetricData must not have a size greater than "
        "1000.");
  }
  Time now = clock_->Now();
  std::vector<MetricSamples> batch;
  batch.reserve(request.metric_data.size());
  for (size_t i = 0; i < request.metric_data.size(); ++i) {
    const MetricDatum& d = request.metric_data[i];
    std::string p = "MetricData.member." + std::to_string(i + 1);
    RETURN_IF_ERROR(CheckLength(d.metric_name, p + ".MetricName", 255));
    RETURN_IF_ERROR(CheckDimensions(d.dimensions, p + ".Dimensions"));
    RETURN_IF_ERROR(CheckUnit(d.unit, p + ".Unit"));
    MetricSamples item;
    item.metric = {request.namespace_name, d.metric_name, d.dimensions};
    item.metric.Normalize();
    RETURN_IF_ERROR(AppendSamples(d, p, now, &item.samples));
    batch.push_back(std::move(item));
  }
  std::lock_guard lock(metrics_mu_);
  std::lock_guard db(db_mu_);
  return metrics_->Put(batch);
}

Result<GetMetricStatisticsResult> CloudWatchModel::GetMetricStatistics(
    const GetMetricStatisticsRequest& request) {
  RETURN_IF_ERROR(CheckStatisticsRequest(request));
  std::vector<Statistic> stats;
  for (const std::string& s : request.statistics) {
    ASSIGN_OR_RETURN(Statistic stat, ParseStatistic(s, false, "Statistics"));
    stats.push_back(stat);
  }
  for (const std::string& s : request.extended_statistics) {
    ASSIGN_OR_RETURN(Statistic stat, ParseStatistic(s, true, "ExtendedStatistics"));
    stats.push_back(stat);
  }
  MetricId metric = request.metric;
  metric.Normalize();
  std::optional<int> unit;
  if (request.unit) {
    unit = UnitIndex(*request.unit);
  }
  GetMetricStatisticsResult result;
  result.label = metric.metric_name;
  std::lock_guard lock(metrics_mu_);
  const Series* series = metrics_->Find(metric.Key());
  if (series == nullptr) {
    return result;
  }
  PeriodAggregates buckets =
      metrics_->Aggregate(*series, request.start_time, request.end_time, request.period, unit,
                          !request.extended_statistics.empty());
  for (auto& [start, aggregate] : buckets) {
    Datapoint dp;
    dp.timestamp = Time(std::chrono::milliseconds(start));
    dp.unit = std::string(UnitName(aggregate.unit()));
    for (const Statistic& stat : stats) {
      std::optional<double> v = aggregate.Compute(stat);
      if (!v) {
        continue;
      }
      if (stat.IsExtended()) {
        dp.extended.emplace_back(stat.text, *v);
      } else {
        SetSimple(&dp, stat, *v);
      }
    }
    result.datapoints.push_back(std::move(dp));
  }
  return result;
}

Result<ListMetricsResult> CloudWatchModel::ListMetrics(const ListMetricsRequest& request) {
  ListMetricsFilter filter;
  filter.namespace_name = request.namespace_name;
  filter.metric_name = request.metric_name;
  filter.dimensions = request.dimensions;
  if (request.dimensions.size() > 10) {
    return InvalidParameterValue(
        "The collection Dimensions must not have a size greater than "
        "10.");
  }
  if (request.recently_active) {
    if (*request.recently_active != "PT3H") {
      return InvalidParameterValue("The value " + *request.recently_active +
                                   " for parameter RecentlyActive is not supported.");
    }
    filter.active_since = clock_->Now() - std::chrono::hours(3);
  }
  int64_t offset = 0;
  if (request.next_token) {
    std::optional<int64_t> decoded = DecodeOffsetToken(*request.next_token);
    if (!decoded) {
      return InvalidNextToken("The service returned an invalid NextToken.");
    }
    offset = *decoded;
  }
  std::lock_guard lock(metrics_mu_);
  std::vector<const Series*> all = metrics_->List(filter);
  ListMetricsResult result;
  for (size_t i = offset; i < all.size() && result.metrics.size() < kListMetricsPage; ++i) {
    result.metrics.push_back(all[i]->metric);
  }
  if (offset + result.metrics.size() < all.size()) {
    result.next_token = EncodeOffsetToken(offset + result.metrics.size());
  }
  return result;
}

}  // namespace stepshift::cloudwatch
