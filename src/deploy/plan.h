// The read-only half of `stepshift deploy`: every check a deployment makes before it changes
// anything, and the plan it then carries out. `--dry-run` runs exactly this and prints the plan,
// so what it shows is what the real run would do, and it fails where the real run would refuse.
#pragma once

#include <optional>
#include <string>

#include "deploy/deployer.h"
#include "deploy/record.h"

namespace stepshift::deploy {

enum class PlanKind {
  kCreateAlias,          // the alias does not exist: create it routing 100% to the new version
  kDeploy,               // shift the alias from old_arn to the new version on `schedule`
  kResume,               // continue the recorded, interrupted deployment
  kRollbackInterrupted,  // route the recorded deployment's old version 100% again
};

struct Plan {
  PlanKind kind = PlanKind::kDeploy;
  std::string machine_arn;
  std::string alias_arn;
  aws::AliasInfo alias;                    // as read (kDeploy, kResume, kRollbackInterrupted)
  std::optional<DeploymentRecord> record;  // the alias's deployment record, if it has one
  std::string user_description;            // what the alias's description returns to
  std::string old_arn;                     // the version to return to
  std::string new_arn;                     // empty: the run publishes it (--file, --publish-…)
  Schedule schedule;                       // kDeploy; the recorded one for kResume
  // The options' hooks, hook state machines resolved to ARNs; those the plan runs are
  // PlannedHooks().
  std::vector<Hook> hooks;
};

// The hooks `plan` runs, in order: the pre-traffic ones unless traffic already moved (a resumed
// deployment past its first shift), then the post-traffic ones unless the run creates the alias
// (there is no version to roll back to). None for kRollbackInterrupted.
std::vector<Hook> PlannedHooks(const Plan& plan);

// Runs the checks in order: the state machine exists; the alarms exist (and, for a deployment
// that would move traffic, none is in ALARM); the alias and any deployment record on it (a live
// controller refuses; an interrupted deployment is resumed only when this command asks for the
// same version and schedule); a split alias; the new version, found without publishing; a
// version an earlier deployment rolled back; the hooks' state machines exist and the hooks can
// run (executions of an EXPRESS version cannot be described). Returns nullopt with *plan filled
// when the run can go ahead, else how it ends: kNothingToDo (exit 0), kRefused (2) or kFailed (3).
std::optional<RunResult> PlanDeployment(const DeployOptions& options, const DeployContext& context,
                                        Plan* plan);

// The dry-run output: what the plan does, then each step's weights and start time.
void PrintPlan(const Plan& plan, const DeployOptions& options, Time now, Reporter* reporter);

// "--strategy linear --increment 25 --interval 3" (plus --bake-time): the flags that ask for
// `options`, for messages that tell the user which command resumes a deployment.
std::string ScheduleFlags(const ScheduleOptions& options);

// Whether version `version_arn` was rolled back by an earlier deployment (the state machine's
// kRolledBackTag). A tag that cannot be read counts as no (and is reported as a warning).
bool WasRolledBack(Api* api, const std::string& machine_arn, const std::string& version_arn,
                   Reporter* reporter);

}  // namespace stepshift::deploy
