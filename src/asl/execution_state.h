// The complete, serialisable state of one execution: a tree of frames, one per running scope (the
// machine, a Parallel branch, a Map iteration), kept flat in a vector where every frame comes
// after its container. Each leaf is a strand: branches and iterations run side by side, a strand
// running until it blocks (a Wait, a retry back-off). Everything the executor needs to resume
// after a restart is here; the engine persists ToValue() after each Step.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "asl/json_util.h"
#include "base/clock.h"
#include "base/result.h"

namespace stepshift::asl {

enum class FramePhase : uint8_t {
  kEnter,      // about to enter `state`
  kWaiting,    // a Wait state sleeping until wake_time
  kRetryWait,  // a failed Task/Parallel/Map backing off until wake_time
  kChildren,   // a Parallel/Map state whose branches or iterations are running above it
  kTask,       // a Task whose invocation is in flight (ExecutionOptions::defer_tasks)
};

struct Frame {
  int scope = 0;
  int state = -1;
  FramePhase phase = FramePhase::kEnter;
  // Runs inside a distributed map's child execution: its events are not this history's.
  bool detached = false;
  int32_t parent = -1;        // the container's index in ExecutionState::frames; -1 for the root
  int32_t active = 0;         // Parallel/Map: children running now (blocked ones included)
  int32_t max_active = 0;     // Map: iterations allowed at once (MaxConcurrency); 0 = unlimited
  int64_t last_event_id = 0;  // a blocked strand's last event, which its next event follows
  Value input;                // the raw input of the current state
  Value effective;          // Parallel/Map: the input after InputPath (and Parameters for Parallel)
  Array items;              // Map: the items being iterated
  Array results;            // Parallel/Map: outputs of finished children, at their index
  int64_t child_index = 0;  // Parallel/Map: the next child to start
  int64_t failures = 0;     // Map: failed iterations so far (tolerated failures)
  // Map: ToleratedFailureCount/Percentage as resolved when the map started; negative when unset.
  double tolerated_count = -1;
  double tolerated_percentage = -1;
  std::vector<int> retry_attempts;  // per retrier of the current state
  int retry_count = 0;              // $$.State.RetryCount
  Time entered_time{};
  int64_t entered_event_id = 0;
  Time wake_time{};
  Object variables;  // workflow variables assigned in this scope
  // Parallel branches and Map iterations: which branch or item this frame processes.
  int64_t item_index = -1;
  // History links (previousEventId). Parallel: the ParallelStateStarted event each branch starts
  // from. Map: the last MapIterationSucceeded event, which MapStateSucceeded follows.
  int64_t link_event_id = 0;
  // kTask: the invocation in flight, as TaskCallToValue writes it, so that it can be dispatched
  // again after a restart.
  Value task;
  // Parallel/Map: the children that succeeded so far, by branch/item index. A redrive keeps
  // their results and runs only the others.
  std::vector<int64_t> succeeded;
  // Entered again by a redrive: the container keeps the results of `succeeded` children.
  bool redriven = false;
  // A distributed Map running as a map run (ExecutionOptions::map_runs): its ARN while the map
  // runs (and after it failed, for a redrive), and how often a redrive ran it again.
  std::string map_run_arn;
  int32_t map_run_redrives = 0;
};

enum class ExecutionStatus { kRunning, kSucceeded, kFailed, kTimedOut, kAborted };

const char* ExecutionStatusName(ExecutionStatus status);

// A failed, timed-out or aborted execution keeps its root frame, reset to enter the state that
// did not finish (with the results of the children that did, for a container): where a redrive
// goes on. A succeeded execution keeps no frame.
struct ExecutionState {
  ExecutionStatus status = ExecutionStatus::kRunning;
  std::vector<Frame> frames;
  // The frame of the strand that runs on the next Step; -1 when every strand is blocked (the
  // next Step wakes the one with the earliest wake_time).
  int32_t current = 0;
  Value input;               // the execution input ($$.Execution.Input)
  Value output;              // when succeeded
  std::string error, cause;  // when failed or timed out
  Time start_time{};
  int64_t event_count = 0;
  int64_t last_event_id = 0;  // what the running strand's next event's previousEventId names
  int64_t transitions = 0;
  int64_t time_offset_ms = 0;  // waits skipped so far (virtual time), see ExecutionOptions
  int64_t task_calls = 0;      // Task invocations so far: the ids of deferred calls
  // RedriveExecution: how often, and when last; TimeoutSeconds counts from the last redrive.
  int64_t redrive_count = 0;
  Time redrive_time{};
};

struct TaskCall;

// The Task invocations in flight in `state` (frames in FramePhase::kTask).
std::vector<TaskCall> TaskCallsInFlight(const ExecutionState& state);

// Serialises the state as a JSON value (frames included) and back. FromValue returns
// InvalidArgument for a malformed document.
Value ToValue(const ExecutionState& state);
Result<ExecutionState> ExecutionStateFromValue(const Value& value);

}  // namespace stepshift::asl
