#include "api/cloudwatch/metric_query_docs.h"

namespace stepshift::api::cloudwatch_wire {

namespace cw = stepshift::cloudwatch;

std::vector<cw::Dimension> ReadDimensions(DocReader& r, std::string_view key) {
  std::vector<cw::Dimension> dims;
  for (DocReader& d : r.Structs(key)) {
    std::string name = d.RequiredStr("Name");
    dims.push_back({name, d.RequiredStr("Value")});
  }
  return dims;
}

cw::MetricId ReadMetric(DocReader& r) {
  cw::MetricId id;
  id.namespace_name = r.RequiredStr("Namespace");
  id.metric_name = r.RequiredStr("MetricName");
  id.dimensions = ReadDimensions(r, "Dimensions");
  return id;
}

json::Array DimensionsDoc(const std::vector<cw::Dimension>& dims) {
  json::Array out;
  for (const cw::Dimension& d : dims) {
    out.push_back(json::Object{{"Name", d.name}, {"Value", d.value}});
  }
  return out;
}

std::vector<cw::MetricDataQuery> ReadMetricDataQueries(DocReader& r, std::string_view key) {
  std::vector<cw::MetricDataQuery> queries;
  for (DocReader& q : r.Structs(key)) {
    cw::MetricDataQuery query;
    query.id = q.RequiredStr("Id");
    query.expression = q.Str("Expression");
    query.label = q.Str("Label");
    query.return_data = q.Bool("ReturnData");
    query.period = q.Int("Period");
    query.account_id = q.Str("AccountId");
    if (q.Has("MetricStat")) {
      DocReader s = q.Struct("MetricStat");
      DocReader metric = s.Struct("Metric");
      cw::MetricStatQuery stat;
      stat.metric = ReadMetric(metric);
      stat.period = s.Int("Period").value_or(0);
      stat.stat = s.RequiredStr("Stat");
      stat.unit = s.Str("Unit");
      query.metric_stat = stat;
    }
    queries.push_back(std::move(query));
  }
  return queries;
}

namespace {

json::Object MetricStatDoc(const cw::MetricStatQuery& m) {
  json::Object metric{{"Namespace", m.metric.namespace_name},
                      {"MetricName", m.metric.metric_name},
                      {"Dimensions", DimensionsDoc(m.metric.dimensions)}};
  json::Object o{{"Metric", std::move(metric)}, {"Period", m.period}, {"Stat", m.stat}};
  if (m.unit) {
    o["Unit"] = *m.unit;
  }
  return o;
}

}  // namespace

json::Array MetricDataQueriesDoc(const std::vector<cw::MetricDataQuery>& queries) {
  json::Array out;
  for (const cw::MetricDataQuery& q : queries) {
    json::Object o{{"Id", q.id}};
    if (q.metric_stat) {
      o["MetricStat"] = MetricStatDoc(*q.metric_stat);
    }
    if (q.expression) {
      o["Expression"] = *q.expression;
    }
    if (q.label) {
      o["Label"] = *q.label;
    }
    if (q.return_data) {
      o["ReturnData"] = *q.return_data;
    }
    if (q.period) {
      o["Period"] = *q.period;
    }
    if (q.account_id) {
      o["AccountId"] = *q.account_id;
    }
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace stepshift::api::cloudwatch_wire
