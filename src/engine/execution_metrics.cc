#include "engine/execution_metrics.h"

namespace stepshift::engine {

namespace {

constexpr const char* kEndMetrics[] = {"ExecutionsSucceeded", "ExecutionsFailed",
                                       "ExecutionsAborted", "ExecutionsTimedOut"};

int64_t EpochSecond(Time t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

MetricPoint CountPoint(const char* name, const MetricDimensions& dims, Time at, int64_t samples,
                       int64_t sum) {
  MetricPoint p;
  p.name = name;
  p.dimensions = dims;
  p.timestamp = at;
  p.unit = "Count";
  p.sample_count = static_cast<double>(samples);
  p.sum = static_cast<double>(sum);
  p.minimum = sum < samples ? 0 : 1;  // every value is 0 or 1
  p.maximum = sum > 0 ? 1 : 0;
  return p;
}

}  // namespace

std::shared_ptr<const MetricTarget> ExecutionMetrics::Target(const std::string& state_machine_arn,
                                                             int64_t version,
                                                             const std::string& alias) {
  std::string key = state_machine_arn + '\n' + std::to_string(version) + '\n' + alias;
  std::lock_guard<std::mutex> lock(mu_);
  auto& target = targets_[key];
  if (target == nullptr) {
    auto made = std::make_shared<MetricTarget>();
    made->dimension_sets.push_back({{"StateMachineArn", state_machine_arn}});
    if (version > 0) {
      made->dimension_sets.push_back(
          {{"StateMachineArn", state_machine_arn}, {"Version", std::to_string(version)}});
    }
    if (!alias.empty()) {
      made->dimension_sets.push_back({{"StateMachineArn", state_machine_arn}, {"Alias", alias}});
    }
    target = std::move(made);
  }
  return target;
}

ExecutionMetrics::Second& ExecutionMetrics::At(const std::shared_ptr<const MetricTarget>& target,
                                               Time at) {
  return seconds_[Key(target.get(), EpochSecond(at))];
}

void ExecutionMetrics::Started(const std::shared_ptr<const MetricTarget>& target, Time at) {
  if (sink_ == nullptr)
    return;
  std::lock_guard<std::mutex> lock(mu_);
  Second& s = At(target, at);
  ++s.started_samples;
  ++s.started;
}

void ExecutionMetrics::Ended(const std::shared_ptr<const MetricTarget>& target, ExecutionEnd end,
                             Time start, Time stop) {
  if (sink_ == nullptr)
    return;
  int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(stop - start).count();
  std::lock_guard<std::mutex> lock(mu_);
  Second& s = At(target, stop);
  ++s.started_samples;  // the documented 0 at the close
  ++s.ended[static_cast<int>(end)];
  ++s.times_ms[ms];
}

void ExecutionMetrics::AppendPoints(const MetricTarget& target, Time second, const Second& figures,
                                    std::vector<MetricPoint>* out) {
  for (const MetricDimensions& dims : target.dimension_sets) {
    if (figures.started_samples > 0) {
      out->push_back(
          CountPoint("ExecutionsStarted", dims, second, figures.started_samples, figures.started));
    }
    for (int i = 0; i < 4; ++i) {
      if (figures.ended[i] > 0) {
        out->push_back(
            CountPoint(kEndMetrics[i], dims, second, figures.ended[i], figures.ended[i]));
      }
    }
    if (figures.times_ms.empty())
      continue;
    MetricPoint time;
    time.name = "ExecutionTime";
    time.dimensions = dims;
    time.timestamp = second;
    time.unit = "Milliseconds";
    for (const auto& [ms, count] : figures.times_ms) {
      time.values.push_back(static_cast<double>(ms));
      time.counts.push_back(static_cast<double>(count));
    }
    out->push_back(std::move(time));
  }
}

void ExecutionMetrics::Flush() {
  if (sink_ == nullptr)
    return;
  std::vector<MetricPoint> points;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [key, figures] : seconds_) {
      AppendPoints(*key.first, Time(std::chrono::seconds(key.second)), figures, &points);
    }
    seconds_.clear();
  }
  if (!points.empty())
    sink_->Publish(std::move(points));
}

}  // namespace stepshift::engine
