// GetMetricData for CloudWatchModel: MetricStat queries. Metric math is not implemented and is
// rejected with a message that says so, rather than answered wrongly.
#include <algorithm>
#include <cctype>
#include <set>

#include "base/status_macros.h"
#include "cloudwatch/cloudwatch_model.h"
#include "cloudwatch/errors.h"
#include "cloudwatch/paging.h"
#include "cloudwatch/validation.h"

namespace stepshift::cloudwatch {

namespace {

constexpr size_t kMaxQueries = 500;
constexpr int kDefaultMaxDatapoints = 100800;

bool ValidId(const std::string& id) {
  if (id.empty() || id.size() > 255 || !std::islower(static_cast<unsigned char>(id[0]))) {
    return false;
  }
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

Status CheckQuery(const MetricDataQuery& q, const std::string& p) {
  if (!ValidId(q.id)) {
    return InvalidParameterValue("The value " + q.id + " for parameter " + p +
                                 ".Id is invalid. It must start with a lowercase letter and "
                                 "contain only letters, numbers and underscores.");
  }
  if (q.expression) {
    return InvalidParameterValue("Metric math is not supported by stepshift serve: " + p +
                                 ".Expression cannot be evaluated. Use MetricStat queries.");
  }
  if (!q.metric_stat) {
    return MissingParameter("The parameter " + p + ".MetricStat is required.");
  }
  const MetricStatQuery& m = *q.metric_stat;
  RETURN_IF_ERROR(
      CheckNamespace(m.metric.namespace_name, p + ".MetricStat.Metric.Namespace", true));
  RETURN_IF_ERROR(CheckLength(m.metric.metric_name, p + ".MetricStat.Metric.MetricName", 255));
  RETURN_IF_ERROR(CheckDimensions(m.metric.dimensions, p + ".MetricStat.Metric.Dimensions"));
  RETURN_IF_ERROR(CheckUnit(m.unit, p + ".MetricStat.Unit"));
  return CheckQueryPeriod(m.period, p + ".MetricStat.Period");
}

Status CheckRequest(const GetMetricDataRequest& r) {
  if (r.queries.empty()) {
    return MissingParameter("The parameter MetricDataQueries is required.");
  }
  if (r.queries.size() > kMaxQueries) {
    return InvalidParameterValue(
        "The collection MetricDataQueries must not have a size greater "
        "than 500.");
  }
  std::set<std::string> ids;
  for (size_t i = 0; i < r.queries.size(); ++i) {
    std::string p = "MetricDataQueries.member." + std::to_string(i + 1);
    RETURN_IF_ERROR(CheckQuery(r.queries[i], p));
    if (!ids.insert(r.queries[i].id).second) {
      return InvalidParameterValue("The value " + r.queries[i].id + " for parameter " + p +
                                   ".Id is not unique.");
    }
  }
  if (r.start_time >= r.end_time) {
    return InvalidParameterValue(
        "The parameter StartTime must be less than the parameter "
        "EndTime.");
  }
  if (r.scan_by && *r.scan_by != "TimestampDescending" && *r.scan_by != "TimestampAscending") {
    return InvalidParameterValue("The value " + *r.scan_by +
                                 " for parameter ScanBy is not supported.");
  }
  if (r.max_datapoints && *r.max_datapoints < 1) {
    return InvalidParameterValue("The parameter MaxDatapoints must be greater than 0.");
  }
  return Status::Ok();
}

// Keeps the datapoints in [offset, offset + limit) of all results taken in order; returns
// whether more remain.
bool Page(std::vector<MetricDataResult>* results, int64_t offset, int64_t limit) {
  int64_t seen = 0;
  bool more = false;
  for (MetricDataResult& r : *results) {
    std::vector<Time> ts;
    std::vector<double> vs;
    for (size_t i = 0; i < r.timestamps.size(); ++i, ++seen) {
      if (seen >= offset && seen < offset + limit) {
        ts.push_back(r.timestamps[i]);
        vs.push_back(r.values[i]);
      } else if (seen >= offset + limit) {
        more = true;
      }
    }
    if (seen > offset + limit) {
      r.status_code = "PartialData";
    }
    r.timestamps = std::move(ts);
    r.values = std::move(vs);
  }
  return more;
}

}  // namespace

Result<GetMetricDataResult> CloudWatchModel::GetMetricData(const GetMetricDataRequest& request) {
  RETURN_IF_ERROR(CheckRequest(request));
  int64_t offset = 0;
  if (request.next_token) {
    std::optional<int64_t> decoded = DecodeOffsetToken(*request.next_token);
    if (!decoded) {
      return InvalidNextToken("The service returned an invalid NextToken.");
    }
    offset = *decoded;
  }
  std::vector<std::pair<const MetricDataQuery*, Statistic>> queries;
  for (size_t i = 0; i < request.queries.size(); ++i) {
    const MetricDataQuery& q = request.queries[i];
    if (!q.return_data.value_or(true)) {
      continue;
    }
    std::string p = "MetricDataQueries.member." + std::to_string(i + 1) + ".MetricStat.Stat";
    ASSIGN_OR_RETURN(Statistic stat, ParseAnyStatistic(q.metric_stat->stat, p));
    queries.emplace_back(&q, stat);
  }
  const bool ascending = request.scan_by.value_or("") == "TimestampAscending";
  GetMetricDataResult result;
  std::lock_guard lock(metrics_mu_);
  for (auto& [query, stat] : queries) {
    MetricDataResult r;
    r.id = query->id;
    r.label = query->label.value_or(query->metric_stat->metric.metric_name);
    MetricId metric = query->metric_stat->metric;
    metric.Normalize();
    const Series* series = metrics_->Find(metric.Key());
    if (series != nullptr) {
      std::optional<int> unit;
      if (query->metric_stat->unit) {
        unit = UnitIndex(*query->metric_stat->unit);
      }
      PeriodAggregates buckets =
          metrics_->Aggregate(*series, request.start_time, request.end_time,
                              query->metric_stat->period, unit, stat.IsExtended());
      for (auto& [start, aggregate] : buckets) {
        if (std::optional<double> v = aggregate.Compute(stat)) {
          r.timestamps.push_back(Time(std::chrono::milliseconds(start)));
          r.values.push_back(*v);
        }
      }
      if (!ascending) {
        std::reverse(r.timestamps.begin(), r.timestamps.end());
        std::reverse(r.values.begin(), r.values.end());
      }
    }
    result.results.push_back(std::move(r));
  }
  int64_t limit = request.max_datapoints.value_or(kDefaultMaxDatapoints);
  if (Page(&result.results, offset, limit)) {
    result.next_token = EncodeOffsetToken(offset + limit);
  }
  return result;
}

}  // namespace stepshift::cloudwatch
