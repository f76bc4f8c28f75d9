// Where a verdict's samples come from, chosen automatically and named in every verdict:
//  - "executions": ListExecutions filtered by each version ARN, paged newest first and stopped at
//    the window's start. Its items carry startDate, stopDate and status, so the samples are exact
//    (per-execution durations too) without any DescribeExecution call. Used while each version
//    has at most `max_listed` (10,000) executions in the window: 10 pages, 2 s of the 5/s
//    ListExecutions budget per version and poll.
//  - "metrics": GetMetricData on AWS/States with the StateMachineArn+Version dimensions
//    (ExecutionsStarted/Succeeded/Failed/TimedOut sums and ExecutionTime p50/p90/p99), over whole
//    minutes covering the window. Used once a window holds more executions than that, or when
//    the machine is EXPRESS (no ListExecutions); it stays chosen for the rest of the deployment.
//    Latency from metrics is reported but never fails a verdict (no samples to test).
#pragma once

#include <string>

#include "base/clock.h"
#include "deploy/executions_api.h"
#include "deploy/verdict.h"

namespace stepshift::deploy {

enum class SourceChoice { kAuto, kExecutions, kMetrics };

struct WindowSamples {
  std::string source;  // "executions" | "metrics"
  std::string note;    // why the source changed at this poll; usually empty
  VersionSample stable;
  VersionSample canary;
};

class VerdictSource {
 public:
  // Does not own `api`.
  VerdictSource(ExecutionsApi* api, SourceChoice choice, size_t max_listed = 10000)
      : api_(api), choice_(choice), max_listed_(max_listed) {}

  // Both versions' executions started in [from, to]. Returns the API's error when the chosen
  // source fails (other than the automatic switch to metrics).
  Result<WindowSamples> Sample(const std::string& old_arn, const std::string& new_arn, Time from,
                               Time to);

 private:
  Result<WindowSamples> FromExecutions(const std::string& old_arn, const std::string& new_arn,
                                       Time from, Time to, std::string* switch_reason);
  Result<WindowSamples> FromMetrics(const std::string& old_arn, const std::string& new_arn,
                                    Time from, Time to);

  ExecutionsApi* api_;
  SourceChoice choice_;
  size_t max_listed_;
  bool metrics_ = false;  // kAuto switched (sticky)
};

// Pure: a version's sample from its listed executions that started in [from, to].
VersionSample SampleExecutions(const std::vector<ListedExecution>& executions, Time from, Time to);

// Pure: the GetMetricData request for both versions (ids "<metric>_<old|new>"), and the samples
// from its response.
json::Object MetricsRequest(const std::string& old_arn, const std::string& new_arn, Time from,
                            Time to);
WindowSamples SamplesFromMetrics(const json::Value& response);

}  // namespace stepshift::deploy
