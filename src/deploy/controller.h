// The deployment controller as a pure decision function: given where a deployment stands, the
// time and what the last observation saw, say what to do next. No I/O and no clock: the loop in
// runner.h executes the action, updates the state with the Apply* helpers and asks again. This
// is what makes a 2-hour deployment testable in milliseconds and a crashed one resumable (the
// state is small and lives in the deployment record).
#pragma once

#include <string>
#include <vector>

#include "base/clock.h"
#include "deploy/schedule.h"

namespace stepshift::deploy {

struct DeploymentState {
  Schedule schedule;
  bool has_alarms = false;
  Duration alarm_polling = std::chrono::seconds(60);
  int step = -1;               // the step whose weights the alias carries; -1: none written yet
  Time step_started{};         // when they were written
  int polls = 0;               // alarm polls made in this step
  bool final_checked = false;  // the check at the window's end has been made
  // How often the deployment record's heartbeat is refreshed while nothing else writes it, so a
  // run on another host can tell a live controller from a dead one (owner.h). Zero: never.
  Duration heartbeat{};
  Time last_beat{};  // when the record was last written
};

struct Observations {
  bool interrupted = false;          // SIGINT/SIGTERM arrived
  std::vector<std::string> firing;   // alarms in ALARM at the latest poll
  std::vector<std::string> deleted;  // alarms that no longer exist at the latest poll
  // The verdict on the executions at the latest poll (verdict_watch.h): a non-empty reason rolls
  // back; `hold` keeps the step (and its polls) going past the window's end.
  std::string verdict_failed;
  bool hold = false;
};

enum class ActionKind {
  kShift,      // write the weights of `step` (after checking the alias still has the expected ones)
  kPoll,       // describe the alarms now
  kHeartbeat,  // refresh the record's heartbeat (after checking the alias is still ours)
  kWait,       // nothing to do before `until`
  kRollback,   // an alarm fired: restore the starting routing (exit 1)
  kAbort,      // interrupted: restore the starting routing (exit 130)
  kComplete,   // every step done and watched: the new version has 100%
};

struct Action {
  ActionKind kind = ActionKind::kWait;
  int step = -1;       // kShift
  Time until{};        // kWait
  std::string reason;  // kRollback, kAbort
};

Action Decide(const DeploymentState& state, Time now, const Observations& observations);

// State transitions after the loop carried out an action at `now`.
void ApplyShift(DeploymentState* state, int step, Time now);
void ApplyPoll(DeploymentState* state, Time now);
void ApplyHeartbeat(DeploymentState* state, Time now);

// When the current step's window ends. REQUIRES: state.step >= 0.
Time WindowEnd(const DeploymentState& state);

std::string ActionKindName(ActionKind kind);

}  // namespace stepshift::deploy
