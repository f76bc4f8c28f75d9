// `stepshift rollback` and `stepshift status`: undo or inspect the deployment on one alias,
// including one whose controller died (its record is in the alias description).
#pragma once

#include <string>

#include "base/json.h"
#include "deploy/api.h"
#include "deploy/reporter.h"
#include "deploy/runner.h"

namespace stepshift::deploy {

struct AliasTarget {
  std::string state_machine;  // a name or an ARN
  std::string alias;
  std::string region;
  std::string partition = "aws";
  Duration stale_after = std::chrono::seconds(90);  // see DeployOptions::stale_after
};

// The alias; NotFound naming the state machine or the alias when either does not exist.
Result<aws::AliasInfo> DescribeTarget(Api* api, const std::string& machine_arn,
                                      const std::string& alias);

// Routes 100% to the previous version: the recorded old version when a deployment is in
// progress, else the lighter (older) version of a split alias, else the newest version older
// than the live one. Restores the user's description. kNothingToDo-free: kDeployed on success,
// kRefused when there is no previous version, kFailed on API errors.
RunResult RollbackAlias(Api* api, const AliasTarget& target, Reporter* reporter);

// {"alias":…, "routing":[{"version":…,"weight":…}], "description":…, "deployment":{…}|null}.
// The deployment is its record (record.h) with the current step's "new_weight" and "step_ends"
// from its schedule, "alarms" (names; null when not recorded) and the last "verdict" (null
// before the first). `now` judges the recorded controller's heartbeat (owner.h).
Result<json::Object> AliasStatus(Api* api, const AliasTarget& target, Time now);

// The human rendering of AliasStatus() (or a StatusSnapshot()); `now` ages the verdict.
std::string FormatStatus(const json::Object& status, Time now);

}  // namespace stepshift::deploy
