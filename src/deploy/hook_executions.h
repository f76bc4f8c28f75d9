// Starting executions for a hook and waiting for their ends: at most `max_concurrent` run at
// once (the rest start as those end), each polled with DescribeExecution on a backing-off
// interval on the injected Clock, all within one deadline. Executions still running at the
// deadline, or when the controller is interrupted, are stopped (StopExecution, best effort) so
// that nothing a hook started outlives it. Single-threaded: "concurrent" is the service's.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "deploy/executions_api.h"

namespace stepshift::deploy {

struct ExecutionRequest {
  std::string state_machine_arn;  // a version ARN for test inputs
  std::string input;              // a JSON text
};

// How a wait for a hook ended.
enum class WaitEnd {
  kDone,         // everything ended (or could not be started)
  kTimedOut,     // the deadline passed first
  kInterrupted,  // SIGINT/SIGTERM: the controller is stopping
};

struct ExecutionRun {
  std::string arn;               // empty when StartExecution failed
  DescribedExecution described;  // the last description; status "" when never described
  Status error;                  // StartExecution's or DescribeExecution's failure
  bool stopped = false;          // stopped at the deadline or on interruption
};

struct ExecutionWaitOptions {
  Clock* clock = nullptr;                          // REQUIRES: non-null
  const std::atomic<bool>* interrupted = nullptr;  // may be null
  Duration timeout = std::chrono::minutes(5);
  size_t max_concurrent = 10;
  // The first poll comes this long after a start; the interval doubles up to `max_poll`.
  Duration first_poll = std::chrono::milliseconds(250);
  Duration max_poll = std::chrono::seconds(5);
  Duration wait_slice = std::chrono::milliseconds(100);  // how often a wait checks for signals
  std::function<void()>
      while_waiting;  // called after every slice waited (heartbeats); may be empty
  std::string stop_cause = "stepshift: the deployment hook ended";  // StopExecution's cause
};

struct ExecutionsWait {
  std::vector<ExecutionRun> runs;  // one per request, in request order
  WaitEnd end = WaitEnd::kDone;
};

// Every execution a hook starts is named "stepshift-hook-<uuid>", so that it is told apart from
// the traffic on the same version (the rollback report leaves it out) and recognised in a
// console.
inline constexpr char kHookExecutionPrefix[] = "stepshift-hook-";
std::string HookExecutionName();
bool IsHookExecution(const std::string& execution_arn);

// Runs `requests` as described above. Never fails as a whole: each run carries its own error.
ExecutionsWait RunExecutions(ExecutionsApi* api, const std::vector<ExecutionRequest>& requests,
                             const ExecutionWaitOptions& options);

// "SUCCEEDED", or "FAILED (OrderError: mishandled input)", or why it has no end ("not started:
// ...", "still RUNNING, stopped"): a run's end in a few words, for messages.
std::string DescribeRunEnd(const ExecutionRun& run);

// A duration for messages: "300 s", "1.5 s".
std::string DurationText(Duration d);

}  // namespace stepshift::deploy
