// The AWS/States execution metrics, as Step Functions publishes them (developer guide,
// "Monitoring Step Functions metrics using CloudWatch"): ExecutionsStarted (1 when an execution
// starts and 0 when it closes, so its SampleCount is 2 per execution, as documented),
// ExecutionsSucceeded/Failed/Aborted/TimedOut and ExecutionTime (Milliseconds) at the close, each
// with the dimension StateMachineArn, and again with StateMachineArn+Version and
// StateMachineArn+Alias for executions started through a version or an alias. The docs leave the
// Version and Alias values open; like the one public emulator that has them, we use the version
// number ("3") and the alias name ("live").
//
// Executions add to per-second aggregates in memory; Flush() hands them to the sink, which is
// what keeps recording cheap at thousands of executions a second.
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/clock.h"

namespace stepshift::engine {

using MetricDimensions = std::vector<std::pair<std::string, std::string>>;

// One aggregated datapoint: a statistic set, or for ExecutionTime the distinct values with their
// counts (so percentiles stay exact).
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

// What an execution's metrics are about: its state machine, and the version or alias it was
// started through. Shared by every execution with the same three values.
struct MetricTarget {
  std::vector<MetricDimensions> dimension_sets;  // {SM}, then {SM,Version}, {SM,Alias} if any
};

enum class ExecutionEnd { kSucceeded, kFailed, kAborted, kTimedOut };

class ExecutionMetrics {
 public:
  // `sink` is not owned; nullptr records nothing.
  explicit ExecutionMetrics(MetricsSink* sink) : sink_(sink) {}

  // The target for executions of `state_machine_arn` started through the version `version`
  // (0: none) and the alias `alias` ("" : none). Cached: returns the same object for the same
  // values.
  std::shared_ptr<const MetricTarget> Target(const std::string& state_machine_arn, int64_t version,
                                             const std::string& alias);

  void Started(const std::shared_ptr<const MetricTarget>& target, Time at);
  void Ended(const std::shared_ptr<const MetricTarget>& target, ExecutionEnd end, Time start,
             Time stop);
  // Publishes and clears everything aggregated so far.
  void Flush();

 private:
  // One target's figures in one second.
  struct Second {
    int64_t started_samples = 0;  // ExecutionsStarted datapoints (1 at start, 0 at the close)
    int64_t started = 0;
    int64_t ended[4] = {0, 0, 0, 0};      // by ExecutionEnd
    std::map<int64_t, int64_t> times_ms;  // ExecutionTime value -> count
  };

  using Key = std::pair<const MetricTarget*, int64_t>;  // target, epoch second

  struct KeyHash {
    size_t operator()(const Key& k) const {
      return std::hash<const void*>()(k.first) * 31 + std::hash<int64_t>()(k.second);
    }
  };

  Second& At(const std::shared_ptr<const MetricTarget>& target, Time at);
  static void AppendPoints(const MetricTarget& target, Time second, const Second& figures,
                           std::vector<MetricPoint>* out);

  MetricsSink* sink_;
  std::mutex mu_;
  // Every target ever made (a handful per state machine), which also keeps the keys of
  // `seconds_` valid.
  std::map<std::string, std::shared_ptr<const MetricTarget>> targets_;
  std::unordered_map<Key, Second, KeyHash> seconds_;
};

}  // namespace stepshift::engine
