// The AWS/States metrics, as Step Functions publishes them (developer guide, "Monitoring Step
// Functions metrics using CloudWatch").
//
// Executions: ExecutionsStarted (1 when an execution starts and 0 when it closes, so its
// SampleCount is 2 per execution, as documented), ExecutionsSucceeded/Failed/Aborted/TimedOut and
// ExecutionTime (Milliseconds) at the close, each with the dimension StateMachineArn, and again
// with StateMachineArn+Version and StateMachineArn+Alias for executions started through a version
// or an alias. The docs leave the Version and Alias values open; like the one public emulator
// that has them, we use the version number ("3") and the alias name ("live").
//
// Redrives: ExecutionsRedriven when an execution is redriven, and at its next close
// RedrivenExecutionsSucceeded/Failed/Aborted/TimedOut besides the Executions* ones.
//
// Tasks: for a Lambda function resource, LambdaFunctionsScheduled/Started/Succeeded/Failed/
// TimedOut and LambdaFunctionScheduleTime/RunTime/Time with the dimension LambdaFunctionArn; for
// a service integration the ServiceIntegration* metrics with ServiceIntegrationResourceArn, the
// resource qualified with the region and account as AWS reports it
// (arn:aws:states:us-east-1:123456789012:lambda:invoke); for an activity, ActivitiesScheduled/
// Started/Succeeded/Failed/TimedOut/HeartbeatTimedOut and ActivityScheduleTime/RunTime/Time with
// ActivityArn (a heartbeat timeout of the others counts as TimedOut).
//
// Figures are aggregated per second in memory and Flush() hands them to the sink, which is what
// keeps recording cheap at thousands of executions a second.
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/clock.h"

namespace stepshift::engine {

using MetricDimensions = std::vector<std::pair<std::string, std::string>>;

// One aggregated datapoint: a statistic set, or for times the distinct values with their counts
// (so percentiles stay exact).
struct MetricPoint {
  std::string name;
  MetricDimensions dimensions;
  Time timestamp;
  std::string unit;  // "Count" or "Milliseconds"
  double sample_count = 0;
  double sum = 0;
  double minimum = 0;
  double maximum = 0;
  std::vector<double> values;  // with `counts`, instead of the statistic set
  std::vector<double> counts;
};

// Where the AWS/States namespace goes: serve's own CloudWatch.
class MetricsSink {
 public:
  virtual ~MetricsSink() = default;
  virtual void Publish(std::vector<MetricPoint> points) = 0;
};

// What a series is about: the dimension sets it is published under and, for tasks, the family of
// metric names (Lambda function or service integration). Shared by every execution or task with
// the same values; made by ExecutionMetrics, never freed while it lives.
struct MetricTarget {
  std::vector<MetricDimensions> dimension_sets;
  const char* const* task_names = nullptr;  // tasks: the nine metric names, by TaskMetric
};

enum class ExecutionEnd { kSucceeded, kFailed, kAborted, kTimedOut };
enum class TaskEnd { kSucceeded, kFailed, kTimedOut, kHeartbeatTimedOut };

class ExecutionMetrics {
 public:
  // `sink` is not owned; nullptr records nothing.
  explicit ExecutionMetrics(MetricsSink* sink) : sink_(sink) {}

  // Executions of `state_machine_arn` started through the version `version` (0: none) and the
  // alias `alias` ("": none).
  const MetricTarget* Target(const std::string& state_machine_arn, int64_t version,
                             const std::string& alias);
  // Tasks on `resource` (a Lambda function, an activity or an integration), in the region and
  // account of the execution ARN `execution_arn`.
  const MetricTarget* TaskTarget(const std::string& resource, const std::string& execution_arn);

  void Started(const MetricTarget* target, Time at);
  // A redriven execution's close counts again as RedrivenExecutions<End>.
  void Ended(const MetricTarget* target, ExecutionEnd end, Time start, Time stop,
             bool redriven = false);
  void Redriven(const MetricTarget* target, Time at);
  void TaskScheduled(const MetricTarget* target, Time at);
  void TaskStarted(const MetricTarget* target, Time at);
  void TaskEnded(const MetricTarget* target, TaskEnd end, Time scheduled, Time started, Time ended);
  // Publishes and clears everything aggregated so far.
  void Flush();

 private:
  // One metric of one dimension set in one second.
  struct Key {
    const MetricDimensions* dimensions;
    const char* name;
    int64_t second;
    bool operator==(const Key&) const = default;
  };

  struct KeyHash {
    size_t operator()(const Key& k) const;
  };

  struct Figures {
    bool milliseconds = false;
    double samples = 0, sum = 0, minimum = 0, maximum = 0;
    std::map<int64_t, int64_t> values;  // milliseconds: value -> count
  };

  // The target under `key`, made by `make` the first time.
  const MetricTarget* Intern(const std::string& key, const std::function<MetricTarget()>& make);
  // REQUIRES: mu_ held.
  void Count(const MetricTarget* target, const char* name, Time at, double value);
  void Millis(const MetricTarget* target, const char* name, Time at, Duration d);

  MetricsSink* sink_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<MetricTarget>> targets_;
  std::unordered_map<Key, Figures, KeyHash> figures_;
};

}  // namespace stepshift::engine
