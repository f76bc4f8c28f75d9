// The flags of `stepshift deploy` as typed by the user, and their validation into
// DeployOptions. Everything is checked here, before any AWS call: a bad value is one clear line
// and exit 2 with nothing changed (the reference raised some of these only mid-deployment).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "deploy/deployer.h"
#include "deploy/reporter.h"
#include "deploy/router_flags.h"
#include "deploy/verdict_flags.h"

namespace stepshift::deploy {

// Defaults are the reference script's (sfndeploy-reference.md §1).
struct DeployFlags {
  std::string state_machine;
  std::string alias;
  std::string region;
  std::string strategy = "allatonce";
  std::vector<std::string> alarms;  // a bare --alarms is an empty list: no alarms
  std::string file;
  bool publish_revision = false;
  bool force = false;
  int increment = 5;
  int interval = 120;
  int alarm_polling = 60;
  int history_max = 0;
  std::string steps;  // "5,25,50,100"
  std::string preset;
  int bake_time = 0;
  std::string version_description;
  std::string endpoint_url;
  std::string profile;
  bool dry_run = false;
  std::string output = "text";
  bool rollback_interrupted = false;
  VerdictFlags verdict;  // --verdict and its thresholds (verdict_flags.h)
  bool stop_on_rollback = false;
  bool rollback_on_insufficient_data = false;
  // Which of the schedule flags were given explicitly (they conflict with --preset/--steps).
  bool strategy_given = false;
  bool increment_given = false;
  bool interval_given = false;
  // The Lambda and Route 53 routers' flags (router_flags.h); state_machine and alias above.
  RouterFlags router;
  // Hooks (hooks.h) of a state machine's deployment: test INPUTS files, a hook state machine and
  // a hook command; --hook-timeout bounds every hook, the Lambda hook functions' too.
  std::string pre_traffic;
  std::string post_traffic;
  std::string hook_state_machine;
  std::string hook_command;
  int hook_timeout = 300;
  bool hook_timeout_given = false;
};

struct ValidatedDeploy {
  DeployOptions options;  // region/partition are filled in later from the resolved config
  OutputMode output = OutputMode::kText;
  bool dry_run = false;
  RouterTarget router;  // which router; its target (options.state_machine is resolved later)
};

// Returns InvalidArgument with a one-line reason. Reads --file: it must exist and be a valid
// definition in JSON or YAML (converted to JSON); and --pre-traffic/--post-traffic: valid test
// cases (hook_cases.h).
Result<ValidatedDeploy> ValidateDeployFlags(const DeployFlags& flags);

// Name or state machine ARN; alias name (AWS's pattern, never purely numeric).
Status ValidateTarget(const std::string& state_machine, const std::string& alias);

}  // namespace stepshift::deploy
