// `stepshift deploy` end to end, over an Api: the read-only checks and plan (plan.h), then the
// claim of the alias (claim.h), publishing the new version atomically, running the schedule
// (runner.h) and pruning. A rerun on an interrupted deployment resumes it from its record when
// it asks for the same deployment, or rolls it back.
#pragma once

#include <atomic>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "deploy/api.h"
#include "deploy/claim.h"
#include "deploy/executions_api.h"
#include "deploy/hooks.h"
#include "deploy/reporter.h"
#include "deploy/runner.h"
#include "deploy/schedule.h"
#include "deploy/verdict_watch.h"

namespace stepshift::deploy {

struct DeployOptions {
  std::string state_machine;  // a name or a state machine ARN
  std::string alias;
  std::string region;  // for ARNs built from a name
  std::string partition = "aws";
  ScheduleOptions schedule;
  std::vector<std::string> alarms;                // names (ARNs given are resolved)
  std::map<std::string, std::string> alarm_arns;  // name -> the ARN it was given as
  bool rollback_on_insufficient_data = false;     // INSUFFICIENT_DATA counts as ALARM
  Duration alarm_polling = std::chrono::seconds(60);
  // --file: the definition to upload, as JSON (a YAML file converted), already validated.
  std::optional<std::string> definition;
  bool publish_revision = false;
  std::string version_description;
  int history_max = 0;  // 0: no pruning
  bool force = false;   // take over a split alias (the heavier version counts as live)
  bool rollback_interrupted = false;
  std::string owner;  // empty: DefaultOwner()
  ClaimOptions claim;
  // How often a waiting controller refreshes its record's heartbeat, and how old a heartbeat
  // (of a controller on another host) must be before its deployment counts as interrupted.
  Duration heartbeat = std::chrono::seconds(30);
  Duration stale_after = std::chrono::seconds(90);
  std::string package_flag = "--file";  // what `definition` came from, for messages ("--zip")
  // The hooks (hooks.h), in the order they run within their phase; run through
  // DeployContext::hooks. A kStateMachine hook's target may be a name (resolved as
  // state_machine is).
  std::vector<Hook> hooks;
  VerdictSettings verdict;        // the executions' verdict at each poll (verdict_watch.h)
  bool stop_on_rollback = false;  // stop the new version's RUNNING executions after a rollback
};

struct DeployContext {
  Api* api = nullptr;
  Clock* clock = nullptr;
  Reporter* reporter = nullptr;
  const std::atomic<bool>* interrupted = nullptr;  // may be null
  HookRunner* hooks = nullptr;                     // REQUIRES: set when the options have hooks
  ExecutionsApi* executions = nullptr;  // verdicts and executions awareness; null: neither
};

// Never returns an error Status: every failure is an Outcome with a one-line message.
RunResult Deploy(const DeployOptions& options, const DeployContext& context);

// --dry-run: the same checks as Deploy(), then the plan printed to the reporter; changes nothing.
// Ends as Deploy() would when a check refuses or fails or there is nothing to do, else
// kNothingToDo with "dry run: nothing changed".
RunResult DryRun(const DeployOptions& options, const DeployContext& context);

// "orders" -> "arn:aws:states:us-east-1:123456789012:stateMachine:orders"; an ARN is returned
// as it is. Calls Api::AccountId() only for a name.
Result<std::string> ResolveMachineArn(Api* api, const std::string& name_or_arn,
                                      const std::string& partition, const std::string& region);

// The version that has 100% of the alias, or empty when the alias is split.
std::string LiveVersion(const Routing& routing);

}  // namespace stepshift::deploy
