#include "deploy/plan.h"

#include <map>

#include "base/status_macros.h"
#include "deploy/alarm_refs.h"
#include "deploy/owner.h"
#include "deploy/rolled_back.h"

namespace stepshift::deploy {

namespace {

bool IsNotFound(const Status& status) {
  return status.kind() == "ResourceNotFound" || status.kind() == "StateMachineDoesNotExist" ||
         status.IsNotFound();
}

std::string Join(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names)
    text += (text.empty() ? "" : ", ") + name;
  return text;
}

bool SameSchedule(const Schedule& a, const Schedule& b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].new_weight != b[i].new_weight || a[i].window != b[i].window ||
        a[i].monitored != b[i].monitored) {
      return false;
    }
  }
  return true;
}

class Planner {
 public:
  Planner(const DeployOptions& options, const DeployContext& context, Plan* plan)
      : o_(options), c_(context), p_(*plan) {}

  std::optional<RunResult> Run();

 private:
  std::optional<RunResult> Decide();
  // The hooks' state machines, resolved into p_.hooks, exist; no hook needs what an EXPRESS
  // machine lacks.
  std::optional<RunResult> CheckHooks();
  std::optional<RunResult> ReadMachine();
  std::optional<RunResult> ReadAlarms();
  std::optional<RunResult> ReadAlias();
  std::optional<RunResult> PlanRecorded(const DeploymentRecord& record);
  std::optional<RunResult> PlanFresh();
  std::optional<RunResult> RefuseFiringAlarms() const;
  std::optional<RunResult> FindOldVersion();
  // The version the run would deploy, found without publishing; "" when the run publishes a
  // version that does not exist yet.
  Result<std::string> PredictNewVersion();
  Result<std::string> VersionOfCurrentRevision();
  // Why this command does not ask for the recorded deployment; "" when it does.
  Result<std::string> Mismatch(const DeploymentRecord& record, const Schedule& recorded);
  std::string DescribeRecord(const DeploymentRecord& record) const;

  const DeployOptions& o_;
  const DeployContext& c_;
  Plan& p_;
  aws::StateMachineInfo machine_;
  bool alias_exists_ = false;
  std::map<std::string, aws::AlarmInfo> alarms_;
};

std::optional<RunResult> Planner::Run() {
  if (auto stop = Decide())
    return stop;
  return p_.kind == PlanKind::kRollbackInterrupted ? std::nullopt : CheckHooks();
}

// DescribeExecution, which the hooks' executions are waited on with, is not available for an
// EXPRESS state machine's executions.
std::optional<RunResult> Planner::CheckHooks() {
  p_.hooks = o_.hooks;
  for (Hook& hook : p_.hooks) {
    const char* flag = hook.phase == kPreTraffic ? "--pre-traffic" : "--post-traffic";
    if (hook.kind == HookKind::kInputs && machine_.type == "EXPRESS") {
      return Refuse(std::string(flag) + " needs a STANDARD state machine: " + p_.machine_arn +
                    " is EXPRESS, whose executions cannot be described");
    }
    if (hook.kind != HookKind::kStateMachine)
      continue;
    auto arn = ResolveMachineArn(c_.api, hook.target, o_.partition, o_.region);
    if (!arn.ok())
      return Failed(arn.status());
    hook.target = *arn;
    auto machine = c_.api->DescribeStateMachine(hook.target);
    if (!machine.ok() && IsNotFound(machine.status()))
      return Refuse("--hook-state-machine: state machine " + hook.target + " does not exist");
    if (!machine.ok())
      return Failed(machine.status());
    if (machine->type == "EXPRESS") {
      return Refuse("--hook-state-machine needs a STANDARD state machine: " + hook.target +
                    " is EXPRESS, whose executions cannot be described");
    }
  }
  return std::nullopt;
}

std::optional<RunResult> Planner::Decide() {
  if (auto stop = ReadMachine())
    return stop;
  if (auto stop = ReadAlarms())
    return stop;
  if (auto stop = ReadAlias())
    return stop;
  if (!alias_exists_) {
    if (o_.rollback_interrupted)
      return RunResult{Outcome::kNothingToDo, "no interrupted deployment on " + p_.alias_arn};
    if (auto stop = RefuseFiringAlarms())
      return stop;
    auto predicted = PredictNewVersion();
    if (!predicted.ok())
      return Failed(predicted.status());
    p_.kind = PlanKind::kCreateAlias;
    p_.new_arn = *predicted;
    return std::nullopt;
  }
  if (p_.record && !o_.force)
    return PlanRecorded(*p_.record);
  if (o_.rollback_interrupted)
    return RunResult{Outcome::kNothingToDo, "no interrupted deployment on " + p_.alias_arn};
  return PlanFresh();
}

std::optional<RunResult> Planner::ReadMachine() {
  auto arn = ResolveMachineArn(c_.api, o_.state_machine, o_.partition, o_.region);
  if (!arn.ok())
    return Failed(arn.status());
  p_.machine_arn = *arn;
  p_.alias_arn = p_.machine_arn + ":" + o_.alias;
  auto machine = c_.api->DescribeStateMachine(p_.machine_arn);
  if (!machine.ok() && IsNotFound(machine.status()))
    return Refuse("state machine " + p_.machine_arn + " does not exist");
  if (!machine.ok())
    return Failed(machine.status());
  machine_ = *machine;
  return std::nullopt;
}

std::optional<RunResult> Planner::ReadAlarms() {
  if (o_.alarms.empty())
    return std::nullopt;
  auto found = c_.api->DescribeAlarms(o_.alarms);
  if (!found.ok())
    return Failed(found.status());
  for (const aws::AlarmInfo& alarm : *found)
    alarms_[alarm.name] = alarm;
  std::vector<std::string> missing;
  for (const std::string& name : o_.alarms) {
    auto arn = o_.alarm_arns.find(name);
    if (!alarms_.count(name))
      missing.push_back(arn == o_.alarm_arns.end() ? name : arn->second);
  }
  if (!missing.empty())
    return Refuse("alarms do not exist in CloudWatch: " + Join(missing));
  if (std::optional<std::string> mismatch = MismatchedAlarmArn(o_.alarm_arns, alarms_))
    return Refuse(*mismatch);
  for (const std::string& warning : ActionsDisabledWarnings(o_.alarms, alarms_))
    c_.reporter->Event("warning", json::Object{{"message", warning}}, warning);
  return std::nullopt;
}

// An alarm already in ALARM would roll back the new version at the first poll, after it took
// traffic: refuse before anything changes instead.
std::optional<RunResult> Planner::RefuseFiringAlarms() const {
  for (const std::string& name : o_.alarms) {
    const aws::AlarmInfo& alarm = alarms_.at(name);
    if (alarm.state_value == "ALARM") {
      return Refuse("alarm " + name + " is already in ALARM (" + alarm.state_reason +
                    "); not starting a deployment it would roll back");
    }
    if (alarm.state_value == "INSUFFICIENT_DATA" && o_.rollback_on_insufficient_data) {
      return Refuse("alarm " + name + " is in INSUFFICIENT_DATA (" + alarm.state_reason +
                    ") and --rollback-on-insufficient-data is given; not starting a deployment "
                    "it would roll back");
    }
  }
  return std::nullopt;
}

std::optional<RunResult> Planner::ReadAlias() {
  auto alias = c_.api->DescribeAlias(p_.alias_arn);
  if (!alias.ok() && !IsNotFound(alias.status()))
    return Failed(alias.status());
  alias_exists_ = alias.ok();
  if (alias_exists_) {
    p_.alias = *alias;
    p_.record = DecodeRecord(p_.alias.description);
    p_.user_description = p_.record ? p_.record->user_description : p_.alias.description;
  }
  return std::nullopt;
}

std::string Planner::DescribeRecord(const DeploymentRecord& record) const {
  std::string schedule = record.schedule_spec;
  if (auto options = DecodeScheduleSpec(record.schedule_spec); options.ok())
    schedule = ScheduleFlags(*options);
  return "version " + record.new_version + " over version " + record.old_version + " (" + schedule +
         "), at step " + std::to_string(record.step + 1) + ", started " +
         FormatIso8601(record.started) + " by " +
         DescribeOwner({record.owner, record.heartbeat, c_.clock->Now(), o_.stale_after});
}

std::optional<RunResult> Planner::PlanRecorded(const DeploymentRecord& record) {
  const OwnerCheck owner{record.owner, record.heartbeat, c_.clock->Now(), o_.stale_after};
  if (OwnerIsRunning(owner)) {
    return Refuse("a deployment of version " + record.new_version + " on " + p_.alias_arn +
                  " is in progress by " + DescribeOwner(owner) +
                  " (still running); wait for it, or use --force to take over");
  }
  p_.old_arn = p_.machine_arn + ":" + record.old_version;
  if (o_.rollback_interrupted) {
    p_.kind = PlanKind::kRollbackInterrupted;
    return std::nullopt;
  }
  // A controller that died between its claim and publishing moved no traffic: start afresh.
  if (record.new_version.empty() && SameRouting(p_.alias.routing, {{p_.old_arn, 100}}))
    return PlanFresh();
  auto options = DecodeScheduleSpec(record.schedule_spec);
  auto schedule = options.ok() ? BuildSchedule(*options) : Result<Schedule>(options.status());
  if (!schedule.ok())
    return Failed(schedule.status());
  auto mismatch = Mismatch(record, *schedule);
  if (!mismatch.ok())
    return Failed(mismatch.status());
  if (!mismatch->empty()) {
    return Refuse("alias " + p_.alias_arn + " carries an interrupted deployment: " +
                  DescribeRecord(record) + ". This command asks for " + *mismatch +
                  ". Run the command that started it to resume it (the same version and " +
                  (options.ok() ? ScheduleFlags(*options) : record.schedule_spec) +
                  "), or add --rollback-interrupted to roll it back");
  }
  p_.new_arn = p_.machine_arn + ":" + record.new_version;
  p_.schedule = *schedule;
  const int step = std::min<int>(record.step, static_cast<int>(schedule->size()) - 1);
  Routing expected = step < 0 ? Routing{{p_.old_arn, 100}}
                              : RoutingFor(p_.old_arn, p_.new_arn, (*schedule)[step].new_weight);
  if (!SameRouting(p_.alias.routing, expected)) {
    return Refuse("alias " + p_.alias_arn + " routes " + DescribeRouting(p_.alias.routing) +
                  " but its deployment record expects " + DescribeRouting(expected) +
                  "; use --force or `stepshift rollback`");
  }
  p_.kind = PlanKind::kResume;
  return std::nullopt;
}

Result<std::string> Planner::Mismatch(const DeploymentRecord& record, const Schedule& recorded) {
  ASSIGN_OR_RETURN(Schedule wanted, BuildSchedule(o_.schedule));
  const std::string recorded_arn = p_.machine_arn + ":" + record.new_version;
  std::string version_mismatch;
  if (o_.definition) {
    ASSIGN_OR_RETURN(aws::StateMachineInfo version, c_.api->DescribeStateMachine(recorded_arn));
    if (version.definition != *o_.definition)
      version_mismatch = "a definition (--file) other than version " + record.new_version + "'s";
  } else if (o_.publish_revision) {
    ASSIGN_OR_RETURN(aws::StateMachineInfo version, c_.api->DescribeStateMachine(recorded_arn));
    if (version.revision_id != machine_.revision_id)
      version_mismatch = "the current revision, which is not version " + record.new_version;
  } else {
    ASSIGN_OR_RETURN(std::vector<std::string> versions, c_.api->ListVersions(p_.machine_arn));
    if (versions.empty() || versions.front() != recorded_arn) {
      version_mismatch = "version " + (versions.empty() ? "(none)" : VersionNumber(versions[0]));
    }
  }
  const bool schedule_differs = !SameSchedule(wanted, recorded);
  std::string text = version_mismatch;
  if (schedule_differs) {
    text +=
        (text.empty() ? "" : " and ") + std::string("the schedule ") + ScheduleFlags(o_.schedule);
  }
  return text;
}

std::optional<RunResult> Planner::FindOldVersion() {
  p_.old_arn = LiveVersion(p_.alias.routing);
  if (!p_.old_arn.empty())
    return std::nullopt;
  if (!o_.force) {
    return Refuse("alias " + p_.alias_arn + " is split (" + DescribeRouting(p_.alias.routing) +
                  "): a deployment may be in progress. Use --force to take over, or "
                  "`stepshift rollback`.");
  }
  // --force: the heavier version is the one to return to.
  p_.old_arn = p_.alias.routing.front().version_arn;
  for (const auto& e : p_.alias.routing) {
    if (e.weight > 50)
      p_.old_arn = e.version_arn;
  }
  return std::nullopt;
}

std::optional<RunResult> Planner::PlanFresh() {
  if (auto stop = FindOldVersion())
    return stop;
  auto predicted = PredictNewVersion();
  if (!predicted.ok()) {
    return predicted.status().code() == StatusCode::kFailedPrecondition
               ? Refuse(predicted.status().message())
               : Failed(predicted.status());
  }
  p_.new_arn = *predicted;
  if (p_.new_arn == p_.old_arn && SameRouting(p_.alias.routing, {{p_.new_arn, 100}})) {
    return RunResult{Outcome::kNothingToDo,
                     "alias " + p_.alias_arn + " already routes 100% to version " +
                         VersionNumber(p_.new_arn) + ". No update necessary."};
  }
  if (!p_.new_arn.empty() && !o_.force &&
      WasRolledBack(c_.api, p_.machine_arn, p_.new_arn, c_.reporter)) {
    return Refuse("version " + VersionNumber(p_.new_arn) +
                  " was rolled back by an earlier deployment; publish a fixed revision, or use "
                  "--force to deploy it again");
  }
  if (auto stop = RefuseFiringAlarms())
    return stop;
  auto schedule = BuildSchedule(o_.schedule);
  if (!schedule.ok())
    return Refuse(schedule.status().message());
  p_.schedule = *schedule;
  p_.kind = PlanKind::kDeploy;
  return std::nullopt;
}

Result<std::string> Planner::PredictNewVersion() {
  // An upload of the definition the state machine already has makes no new revision.
  if ((o_.definition && *o_.definition == machine_.definition) ||
      (!o_.definition && o_.publish_revision)) {
    return VersionOfCurrentRevision();
  }
  if (o_.definition)
    return std::string();
  ASSIGN_OR_RETURN(std::vector<std::string> versions, c_.api->ListVersions(p_.machine_arn));
  if (versions.empty()) {
    return Status::FailedPrecondition("There is no published version for " + p_.machine_arn +
                                      ". Publish one (--publish-revision or --file) first.");
  }
  return versions.front();
}

// PublishStateMachineVersion hands back the version that already holds the current revision;
// it is the live version or the newest one when it exists at all.
Result<std::string> Planner::VersionOfCurrentRevision() {
  std::vector<std::string> candidates;
  if (!p_.old_arn.empty())
    candidates.push_back(p_.old_arn);
  ASSIGN_OR_RETURN(std::vector<std::string> versions, c_.api->ListVersions(p_.machine_arn));
  if (!versions.empty())
    candidates.push_back(versions.front());
  for (const std::string& arn : candidates) {
    ASSIGN_OR_RETURN(aws::StateMachineInfo version, c_.api->DescribeStateMachine(arn));
    if (version.revision_id == machine_.revision_id)
      return arn;
  }
  return std::string();
}

}  // namespace

std::optional<RunResult> PlanDeployment(const DeployOptions& options, const DeployContext& context,
                                        Plan* plan) {
  Planner planner(options, context, plan);
  return planner.Run();
}

std::vector<Hook> PlannedHooks(const Plan& plan) {
  const bool traffic_moved =
      plan.kind == PlanKind::kResume && plan.record && plan.record->step >= 0;
  const bool pre = !traffic_moved && plan.kind != PlanKind::kRollbackInterrupted;
  const bool post = plan.kind == PlanKind::kDeploy || plan.kind == PlanKind::kResume;
  std::vector<Hook> hooks;
  for (const char* phase : {kPreTraffic, kPostTraffic}) {
    for (const Hook& hook : plan.hooks) {
      if (hook.phase == phase && (phase == kPreTraffic ? pre : post))
        hooks.push_back(hook);
    }
  }
  return hooks;
}

std::string ScheduleFlags(const ScheduleOptions& o) {
  std::string flags;
  if (o.strategy == Strategy::kSteps) {
    flags = "--steps ";
    for (size_t i = 0; i < o.steps.size(); ++i)
      flags += (i ? "," : "") + std::to_string(o.steps[i]);
  } else {
    flags = "--strategy " + StrategyName(o.strategy);
    if (o.strategy != Strategy::kAllAtOnce)
      flags += " --increment " + std::to_string(o.increment);
  }
  flags += " --interval " + std::to_string(o.interval_seconds);
  if (o.bake_seconds > 0)
    flags += " --bake-time " + std::to_string(o.bake_seconds);
  return flags;
}

bool WasRolledBack(Api* api, const std::string& machine_arn, const std::string& version_arn,
                   Reporter* reporter) {
  auto list = api->GetTag(machine_arn, kRolledBackTag);
  if (!list.ok()) {
    const std::string text =
        "warning: cannot read the rolled-back versions tag: " + list.status().ToString();
    reporter->Event("warning", json::Object{{"message", text}}, text);
    return false;
  }
  return ListContains(*list, VersionNumber(version_arn));
}

}  // namespace stepshift::deploy
