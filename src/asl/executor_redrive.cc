// Redrive: a failed, timed-out or aborted execution keeps where it stopped and goes on from there
// (AWS Developer Guide, "Restarting state machine executions with redrive").
#include <algorithm>

#include "asl/executor.h"

namespace stepshift::asl {

Time Execution::Deadline() const {
  if (!machine_->timeout_seconds)
    return Time::max();
  // AWS: "When you redrive an execution, the state machine level timeout, if defined, is reset
  // to 0" (Developer Guide, redrive).
  return std::max(state_.start_time, state_.redrive_time) +
         std::chrono::seconds(*machine_->timeout_seconds);
}

bool Execution::CanRedrive() const {
  return state_.status != ExecutionStatus::kRunning &&
         state_.status != ExecutionStatus::kSucceeded && state_.frames.size() == 1;
}

void Execution::Redrive() {
  state_.status = ExecutionStatus::kRunning;
  state_.error.clear();
  state_.cause.clear();
  ++state_.redrive_count;
  state_.redrive_time = Now();
  Frame& root = state_.frames[0];
  root.phase = FramePhase::kEnter;
  root.redriven = true;
  state_.current = 0;
  state_.last_event_id = state_.event_count;  // the event that ended the last attempt
  history_full_ = false;
  context_valid_ = false;
  Emit("ExecutionRedriven", "executionRedrivenEventDetails",
       recording() ? Object{{"redriveCount", state_.redrive_count}} : Object());
}

void Execution::KeepRedrivePoint() {
  state_.current = -1;
  if (state_.frames.empty())
    return;
  state_.frames.resize(1);  // every other frame is a strand under the root
  Frame& root = state_.frames[0];
  root.phase = FramePhase::kEnter;
  root.active = 0;
  root.items.clear();
  root.task = Value();
  root.effective = nullptr;
}

}  // namespace stepshift::asl
