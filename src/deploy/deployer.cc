#include "deploy/deployer.h"

#include "base/status_macros.h"
#include "deploy/executions_report.h"
#include "deploy/hook_phase.h"
#include "deploy/owner.h"
#include "deploy/plan.h"
#include "deploy/prune.h"
#include "deploy/record.h"
#include "deploy/rolled_back.h"

namespace stepshift::deploy {

namespace {

// A lost claim or a precondition found false is a refusal (nothing changed); anything else is
// the API's error.
RunResult Stopped(const Status& status) {
  return status.code() == StatusCode::kFailedPrecondition ? Refuse(status.message())
                                                          : Failed(status);
}

// Carries out a Plan (plan.h). Every path that moves traffic first claims the alias.
class Deployer {
 public:
  Deployer(const DeployOptions& options, const DeployContext& context) : o_(options), c_(context) {}

  RunResult Run(const Plan& plan);

 private:
  RunResult CreateAlias();
  RunResult StartFresh();
  RunResult Resume();
  RunResult RollbackInterrupted();
  // Claims the alias for `record` (claim.h), expecting it as the plan read it.
  Status Claim(const DeploymentRecord& record);
  // Publishes the new version (--file or --publish-revision); the known one otherwise.
  Result<std::string> NewVersion();
  // After the claim: publishes, then writes the new version into the record.
  std::optional<RunResult> Publish(DeploymentRecord* record);
  DeploymentRecord NewRecord() const;
  RunResult Execute(RunContext ctx, DeploymentState state);
  void RememberRolledBack(const std::string& new_arn);
  // Runs the plan's hooks of `phase` (hook_phase.h). With `beat`, `record` (which the alias
  // carries) has its heartbeat refreshed while a hook waits.
  Status RunHooks(const std::string& phase, DeploymentRecord* record, bool beat);
  HookFacts Facts(const std::string& phase, const DeploymentRecord& record) const;
  // After a failed pre-traffic phase: gives the claim of `record` back (unless there is none),
  // the alias description returning to `description`.
  RunResult NoTrafficMoved(const Status& hook, const DeploymentRecord* record,
                           const std::string& description = "");
  void Note(const std::string& type, const std::string& text);

  std::string Owner() const { return o_.owner.empty() ? DefaultOwner() : o_.owner; }

  const DeployOptions& o_;
  DeployContext c_;
  Plan p_;
};

void Deployer::Note(const std::string& type, const std::string& text) {
  c_.reporter->Event(type, json::Object{{"message", text}}, text);
}

RunResult Deployer::Run(const Plan& plan) {
  p_ = plan;
  switch (p_.kind) {
    case PlanKind::kCreateAlias:
      return CreateAlias();
    case PlanKind::kDeploy:
      return StartFresh();
    case PlanKind::kResume:
      return Resume();
    case PlanKind::kRollbackInterrupted:
      return RollbackInterrupted();
  }
  return Failed(Status::Internal("unknown plan"));
}

Result<std::string> Deployer::NewVersion() {
  if (!p_.new_arn.empty())
    return p_.new_arn;
  if (o_.definition) {
    // One call uploads and publishes, so nothing another writer does in between can be
    // published by mistake (reference defect 6).
    aws::UpdateStateMachineRequest request;
    request.state_machine_arn = p_.machine_arn;
    request.definition = *o_.definition;
    request.publish = true;
    request.version_description = o_.version_description;
    ASSIGN_OR_RETURN(aws::WriteResult written, c_.api->UpdateStateMachine(request));
    return written.version_arn;
  }
  ASSIGN_OR_RETURN(aws::StateMachineInfo info, c_.api->DescribeStateMachine(p_.machine_arn));
  ASSIGN_OR_RETURN(
      aws::WriteResult written,
      c_.api->PublishVersion(p_.machine_arn, info.revision_id, o_.version_description));
  return written.version_arn;
}

// There is no alias to claim: CreateStateMachineAlias itself decides between concurrent
// creators (the others get ConflictException).
RunResult Deployer::CreateAlias() {
  auto new_arn = NewVersion();
  if (!new_arn.ok())
    return Failed(new_arn.status());
  p_.new_arn = *new_arn;
  DeploymentRecord facts = NewRecord();
  if (Status hook = RunHooks(kPreTraffic, &facts, false); !hook.ok())
    return NoTrafficMoved(hook, nullptr);
  Status created = c_.api->CreateAlias(p_.machine_arn, o_.alias, {{*new_arn, 100}});
  if (created.kind() == "ConflictException") {
    return Refuse("alias " + p_.alias_arn + " was created by someone else meanwhile (" +
                  created.message() + ")");
  }
  if (!created.ok())
    return Failed(created);
  Note("decision",
       "created alias " + o_.alias + " routing 100% to version " + VersionNumber(*new_arn));
  return {Outcome::kDeployed, "created alias " + p_.alias_arn};
}

Status Deployer::Claim(const DeploymentRecord& record) {
  ClaimRequest request{p_.alias_arn, p_.alias.routing, p_.alias.description, record};
  return ClaimAlias(c_.api, c_.clock, request, o_.claim);
}

DeploymentRecord Deployer::NewRecord() const {
  const Time now = c_.clock->Now();
  DeploymentRecord record;
  record.old_version = VersionNumber(p_.old_arn);
  record.new_version = p_.new_arn.empty() ? "" : VersionNumber(p_.new_arn);
  record.schedule_spec = EncodeScheduleSpec(o_.schedule);
  record.started = now;
  record.step_started = now;
  record.heartbeat = now;
  record.owner = Owner();
  record.user_description = p_.user_description;
  return record;
}

std::optional<RunResult> Deployer::Publish(DeploymentRecord* record) {
  const DeploymentRecord claimed = *record;
  auto release = [&](RunResult result) {
    if (Status ok = ReleaseClaim(c_.api, p_.alias_arn, claimed, p_.alias.description); !ok.ok())
      result.message += "; releasing the claim failed: " + ok.ToString();
    return result;
  };
  auto new_arn = NewVersion();
  if (!new_arn.ok())
    return release(Failed(new_arn.status()));
  if (*new_arn == p_.old_arn && SameRouting(p_.alias.routing, {{p_.old_arn, 100}})) {
    return release({Outcome::kNothingToDo, "alias " + p_.alias_arn +
                                               " already routes 100% to version " +
                                               VersionNumber(*new_arn) + ". No update necessary."});
  }
  if (p_.new_arn.empty() && !o_.force &&
      WasRolledBack(c_.api, p_.machine_arn, *new_arn, c_.reporter)) {
    return release(Refuse("version " + VersionNumber(*new_arn) +
                          " was rolled back by an earlier deployment; publish a fixed revision, "
                          "or use --force to deploy it again"));
  }
  p_.new_arn = *new_arn;
  if (record->new_version == VersionNumber(*new_arn))
    return std::nullopt;
  record->new_version = VersionNumber(*new_arn);
  // The claim is won, so nobody else writes the alias now; the record gets its version.
  if (Status ok = c_.api->UpdateAlias(p_.alias_arn, std::nullopt, EncodeRecord(*record)); !ok.ok())
    return Failed(ok);
  return std::nullopt;
}

HookFacts Deployer::Facts(const std::string& phase, const DeploymentRecord& record) const {
  HookFacts facts;
  facts.deployment_id = std::to_string(static_cast<int64_t>(ToEpochSeconds(record.started))) + "-" +
                        record.new_version;
  facts.function = p_.machine_arn;
  facts.alias = o_.alias;
  facts.alias_arn = p_.alias_arn;
  facts.old_version = record.old_version;
  facts.new_version = record.new_version;
  facts.old_version_arn = p_.old_arn;
  facts.new_version_arn = p_.new_arn;
  facts.phase = phase;
  return facts;
}

Status Deployer::RunHooks(const std::string& phase, DeploymentRecord* record, bool beat) {
  HookPhaseContext context;
  context.runner = c_.hooks;
  context.reporter = c_.reporter;
  context.clock = c_.clock;
  if (beat) {
    context.api = c_.api;
    context.alias_arn = p_.alias_arn;
    context.heartbeat = o_.heartbeat;
  }
  return RunHookPhase(PlannedHooks(p_), Facts(phase, *record), record, context);
}

RunResult Deployer::NoTrafficMoved(const Status& hook, const DeploymentRecord* record,
                                   const std::string& description) {
  const bool interrupted = c_.interrupted != nullptr && c_.interrupted->load();
  RunResult result{interrupted ? Outcome::kInterrupted : Outcome::kRolledBack,
                   hook.message() + "; no traffic moved to version " + VersionNumber(p_.new_arn)};
  if (record == nullptr)
    return result;
  if (Status ok = ReleaseClaim(c_.api, p_.alias_arn, *record, description); !ok.ok())
    result.message += "; releasing the claim failed: " + ok.ToString();
  return result;
}

RunResult Deployer::StartFresh() {
  std::string from = p_.old_arn;
  DeploymentRecord record = NewRecord();
  if (Status claimed = Claim(record); !claimed.ok())
    return Stopped(claimed);
  if (auto stop = Publish(&record))
    return *stop;
  if (from == p_.new_arn) {  // --force on a split alias whose heavier side is the new version
    for (const auto& e : p_.alias.routing) {
      if (e.version_arn != p_.new_arn)
        from = e.version_arn;
    }
    p_.old_arn = from;
    record.old_version = VersionNumber(from);
  }
  RunContext ctx;
  ctx.old_version_arn = from;
  ctx.new_version_arn = p_.new_arn;
  ctx.starting_routing = p_.alias.routing;
  ctx.user_description = record.user_description;
  ctx.record = record;
  // BeforeAllowTraffic: a failing hook gives the claim back before any traffic moved.
  if (Status hook = RunHooks(kPreTraffic, &record, true); !hook.ok())
    return NoTrafficMoved(hook, &record, p_.alias.description);
  ctx.record = record;  // with the heartbeats the hooks wrote
  DeploymentState state;
  state.schedule = p_.schedule;
  Note("start", "deploying version " + record.new_version + " over version " + record.old_version +
                    " on " + p_.alias_arn + " (" + record.schedule_spec + ", " +
                    std::to_string(p_.schedule.size()) + " steps)");
  return Execute(std::move(ctx), std::move(state));
}

RunResult Deployer::Resume() {
  const DeploymentRecord& recorded = *p_.record;
  RunContext ctx;
  ctx.old_version_arn = p_.old_arn;
  ctx.new_version_arn = p_.new_arn;
  ctx.starting_routing = {{p_.old_arn, 100}};
  ctx.user_description = recorded.user_description;
  ctx.record = recorded;
  ctx.record.owner = Owner();
  ctx.record.heartbeat = c_.clock->Now();
  // Taking the record over is a claim too: two reruns must not both resume.
  if (Status claimed = Claim(ctx.record); !claimed.ok())
    return Stopped(claimed);
  // A deployment that moved no traffic yet may have died in its pre-traffic hooks, before they
  // passed: they run again (PlannedHooks() has none once traffic moved). Failing, they end the
  // recorded deployment too: the alias gets the user's description back.
  if (Status hook = RunHooks(kPreTraffic, &ctx.record, true); !hook.ok())
    return NoTrafficMoved(hook, &ctx.record, p_.user_description);
  DeploymentState state;
  state.schedule = p_.schedule;
  state.step = std::min<int>(recorded.step, static_cast<int>(p_.schedule.size()) - 1);
  state.step_started = recorded.step_started;
  Note("resume", "resuming the deployment of version " + recorded.new_version + " over version " +
                     recorded.old_version + " at step " + std::to_string(state.step + 1) + "/" +
                     std::to_string(p_.schedule.size()) + " (started by " + recorded.owner + ")");
  return Execute(std::move(ctx), std::move(state));
}

RunResult Deployer::Execute(RunContext ctx, DeploymentState state) {
  ctx.api = c_.api;
  ctx.clock = c_.clock;
  ctx.reporter = c_.reporter;
  ctx.interrupted = c_.interrupted;
  ctx.alias_arn = p_.alias_arn;
  ctx.alarms = o_.alarms;
  ctx.insufficient_data_fires = o_.rollback_on_insufficient_data;
  std::optional<VerdictSource> source;
  std::optional<VerdictWatch> verdict;
  if (c_.executions != nullptr && o_.verdict.mode != VerdictMode::kOff) {
    source.emplace(c_.executions, o_.verdict.source);
    verdict.emplace(o_.verdict, &*source, c_.reporter, ctx.old_version_arn, ctx.new_version_arn);
    ctx.verdict = &*verdict;
  }
  // The controller polls when there is something to watch: alarms or the executions.
  state.has_alarms = !o_.alarms.empty() || ctx.verdict != nullptr;
  state.alarm_polling = o_.alarm_polling;
  state.heartbeat = o_.heartbeat;
  state.last_beat = c_.clock->Now();
  // AfterAllowTraffic: the loop keeps ctx.record current; a failing hook rolls back.
  ctx.before_complete = [this, &ctx] { return RunHooks(kPostTraffic, &ctx.record, true); };
  RunResult result = RunDeployment(ctx, std::move(state));
  if (result.outcome == Outcome::kRolledBack) {
    RememberRolledBack(ctx.new_version_arn);
    if (c_.executions != nullptr) {
      (void)ReportBadVersion(c_.executions, ctx.new_version_arn, ctx.record.started,
                             o_.stop_on_rollback, c_.reporter);  // a failure is a warning
    }
  }
  if (result.outcome != Outcome::kDeployed || o_.history_max <= 0)
    return result;
  auto pruned =
      PruneVersions(c_.api, p_.machine_arn, o_.history_max,
                    {ctx.old_version_arn, ctx.new_version_arn}, c_.reporter, c_.executions);
  if (!pruned.ok())
    Note("warning", "warning: pruning skipped: " + pruned.status().ToString());
  return result;
}

void Deployer::RememberRolledBack(const std::string& new_arn) {
  auto list = c_.api->GetTag(p_.machine_arn, kRolledBackTag);
  Status saved = list.ok() ? c_.api->SetTag(p_.machine_arn, kRolledBackTag,
                                            ListAdd(*list, VersionNumber(new_arn)))
                           : list.status();
  if (!saved.ok())
    Note("warning", "warning: cannot remember the rolled-back version: " + saved.ToString());
}

RunResult Deployer::RollbackInterrupted() {
  const DeploymentRecord& record = *p_.record;
  if (Status ok =
          c_.api->UpdateAlias(p_.alias_arn, Routing{{p_.old_arn, 100}}, record.user_description);
      !ok.ok()) {
    return Failed(ok);
  }
  Note("decision", "rolled back the interrupted deployment of version " + record.new_version +
                       ": version " + record.old_version + " has 100%");
  return {Outcome::kNothingToDo,
          "rolled back interrupted deployment; version " + record.old_version + " receives 100%"};
}

}  // namespace

RunResult Deploy(const DeployOptions& options, const DeployContext& context) {
  Plan plan;
  if (std::optional<RunResult> stop = PlanDeployment(options, context, &plan))
    return *stop;
  Deployer deployer(options, context);
  return deployer.Run(plan);
}

RunResult DryRun(const DeployOptions& options, const DeployContext& context) {
  Plan plan;
  if (std::optional<RunResult> stop = PlanDeployment(options, context, &plan))
    return *stop;
  PrintPlan(plan, options, context.clock->Now(), context.reporter);
  return {Outcome::kNothingToDo, "dry run: nothing changed"};
}

Result<std::string> ResolveMachineArn(Api* api, const std::string& name_or_arn,
                                      const std::string& partition, const std::string& region) {
  if (name_or_arn.rfind("arn:", 0) == 0)
    return name_or_arn;
  ASSIGN_OR_RETURN(std::string account, api->AccountId());
  return "arn:" + partition + ":states:" + region + ":" + account + ":stateMachine:" + name_or_arn;
}

std::string LiveVersion(const Routing& routing) {
  for (const aws::RoutingEntry& entry : routing) {
    if (entry.weight == 100)
      return entry.version_arn;
  }
  return "";
}

}  // namespace stepshift::deploy
