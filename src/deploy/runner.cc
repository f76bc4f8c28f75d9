#include "deploy/runner.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <utility>

#include "base/status_macros.h"

namespace stepshift::deploy {

namespace {

class Loop {
 public:
  Loop(RunContext& ctx, DeploymentState state) : ctx_(ctx), state_(std::move(state)) {
    ctx_.record.alarms = ctx_.alarms;  // for `stepshift status`, from the next write on
  }

  RunResult Run();

 private:
  bool Interrupted() const { return ctx_.interrupted != nullptr && ctx_.interrupted->load(); }

  Routing Expected() const;
  Status CheckNoDrift();
  Status Shift(int step);
  Status Poll();
  Status PollAlarms();
  Status RecordVerdict(const VerdictCall& call);
  int PlannedPolls(const Step& step) const;
  Status Heartbeat();
  void Wait(Time until);
  RunResult Restore(Outcome outcome, const std::string& reason);
  bool ReadBack(const Routing& expected);
  RunResult Complete();
  RunResult Fail(const Status& status);
  void LiveLine(Time until);

  RunContext& ctx_;
  DeploymentState state_;
  Observations observations_;
  std::string alarm_summary_;
  bool drifted_ = false;
};

RunResult Loop::Run() {
  while (true) {
    observations_.interrupted = Interrupted();
    const Time now = ctx_.clock->Now();
    Action action = Decide(state_, now, observations_);
    switch (action.kind) {
      case ActionKind::kWait:
        Wait(action.until);
        break;
      case ActionKind::kPoll: {
        Status polled = Poll();
        if (!polled.ok())
          return Fail(polled);
        ApplyPoll(&state_, now);
        break;
      }
      case ActionKind::kHeartbeat: {
        Status beat = Heartbeat();
        if (!beat.ok())
          return Fail(beat);
        ApplyHeartbeat(&state_, now);
        break;
      }
      case ActionKind::kShift: {
        Status shifted = Shift(action.step);
        if (!shifted.ok())
          return Fail(shifted);
        break;
      }
      case ActionKind::kRollback:
        return Restore(Outcome::kRolledBack, action.reason);
      case ActionKind::kAbort:
        return Restore(Outcome::kInterrupted, action.reason);
      case ActionKind::kComplete:
        return Complete();
    }
  }
}

Routing Loop::Expected() const {
  if (state_.step < 0)
    return ctx_.starting_routing;
  return RoutingFor(ctx_.old_version_arn, ctx_.new_version_arn,
                    state_.schedule[state_.step].new_weight);
}

Status Loop::CheckNoDrift() {
  ASSIGN_OR_RETURN(aws::AliasInfo alias, ctx_.api->DescribeAlias(ctx_.alias_arn));
  std::optional<DeploymentRecord> record = DecodeRecord(alias.description);
  const bool ours = record && record->owner == ctx_.record.owner &&
                    record->new_version == ctx_.record.new_version;
  if (SameRouting(alias.routing, Expected()) && ours)
    return Status::Ok();
  drifted_ = true;
  return Status::FailedPrecondition(
      "drift detected on " + ctx_.alias_arn + ": expected " + DescribeRouting(Expected()) +
      (ours ? "" : " and this controller's deployment record") + ", found " +
      DescribeRouting(alias.routing) +
      (ours ? "" : " (record: " + (record ? "owner " + record->owner : "none") + ")") +
      "; someone else changed the alias, leaving it alone");
}

Status Loop::Shift(int step) {
  RETURN_IF_ERROR(CheckNoDrift());
  const Time now = ctx_.clock->Now();
  const Step& s = state_.schedule[step];
  Routing routing = RoutingFor(ctx_.old_version_arn, ctx_.new_version_arn, s.new_weight);
  ctx_.record.step = step;
  ctx_.record.step_started = now;
  ctx_.record.heartbeat = now;
  RETURN_IF_ERROR(ctx_.api->UpdateAlias(ctx_.alias_arn, routing, EncodeRecord(ctx_.record)));
  ApplyShift(&state_, step, now);
  observations_.hold = false;  // a hold is the previous step's
  json::Object fields;
  fields["step"] = step + 1;
  fields["steps"] = state_.schedule.size();
  fields["old_weight"] = 100 - s.new_weight;
  fields["new_weight"] = s.new_weight;
  fields["window_seconds"] = std::chrono::duration<double>(s.window).count();
  fields["monitored"] = s.monitored;
  ctx_.reporter->Event("step", std::move(fields),
                       "step " + std::to_string(step + 1) + "/" +
                           std::to_string(state_.schedule.size()) + ": " +
                           DescribeRouting(routing));
  return Status::Ok();
}

Status Loop::Poll() {
  RETURN_IF_ERROR(PollAlarms());
  if (ctx_.verdict != nullptr && state_.step >= 0) {
    const Step& s = state_.schedule[state_.step];
    VerdictCall call = ctx_.verdict->Poll(
        {state_.step, s.new_weight, state_.step_started, WindowEnd(state_), PlannedPolls(s)},
        ctx_.clock->Now());
    observations_.verdict_failed = call.rollback_reason;
    observations_.hold = call.hold;
    RETURN_IF_ERROR(RecordVerdict(call));
  }
  return Status::Ok();
}

// The record carries the latest verdict for `stepshift status`. A new outcome, step or hold is
// written at once; fresher counts of the same one ride along with the next heartbeat or shift,
// so judging at every poll does not add a write per poll.
Status Loop::RecordVerdict(const VerdictCall& call) {
  const std::optional<RecordedVerdict>& seen = ctx_.verdict->last();
  if (!seen || !call.rollback_reason.empty())
    return Status::Ok();  // nothing judged yet, or the rollback rewrites the alias now anyway
  const std::optional<RecordedVerdict> before = std::exchange(ctx_.record.verdict, seen);
  if (before && before->outcome == seen->outcome && before->step == seen->step &&
      before->held == seen->held) {
    return Status::Ok();
  }
  RETURN_IF_ERROR(Heartbeat());  // writes the record after the drift check
  ApplyHeartbeat(&state_, ctx_.clock->Now());
  return Status::Ok();
}

// Polls at start, start+p, … inside the window, plus the check at its end.
int Loop::PlannedPolls(const Step& step) const {
  const auto p = state_.alarm_polling.count();
  const auto w = step.window.count();
  return p <= 0 ? 1 : static_cast<int>((w + p - 1) / p) + 1;
}

Status Loop::PollAlarms() {
  if (ctx_.alarms.empty())
    return Status::Ok();  // DescribeAlarms without names would describe every alarm
  ASSIGN_OR_RETURN(std::vector<aws::AlarmInfo> found, ctx_.api->DescribeAlarms(ctx_.alarms));
  std::map<std::string, std::string> states;
  for (const aws::AlarmInfo& alarm : found)
    states[alarm.name] = alarm.state_value;
  observations_.firing.clear();
  observations_.deleted.clear();
  json::Object alarm_states;
  const std::string previous = alarm_summary_;
  alarm_summary_.clear();
  for (const std::string& name : ctx_.alarms) {
    auto it = states.find(name);
    // CloudWatch reads a deleted alarm as nothing at all; it stops the deployment rather than
    // reading as a silent OK, or deleting the alarm would disarm the rollback.
    std::string value = it == states.end() ? "DELETED" : it->second;
    if (value == "ALARM")
      observations_.firing.push_back(name);
    if (value == "INSUFFICIENT_DATA" && ctx_.insufficient_data_fires)
      observations_.firing.push_back(name + " (INSUFFICIENT_DATA)");
    if (value == "DELETED")
      observations_.deleted.push_back(name);
    alarm_states[name] = value;
    alarm_summary_ += (alarm_summary_.empty() ? "" : " ") + name + "=" + value;
  }
  json::Object fields;
  fields["step"] = state_.step + 1;
  fields["alarms"] = std::move(alarm_states);
  const size_t stopping = observations_.firing.size() + observations_.deleted.size();
  fields["firing"] = stopping;
  if (ctx_.reporter->wants_routine_events() || alarm_summary_ != previous || stopping != 0) {
    ctx_.reporter->Event("check", std::move(fields), "alarms: " + alarm_summary_);
  }
  return Status::Ok();
}

// Only the description is written: if someone changed the routing since the check, the next
// check sees it, rather than this write undoing their change.
Status Loop::Heartbeat() {
  RETURN_IF_ERROR(CheckNoDrift());
  ctx_.record.heartbeat = ctx_.clock->Now();
  return ctx_.api->UpdateAlias(ctx_.alias_arn, std::nullopt, EncodeRecord(ctx_.record));
}

void Loop::Wait(Time until) {
  while (!Interrupted()) {
    const Time now = ctx_.clock->Now();
    if (now >= until)
      return;
    LiveLine(until);
    ctx_.clock->SleepUntil(std::min(until, now + ctx_.wait_slice));
  }
}

void Loop::LiveLine(Time until) {
  if (!ctx_.reporter->live_enabled() || state_.step < 0)
    return;
  const Step& s = state_.schedule[state_.step];
  const double left = std::chrono::duration<double>(WindowEnd(state_) - ctx_.clock->Now()).count();
  char countdown[32];
  std::snprintf(countdown, sizeof countdown, "%.0fs", std::max(0.0, std::ceil(left)));
  const bool last = state_.step + 1 == static_cast<int>(state_.schedule.size());
  ctx_.reporter->Live(
      "  step " + std::to_string(state_.step + 1) + "/" + std::to_string(state_.schedule.size()) +
      "  " + DescribeRouting(RoutingFor(ctx_.old_version_arn, ctx_.new_version_arn, s.new_weight)) +
      "  " + (last ? "done in " : "next shift in ") + countdown +
      (alarm_summary_.empty() ? "" : "  alarms: " + alarm_summary_) +
      (ctx_.verdict == nullptr || ctx_.verdict->summary().empty()
           ? ""
           : "  " + ctx_.verdict->summary() + (observations_.hold ? " (step held)" : "")));
  (void)until;
}

// Reads the alias back after a write that ends the deployment, so the log says whether the
// service reports the routing we wrote (the reference never checked; defect 15).
bool Loop::ReadBack(const Routing& expected) {
  auto alias = ctx_.api->DescribeAlias(ctx_.alias_arn);
  return alias.ok() && SameRouting(alias->routing, expected);
}

RunResult Loop::Restore(Outcome outcome, const std::string& reason) {
  ctx_.reporter->Flush();
  Status restored =
      ctx_.api->UpdateAlias(ctx_.alias_arn, ctx_.starting_routing, ctx_.user_description);
  json::Object fields;
  fields["decision"] = outcome == Outcome::kRolledBack ? "rollback" : "abort";
  fields["reason"] = reason;
  fields["restored"] = restored.ok();
  fields["routing"] = DescribeRouting(ctx_.starting_routing);
  if (restored.ok())
    fields["verified"] = ReadBack(ctx_.starting_routing);
  if (!restored.ok()) {
    ctx_.reporter->Event("decision", std::move(fields), "");  // the failure goes to stderr
    return {Outcome::kFailed, reason + "; restoring the alias failed: " + restored.ToString()};
  }
  // An interruption ends with one line on stderr; a rollback is told here.
  ctx_.reporter->Event(
      "decision", std::move(fields),
      outcome == Outcome::kRolledBack
          ? "rolled back (" + reason + "): " + DescribeRouting(ctx_.starting_routing)
          : "");
  if (outcome == Outcome::kRolledBack) {
    return {outcome, "Deployment of version " + VersionNumber(ctx_.new_version_arn) + " failed (" +
                         reason + "); alias rolled back to version " +
                         VersionNumber(ctx_.old_version_arn)};
  }
  return {outcome, "interrupted; alias restored to " + DescribeRouting(ctx_.starting_routing)};
}

RunResult Loop::Complete() {
  ctx_.reporter->Flush();
  if (Status ok = CheckNoDrift(); !ok.ok())
    return Fail(ok);
  if (ctx_.before_complete) {
    if (Status ok = ctx_.before_complete(); !ok.ok())
      return Restore(Interrupted() ? Outcome::kInterrupted : Outcome::kRolledBack, ok.message());
  }
  Routing final_routing = RoutingFor(ctx_.old_version_arn, ctx_.new_version_arn, 100);
  if (Status ok = ctx_.api->UpdateAlias(ctx_.alias_arn, final_routing, ctx_.user_description);
      !ok.ok()) {
    return Fail(ok);
  }
  json::Object fields;
  fields["decision"] = "complete";
  fields["routing"] = DescribeRouting(final_routing);
  fields["verified"] = ReadBack(final_routing);
  ctx_.reporter->Event("decision", std::move(fields),
                       "deployed: " + DescribeRouting(final_routing));
  return {Outcome::kDeployed,
          "version " + VersionNumber(ctx_.new_version_arn) + " receives 100% of " + ctx_.alias_arn};
}

RunResult Loop::Fail(const Status& status) {
  ctx_.reporter->Flush();
  if (drifted_) {
    json::Object fields;
    fields["decision"] = "drift";
    fields["reason"] = status.message();
    ctx_.reporter->Event("decision", std::move(fields), "");  // the failure goes to stderr
    return {Outcome::kDrift, status.message()};
  }
  // An API error mid-way: put the alias back where it started rather than leave it split.
  Status restored =
      ctx_.api->UpdateAlias(ctx_.alias_arn, ctx_.starting_routing, ctx_.user_description);
  json::Object fields;
  fields["decision"] = "error";
  fields["reason"] = status.ToString();
  fields["restored"] = restored.ok();
  std::string message =
      status.ToString() + (restored.ok()
                               ? "; alias restored to " + DescribeRouting(ctx_.starting_routing)
                               : "; restoring the alias failed: " + restored.ToString());
  ctx_.reporter->Event("decision", std::move(fields), "");  // the failure goes to stderr
  return {Outcome::kFailed, message};
}

}  // namespace

RunResult RunDeployment(RunContext& ctx, DeploymentState state) {
  Loop loop(ctx, std::move(state));
  return loop.Run();
}

Routing RoutingFor(const std::string& old_arn, const std::string& new_arn, int new_weight) {
  if (new_weight >= 100)
    return {{new_arn, 100}};
  return {{old_arn, 100 - new_weight}, {new_arn, new_weight}};
}

bool SameRouting(const Routing& a, const Routing& b) {
  auto weights = [](const Routing& routing) {
    std::map<std::string, int> map;
    for (const aws::RoutingEntry& e : routing) {
      if (e.weight != 0)
        map[e.version_arn] += e.weight;
    }
    return map;
  };
  return weights(a) == weights(b);
}

std::string DescribeRouting(const Routing& routing) {
  std::string text;
  for (const aws::RoutingEntry& e : routing) {
    text += std::string(text.empty() ? "" : " · ") + VersionLabel(e.version_arn) + " " +
            std::to_string(e.weight) + "%";
  }
  return text.empty() ? "(no routing)" : text;
}

std::string VersionLabel(const std::string& version_arn) {
  // Numbered versions read "v3"; named ones (Route 53's set identifiers) as they are.
  const std::string version = VersionNumber(version_arn);
  const bool numbered = !version.empty() && std::isdigit(static_cast<unsigned char>(version[0]));
  return (numbered ? "v" : "") + version;
}

std::string VersionNumber(const std::string& version_arn) {
  size_t colon = version_arn.rfind(':');
  return colon == std::string::npos ? version_arn : version_arn.substr(colon + 1);
}

int ExitCode(Outcome outcome) {
  switch (outcome) {
    case Outcome::kDeployed:
    case Outcome::kNothingToDo:
      return 0;
    case Outcome::kRolledBack:
      return 1;
    case Outcome::kRefused:
      return 2;
    case Outcome::kFailed:
    case Outcome::kDrift:
      return 3;
    case Outcome::kInterrupted:
      return 130;
  }
  return 3;
}

std::string OutcomeName(Outcome outcome) {
  static const char* kNames[] = {"deployed", "nothing-to-do", "rolled-back", "refused",
                                 "failed",   "drift",         "interrupted"};
  return kNames[static_cast<int>(outcome)];
}

}  // namespace stepshift::deploy
