// Wire <-> model translation for the metric operations.
#include "api/cloudwatch/cloudwatch_ops.h"
#include "api/cloudwatch/doc_reader.h"
#include "api/cloudwatch/metric_query_docs.h"
#include "base/status_macros.h"
#include "cloudwatch/errors.h"

namespace stepshift::api::cloudwatch_wire {

namespace cw = stepshift::cloudwatch;

namespace {

Result<Time> RequiredTime(DocReader& r, std::string_view key) {
  std::optional<Time> t = r.Timestamp(key);
  if (!r.ok()) {
    return r.status();
  }
  if (!t) {
    return cw::MissingParameter("The request must contain the parameter " + std::string(key) + ".");
  }
  return *t;
}

cw::MetricDatum ReadDatum(DocReader& d) {
  cw::MetricDatum datum;
  datum.metric_name = d.RequiredStr("MetricName");
  datum.dimensions = ReadDimensions(d, "Dimensions");
  datum.timestamp = d.Timestamp("Timestamp");
  datum.value = d.Double("Value");
  if (d.Has("StatisticValues")) {
    DocReader s = d.Struct("StatisticValues");
    auto member = [&s](std::string_view key) {
      std::optional<double> v = s.Double(key);
      if (!v && s.ok()) {
        s.Fail(cw::MissingParameter("The request must contain the parameter " + s.Path(key) + "."));
      }
      return v.value_or(0);
    };
    datum.statistic_values = cw::StatisticSet{member("SampleCount"), member("Sum"),
                                              member("Minimum"), member("Maximum")};
  }
  datum.values = d.Doubles("Values");
  datum.counts = d.Doubles("Counts");
  datum.unit = d.Str("Unit");
  datum.storage_resolution = d.Int("StorageResolution");
  return datum;
}

json::Object DatapointDoc(const cw::Datapoint& dp) {
  json::Object o;
  o["Timestamp"] = ToEpochSeconds(dp.timestamp);
  const std::pair<const char*, const std::optional<double>*> simple[] = {
      {"SampleCount", &dp.sample_count},
      {"Average", &dp.average},
      {"Sum", &dp.sum},
      {"Minimum", &dp.minimum},
      {"Maximum", &dp.maximum}};
  for (const auto& [name, value] : simple) {
    if (*value) {
      o[name] = **value;
    }
  }
  o["Unit"] = dp.unit;
  if (!dp.extended.empty()) {
    json::Object extended;
    for (const auto& [name, value] : dp.extended) {
      extended[name] = value;
    }
    o["ExtendedStatistics"] = std::move(extended);
  }
  return o;
}

}  // namespace

Result<json::Object> PutMetricData(cw::CloudWatchModel* m, const json::Object& in,
                                   const RequestInfo&) {
  DocReader r(&in);
  cw::PutMetricDataRequest request;
  request.namespace_name = r.RequiredStr("Namespace");
  for (DocReader& d : r.Structs("MetricData")) {
    request.metric_data.push_back(ReadDatum(d));
  }
  if (r.Has("EntityMetricData")) {
    for (DocReader& e : r.Structs("EntityMetricData")) {
      for (DocReader& d : e.Structs("MetricData")) {
        request.metric_data.push_back(ReadDatum(d));
      }
    }
  }
  RETURN_IF_ERROR(r.status());
  RETURN_IF_ERROR(m->PutMetricData(request));
  return json::Object{};
}

Result<json::Object> GetMetricStatistics(cw::CloudWatchModel* m, const json::Object& in,
                                         const RequestInfo&) {
  DocReader r(&in);
  cw::GetMetricStatisticsRequest request;
  request.metric = ReadMetric(r);
  ASSIGN_OR_RETURN(request.start_time, RequiredTime(r, "StartTime"));
  ASSIGN_OR_RETURN(request.end_time, RequiredTime(r, "EndTime"));
  std::optional<int> period = r.Int("Period");
  request.statistics = r.Strings("Statistics");
  request.extended_statistics = r.Strings("ExtendedStatistics");
  request.unit = r.Str("Unit");
  RETURN_IF_ERROR(r.status());
  if (!period) {
    return cw::MissingParameter("The request must contain the parameter Period.");
  }
  request.period = *period;
  ASSIGN_OR_RETURN(cw::GetMetricStatisticsResult result, m->GetMetricStatistics(request));
  json::Array datapoints;
  for (const cw::Datapoint& dp : result.datapoints) {
    datapoints.push_back(DatapointDoc(dp));
  }
  return json::Object{{"Label", result.label}, {"Datapoints", std::move(datapoints)}};
}

Result<json::Object> GetMetricData(cw::CloudWatchModel* m, const json::Object& in,
                                   const RequestInfo&) {
  DocReader r(&in);
  cw::GetMetricDataRequest request;
  request.queries = ReadMetricDataQueries(r, "MetricDataQueries");
  ASSIGN_OR_RETURN(request.start_time, RequiredTime(r, "StartTime"));
  ASSIGN_OR_RETURN(request.end_time, RequiredTime(r, "EndTime"));
  request.next_token = r.Str("NextToken");
  request.scan_by = r.Str("ScanBy");
  request.max_datapoints = r.Int("MaxDatapoints");
  RETURN_IF_ERROR(r.status());
  ASSIGN_OR_RETURN(cw::GetMetricDataResult result, m->GetMetricData(request));
  json::Array results;
  for (const cw::MetricDataResult& res : result.results) {
    json::Array timestamps;
    json::Array values;
    for (size_t i = 0; i < res.timestamps.size(); ++i) {
      timestamps.push_back(ToEpochSeconds(res.timestamps[i]));
      values.push_back(res.values[i]);
    }
    json::Object doc{{"Id", res.id},
                     {"Label", res.label},
                     {"Timestamps", std::move(timestamps)},
                     {"Values", std::move(values)},
                     {"StatusCode", res.status_code}};
    if (!res.messages.empty()) {
      json::Array messages;
      for (const auto& [code, value] : res.messages) {
        messages.push_back(json::Object{{"Code", code}, {"Value", value}});
      }
      doc["Messages"] = std::move(messages);
    }
    results.push_back(std::move(doc));
  }
  json::Object out{{"MetricDataResults", std::move(results)}, {"Messages", json::Array{}}};
  if (result.next_token) {
    out["NextToken"] = *result.next_token;
  }
  return out;
}

Result<json::Object> ListMetrics(cw::CloudWatchModel* m, const json::Object& in,
                                 const RequestInfo&) {
  DocReader r(&in);
  cw::ListMetricsRequest request;
  request.namespace_name = r.Str("Namespace");
  request.metric_name = r.Str("MetricName");
  for (DocReader& d : r.Structs("Dimensions")) {
    std::string name = d.RequiredStr("Name");
    request.dimensions.emplace_back(name, d.Str("Value"));
  }
  request.recently_active = r.Str("RecentlyActive");
  request.next_token = r.Str("NextToken");
  RETURN_IF_ERROR(r.status());
  ASSIGN_OR_RETURN(cw::ListMetricsResult result, m->ListMetrics(request));
  json::Array metrics;
  for (const cw::MetricId& id : result.metrics) {
    metrics.push_back(json::Object{{"Namespace", id.namespace_name},
                                   {"MetricName", id.metric_name},
                                   {"Dimensions", DimensionsDoc(id.dimensions)}});
  }
  json::Object out{{"Metrics", std::move(metrics)}};
  if (result.next_token) {
    out["NextToken"] = *result.next_token;
  }
  return out;
}

}  // namespace stepshift::api::cloudwatch_wire
