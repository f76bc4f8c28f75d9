// GetMetricData for CloudWatchModel: MetricStat queries and metric math expressions over them
// (metric_queries.h), with GetMetricData's validation messages.
#include <algorithm>
#include <set>

#include "base/status_macros.h"
#include "cloudwatch/cloudwatch_model.h"
#include "cloudwatch/errors.h"
#include "cloudwatch/metric_queries.h"
#include "cloudwatch/paging.h"
#include "cloudwatch/validation.h"

namespace stepshift::cloudwatch {

namespace {

constexpr size_t kMaxQueries = 500;
constexpr size_t kMaxExpressionLength = 2048;
constexpr int kDefaultMaxDatapoints = 100800;

std::string Member(size_t i) {
  return "MetricDataQueries.member." + std::to_string(i + 1);
}

Status ConstraintViolation(const std::string& value, const std::string& at, size_t min,
                           size_t max) {
  std::string bound = value.size() < min ? "greater than or equal to " + std::to_string(min)
                                         : "less than or equal to " + std::to_string(max);
  return ValidationError("1 validation error detected: Value '" + value + "' at '" + at +
                         "' failed to satisfy constraint: Member must have length " + bound);
}

// The service's own constraint check on lengths, which runs before everything else.
Status CheckConstraints(const GetMetricDataRequest& r) {
  for (size_t i = 0; i < r.queries.size(); ++i) {
    const MetricDataQuery& q = r.queries[i];
    std::string at = "metricDataQueries." + std::to_string(i + 1) + ".member.";
    if (q.id.empty() || q.id.size() > 255) {
      return ConstraintViolation(q.id, at + "id", 1, 255);
    }
    if (q.expression && (q.expression->empty() || q.expression->size() > kMaxExpressionLength)) {
      return ConstraintViolation(*q.expression, at + "expression", 1, kMaxExpressionLength);
    }
  }
  return Status::Ok();
}

// CloudWatch reports these for every query at once, one message per line.
Status CheckQueryShapes(const GetMetricDataRequest& r) {
  std::string errors;
  for (size_t i = 0; i < r.queries.size(); ++i) {
    const MetricDataQuery& q = r.queries[i];
    const std::string p = Member(i);
    if (!IsValidQueryId(q.id)) {
      errors += "The value " + q.id + " for parameter " + p +
                ".Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.\n";
    }
    if (q.expression && q.metric_stat) {
      errors += "The parameters " + p + ".Expression and " + p +
                ".MetricStat are mutually exclusive and you have specified both.\n";
    } else if (!q.expression && !q.metric_stat) {
      errors += "The parameter " + p + ".MetricStat is required.\n";
    }
    if (q.metric_stat && !ParseAnyStatistic(q.metric_stat->stat, "").ok()) {
      errors += "The value " + q.metric_stat->stat + " for parameter " + p +
                ".MetricStat.Stat is not a valid statistic.\n";
    }
  }
  return errors.empty() ? Status::Ok() : ValidationError(errors);
}

Status CheckQuery(const MetricDataQuery& q, const std::string& p) {
  if (q.period) {
    RETURN_IF_ERROR(CheckQueryPeriod(*q.period, p + ".Period"));
  }
  if (!q.metric_stat) {
    return Status::Ok();
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
  RETURN_IF_ERROR(CheckConstraints(r));
  RETURN_IF_ERROR(CheckQueryShapes(r));
  std::set<std::string> ids;
  for (size_t i = 0; i < r.queries.size(); ++i) {
    if (!ids.insert(r.queries[i].id).second) {
      return ValidationError("The values for parameter id in MetricDataQueries are not unique.");
    }
    RETURN_IF_ERROR(CheckQuery(r.queries[i], Member(i)));
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

MetricDataResult ToResult(const std::string& id, const TimeSeries& s, bool ascending) {
  MetricDataResult r;
  r.id = id;
  r.label = s.label;
  for (const auto& [t, v] : s.points) {
    r.timestamps.push_back(Time(std::chrono::milliseconds(t)));
    r.values.push_back(v);
  }
  if (!ascending) {
    std::reverse(r.timestamps.begin(), r.timestamps.end());
    std::reverse(r.values.begin(), r.values.end());
  }
  return r;
}

// One result per series of each query returning data, in query order; an expression returning
// an array of time series gives several results with its Id.
std::vector<MetricDataResult> ToResults(const GetMetricDataRequest& request,
                                        const std::vector<std::optional<MathValue>>& values) {
  const bool ascending = request.scan_by.value_or("") == "TimestampAscending";
  std::vector<MetricDataResult> results;
  for (size_t i = 0; i < values.size(); ++i) {
    if (!values[i]) {
      continue;
    }
    for (const TimeSeries& s : values[i]->series) {
      results.push_back(ToResult(request.queries[i].id, s, ascending));
    }
  }
  return results;
}

}  // namespace

TimeSeries CloudWatchModel::FetchSeries(const MetricStatQuery& query, const MathWindow& window) {
  TimeSeries out;
  out.period = query.period;
  MetricId metric = query.metric;
  metric.Normalize();
  const Series* series = metrics_->Find(metric.Key());
  Result<Statistic> stat = ParseAnyStatistic(query.stat, "Stat");
  if (series == nullptr || !stat.ok()) {
    return out;
  }
  std::optional<int> unit;
  if (query.unit) {
    unit = UnitIndex(*query.unit);
  }
  PeriodAggregates buckets = metrics_->Aggregate(
      *series, Time(std::chrono::milliseconds(window.start_ms)),
      Time(std::chrono::milliseconds(window.end_ms)), query.period, unit, stat->IsExtended());
  for (auto& [start, aggregate] : buckets) {
    if (std::optional<double> v = aggregate.Compute(*stat)) {
      out.points.emplace_hint(out.points.end(), start, *v);
    }
  }
  return out;
}

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
  ASSIGN_OR_RETURN(QueryPlan plan, QueryPlan::Compile(request.queries));
  std::vector<bool> wanted;
  bool math = false;
  for (const MetricDataQuery& q : request.queries) {
    wanted.push_back(q.return_data.value_or(true));
    math = math || q.expression.has_value();
  }
  std::vector<std::optional<MathValue>> values;
  {
    std::lock_guard lock(metrics_mu_);
    auto fetch = [this](const MetricDataQuery& q, const MathWindow& w) {
      return FetchSeries(*q.metric_stat, w);
    };
    ASSIGN_OR_RETURN(values, plan.Evaluate(wanted, UnixMillis(request.start_time),
                                           UnixMillis(request.end_time), fetch));
  }
  GetMetricDataResult result;
  result.results = ToResults(request, values);
  int64_t limit = request.max_datapoints.value_or(kDefaultMaxDatapoints);
  // "NextToken is not returned if you are performing a math expression": the rest is cut off.
  if (Page(&result.results, offset, limit) && !math) {
    result.next_token = EncodeOffsetToken(offset + limit);
  }
  return result;
}

}  // namespace stepshift::cloudwatch
