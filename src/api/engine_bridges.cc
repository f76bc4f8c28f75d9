#include "api/engine_bridges.h"

#include <algorithm>
#include <iostream>

#include "engine/executions.h"

namespace stepshift::api {

namespace {

// PutMetricData takes at most 150 distinct values per datum and 1000 data per request.
constexpr size_t kMaxValuesPerDatum = 150;
constexpr size_t kMaxDataPerRequest = 1000;

void AppendData(const engine::MetricPoint& p, std::vector<cloudwatch::MetricDatum>* out) {
  cloudwatch::MetricDatum d;
  d.metric_name = p.name;
  for (const auto& [name, value] : p.dimensions)
    d.dimensions.push_back({name, value});
  d.timestamp = p.timestamp;
  d.unit = p.unit;
  if (p.values.empty()) {
    d.statistic_values = cloudwatch::StatisticSet{p.sample_count, p.sum, p.minimum, p.maximum};
    out->push_back(std::move(d));
    return;
  }
  for (size_t i = 0; i < p.values.size(); i += kMaxValuesPerDatum) {
    size_t end = std::min(p.values.size(), i + kMaxValuesPerDatum);
    cloudwatch::MetricDatum chunk = d;
    chunk.values.emplace(p.values.begin() + i, p.values.begin() + end);
    chunk.counts.emplace(p.counts.begin() + i, p.counts.begin() + end);
    out->push_back(std::move(chunk));
  }
}

}  // namespace

void CloudWatchMetricsSink::Publish(std::vector<engine::MetricPoint> points) {
  std::vector<cloudwatch::MetricDatum> data;
  for (const engine::MetricPoint& p : points)
    AppendData(p, &data);
  for (size_t i = 0; i < data.size(); i += kMaxDataPerRequest) {
    cloudwatch::PutMetricDataRequest request;
    request.namespace_name = "AWS/States";
    request.allow_reserved_namespace = true;
    request.metric_data.assign(
        std::make_move_iterator(data.begin() + i),
        std::make_move_iterator(data.begin() + std::min(data.size(), i + kMaxDataPerRequest)));
    Status status = model_->PutMetricData(request);
    if (!status.ok()) {
      // Nobody waits for these: say so instead of losing them silently.
      std::cerr << "stepshift serve: AWS/States metrics not recorded: " << status.ToString()
                << "\n";
    }
  }
}

asl::TaskOutcome ServeTaskRunner::Run(const asl::TaskRequest& request) {
  if (functions_ && functions_->Resolve(request.resource, *request.input) != nullptr)
    return functions_->Run(request);
  return engine::MissingTaskOutcome(request);
}

}  // namespace stepshift::api
