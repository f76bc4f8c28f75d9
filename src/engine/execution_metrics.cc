#include "engine/execution_metrics.h"

#include <algorithm>

#include "engine/arn.h"

namespace stepshift::engine {

namespace {

constexpr const char* kEndMetrics[] = {"ExecutionsSucceeded", "ExecutionsFailed",
                                       "ExecutionsAborted", "ExecutionsTimedOut"};
constexpr const char* kRedrivenEndMetrics[] = {
    "RedrivenExecutionsSucceeded", "RedrivenExecutionsFailed", "RedrivenExecutionsAborted",
    "RedrivenExecutionsTimedOut"};

// By TaskMetric order: scheduled, started, succeeded, failed, timed out, the three times, then
// heartbeat timed out.
enum TaskMetric {
  kScheduled,
  kStarted,
  kTaskEnds,
  kScheduleTime = kTaskEnds + 3,
  kRunTime,
  kTime,
  kHeartbeatTimedOut
};

constexpr const char* kLambdaMetrics[] = {
    "LambdaFunctionsScheduled", "LambdaFunctionsStarted",  "LambdaFunctionsSucceeded",
    "LambdaFunctionsFailed",    "LambdaFunctionsTimedOut", "LambdaFunctionScheduleTime",
    "LambdaFunctionRunTime",    "LambdaFunctionTime",      "LambdaFunctionsTimedOut"};
constexpr const char* kIntegrationMetrics[] = {
    "ServiceIntegrationsScheduled", "ServiceIntegrationsStarted",  "ServiceIntegrationsSucceeded",
    "ServiceIntegrationsFailed",    "ServiceIntegrationsTimedOut", "ServiceIntegrationScheduleTime",
    "ServiceIntegrationRunTime",    "ServiceIntegrationTime",      "ServiceIntegrationsTimedOut"};
constexpr const char* kActivityMetrics[] = {
    "ActivitiesScheduled", "ActivitiesStarted",  "ActivitiesSucceeded",
    "ActivitiesFailed",    "ActivitiesTimedOut", "ActivityScheduleTime",
    "ActivityRunTime",     "ActivityTime",       "ActivitiesHeartbeatTimedOut"};

int64_t EpochSecond(Time t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

bool IsLambdaFunction(const std::string& resource) {
  return resource.find(":lambda:") != std::string::npos &&
         resource.find(":function:") != std::string::npos;
}

// arn:aws:states:::lambda:invoke -> arn:aws:states:REGION:ACCOUNT:lambda:invoke, the region and
// account taken from the execution ARN (arn:PARTITION:states:REGION:ACCOUNT:execution:...).
std::string QualifiedIntegration(const std::string& resource, const std::string& execution_arn) {
  const std::string bare = "arn:aws:states:::";
  if (resource.rfind(bare, 0) != 0)
    return resource;
  size_t region = execution_arn.find(":states:") + 8;
  size_t resource_type = execution_arn.find(':', execution_arn.find(':', region) + 1);
  return execution_arn.substr(0, resource_type + 1) + resource.substr(bare.size());
}

MetricPoint PointOf(const MetricDimensions& dims, const char* name, int64_t second,
                    const auto& figures) {
  MetricPoint p;
  p.name = name;
  p.dimensions = dims;
  p.timestamp = Time(std::chrono::seconds(second));
  p.unit = figures.milliseconds ? "Milliseconds" : "Count";
  p.sample_count = figures.samples;
  p.sum = figures.sum;
  p.minimum = figures.minimum;
  p.maximum = figures.maximum;
  for (const auto& [value, count] : figures.values) {
    p.values.push_back(static_cast<double>(value));
    p.counts.push_back(static_cast<double>(count));
  }
  return p;
}

}  // namespace

size_t ExecutionMetrics::KeyHash::operator()(const Key& k) const {
  size_t h = std::hash<const void*>()(k.dimensions);
  h = h * 31 + std::hash<const void*>()(k.name);
  return h * 31 + std::hash<int64_t>()(k.second);
}

const MetricTarget* ExecutionMetrics::Intern(const std::string& key,
                                             const std::function<MetricTarget()>& make) {
  std::lock_guard<std::mutex> lock(mu_);
  std::unique_ptr<MetricTarget>& slot = targets_[key];
  if (slot == nullptr)
    slot = std::make_unique<MetricTarget>(make());
  return slot.get();
}

const MetricTarget* ExecutionMetrics::Target(const std::string& state_machine_arn, int64_t version,
                                             const std::string& alias) {
  std::string key =
      "execution\n" + state_machine_arn + "\n" + std::to_string(version) + "\n" + alias;
  return Intern(key, [&] {
    MetricTarget target;
    target.dimension_sets.push_back({{"StateMachineArn", state_machine_arn}});
    if (version > 0) {
      target.dimension_sets.push_back(
          {{"StateMachineArn", state_machine_arn}, {"Version", std::to_string(version)}});
    }
    if (!alias.empty()) {
      target.dimension_sets.push_back({{"StateMachineArn", state_machine_arn}, {"Alias", alias}});
    }
    return target;
  });
}

const MetricTarget* ExecutionMetrics::TaskTarget(const std::string& resource,
                                                 const std::string& execution_arn) {
  if (IsActivityResource(resource)) {
    return Intern("task\n" + resource, [&] {
      return MetricTarget{{{{"ActivityArn", resource}}}, kActivityMetrics};
    });
  }
  bool lambda = IsLambdaFunction(resource);
  std::string arn = lambda ? resource : QualifiedIntegration(resource, execution_arn);
  return Intern("task\n" + arn, [&] {
    MetricTarget target;
    target.dimension_sets.push_back(
        {{lambda ? "LambdaFunctionArn" : "ServiceIntegrationResourceArn", arn}});
    target.task_names = lambda ? kLambdaMetrics : kIntegrationMetrics;
    return target;
  });
}

void ExecutionMetrics::Count(const MetricTarget* target, const char* name, Time at, double value) {
  for (const MetricDimensions& dims : target->dimension_sets) {
    Figures& f = figures_[Key{&dims, name, EpochSecond(at)}];
    f.minimum = f.samples == 0 ? value : std::min(f.minimum, value);
    f.maximum = f.samples == 0 ? value : std::max(f.maximum, value);
    f.samples += 1;
    f.sum += value;
  }
}

void ExecutionMetrics::Millis(const MetricTarget* target, const char* name, Time at, Duration d) {
  int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  for (const MetricDimensions& dims : target->dimension_sets) {
    Figures& f = figures_[Key{&dims, name, EpochSecond(at)}];
    f.milliseconds = true;
    ++f.values[ms];
  }
}

void ExecutionMetrics::Started(const MetricTarget* target, Time at) {
  if (sink_ == nullptr)
    return;
  std::lock_guard<std::mutex> lock(mu_);
  Count(target, "ExecutionsStarted", at, 1);
}

void ExecutionMetrics::Redriven(const MetricTarget* target, Time at) {
  if (sink_ == nullptr)
    return;
  std::lock_guard<std::mutex> lock(mu_);
  Count(target, "ExecutionsRedriven", at, 1);
}

void ExecutionMetrics::Ended(const MetricTarget* target, ExecutionEnd end, Time start, Time stop,
                             bool redriven) {
  if (sink_ == nullptr)
    return;
  std::lock_guard<std::mutex> lock(mu_);
  Count(target, "ExecutionsStarted", stop, 0);  // the documented 0 at the close
  Count(target, kEndMetrics[static_cast<int>(end)], stop, 1);
  if (redriven)
    Count(target, kRedrivenEndMetrics[static_cast<int>(end)], stop, 1);
  Millis(target, "ExecutionTime", stop, stop - start);
}

void ExecutionMetrics::TaskScheduled(const MetricTarget* target, Time at) {
  if (sink_ == nullptr)
    return;
  std::lock_guard<std::mutex> lock(mu_);
  Count(target, target->task_names[kScheduled], at, 1);
}

void ExecutionMetrics::TaskStarted(const MetricTarget* target, Time at) {
  if (sink_ == nullptr)
    return;
  std::lock_guard<std::mutex> lock(mu_);
  Count(target, target->task_names[kStarted], at, 1);
}

void ExecutionMetrics::TaskEnded(const MetricTarget* target, TaskEnd end, Time scheduled,
                                 Time started, Time ended) {
  if (sink_ == nullptr)
    return;
  std::lock_guard<std::mutex> lock(mu_);
  int name =
      end == TaskEnd::kHeartbeatTimedOut ? kHeartbeatTimedOut : kTaskEnds + static_cast<int>(end);
  Count(target, target->task_names[name], ended, 1);
  Millis(target, target->task_names[kScheduleTime], ended, started - scheduled);
  Millis(target, target->task_names[kRunTime], ended, ended - started);
  Millis(target, target->task_names[kTime], ended, ended - scheduled);
}

void ExecutionMetrics::Flush() {
  if (sink_ == nullptr)
    return;
  std::vector<MetricPoint> points;
  {
    std::lock_guard<std::mutex> lock(mu_);
    points.reserve(figures_.size());
    for (const auto& [key, figures] : figures_)
      points.push_back(PointOf(*key.dimensions, key.name, key.second, figures));
    figures_.clear();
  }
  if (!points.empty())
    sink_->Publish(std::move(points));
}

}  // namespace stepshift::engine
