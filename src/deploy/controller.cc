#include "deploy/controller.h"

#include <algorithm>
#include <cassert>

namespace stepshift::deploy {

namespace {

std::string Join(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names)
    text += (text.empty() ? "" : ", ") + name;
  return text;
}

Action Next(const DeploymentState& state) {
  if (state.step + 1 >= static_cast<int>(state.schedule.size())) {
    return Action{ActionKind::kComplete, state.step, {}, ""};
  }
  return Action{ActionKind::kShift, state.step + 1, {}, ""};
}

// Why the alarms stop the deployment: in ALARM, or deleted (CloudWatch reads a deleted alarm as
// nothing at all; counting it as OK would let deleting the alarm disarm the rollback).
std::string AlarmReason(const Observations& observations) {
  std::string reason;
  if (!observations.firing.empty())
    reason = "alarms triggered: " + Join(observations.firing);
  if (!observations.deleted.empty()) {
    reason +=
        (reason.empty() ? "" : "; ") + std::string("alarms deleted: ") + Join(observations.deleted);
  }
  return reason;
}

// What the current step asks for, heartbeats aside.
Action DecideStep(const DeploymentState& state, Time now, const Observations& observations) {
  const Step& step = state.schedule[state.step];
  const Time end = WindowEnd(state);
  if (!step.monitored || !state.has_alarms) {
    if (now < end)
      return Action{ActionKind::kWait, state.step, end, ""};
    return Next(state);
  }
  if (now >= end) {
    // The window is over; one last look so an alarm that fired after the previous poll is not
    // missed (the reference never checks the window's end).
    if (!state.final_checked)
      return Action{ActionKind::kPoll, state.step, {}, ""};
    if (!observations.hold)
      return Next(state);
    // Held by an inconclusive verdict: keep polling on the step's cadence past its window.
  }
  // Polls are anchored to the step start (start, start+p, start+2p, …), so API latency does
  // not accumulate into drift.
  Time next_poll = state.step_started + state.polls * state.alarm_polling;
  if (now >= next_poll)
    return Action{ActionKind::kPoll, state.step, {}, ""};
  return Action{ActionKind::kWait, state.step, now >= end ? next_poll : std::min(next_poll, end),
                ""};
}

}  // namespace

Time WindowEnd(const DeploymentState& state) {
  assert(state.step >= 0);
  return state.step_started + state.schedule[state.step].window;
}

Action Decide(const DeploymentState& state, Time now, const Observations& observations) {
  // An interruption wins over everything: the operator wants the alias back now.
  if (observations.interrupted) {
    return Action{ActionKind::kAbort, state.step, {}, "interrupted"};
  }
  // Alarms and the verdict are read at the same poll; when both stop the step, both are why.
  std::string stop = AlarmReason(observations);
  if (!observations.verdict_failed.empty())
    stop += (stop.empty() ? "" : "; ") + observations.verdict_failed;
  if (!stop.empty())
    return Action{ActionKind::kRollback, state.step, {}, stop};
  if (state.step < 0)
    return Action{ActionKind::kShift, 0, {}, ""};
  Action action = DecideStep(state, now, observations);
  if (action.kind != ActionKind::kWait || state.heartbeat <= Duration::zero())
    return action;
  const Time beat = state.last_beat + state.heartbeat;
  if (now >= beat)
    return Action{ActionKind::kHeartbeat, state.step, {}, ""};
  action.until = std::min(action.until, beat);
  return action;
}

void ApplyShift(DeploymentState* state, int step, Time now) {
  state->step = step;
  state->step_started = now;
  state->polls = 0;
  state->final_checked = false;
  state->last_beat = now;
}

void ApplyHeartbeat(DeploymentState* state, Time now) {
  state->last_beat = now;
}

void ApplyPoll(DeploymentState* state, Time now) {
  if (state->step < 0)
    return;
  // Past the window only a step held by the verdict polls again; its slots go on counting.
  if (now >= WindowEnd(*state))
    state->final_checked = true;
  else
    ++state->polls;
  // Skip the slots a slow poll overran, instead of firing a burst of catch-up polls.
  if (state->alarm_polling <= Duration::zero())
    return;  // validated away; never loop forever
  while (state->step_started + state->polls * state->alarm_polling <= now)
    ++state->polls;
}

std::string ActionKindName(ActionKind kind) {
  switch (kind) {
    case ActionKind::kShift:
      return "shift";
    case ActionKind::kPoll:
      return "poll";
    case ActionKind::kHeartbeat:
      return "heartbeat";
    case ActionKind::kWait:
      return "wait";
    case ActionKind::kRollback:
      return "rollback";
    case ActionKind::kAbort:
      return "abort";
    case ActionKind::kComplete:
      return "complete";
  }
  return "";
}

}  // namespace stepshift::deploy
