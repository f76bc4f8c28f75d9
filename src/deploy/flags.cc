#include "deploy/flags.h"

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>

#include "asl/json_util.h"
#include "asl/parser.h"
#include "base/json.h"
#include "base/status_macros.h"
#include "deploy/alarm_refs.h"
#include "deploy/lambda_router.h"

namespace stepshift::deploy {

namespace {

Status Invalid(const std::string& message) {
  return Status::InvalidArgument(message);
}

// Reads --file and checks it with the ASL validator, before any API call, so an invalid
// definition is exit 2 with the validator's diagnostics rather than the service's refusal after
// the alias was claimed. YAML is accepted as `stepshift run` accepts it, and converted to the JSON
// the Step Functions API takes; a JSON file is uploaded exactly as written.
Result<std::string> ReadDefinition(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Invalid("--file: cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  asl::ParseOptions options;
  options.allow_yaml = true;
  asl::ParsedDefinition parsed = asl::ParseDefinition(text.str(), options);
  if (!parsed.ok()) {
    const asl::Diagnostic& first = parsed.diagnostics.front();
    if (first.code == asl::codes::kInvalidJson)
      return Invalid("--file: " + path + " is not valid JSON or YAML: " + first.message);
    return Invalid("--file: " + path + " is not a valid state machine definition: " +
                   asl::FormatInvalidDefinition(parsed.diagnostics));
  }
  if (asl::ParseJson(text.str()).ok())
    return text.str();
  ASSIGN_OR_RETURN(asl::Value yaml, asl::ParseYaml(text.str()));
  return asl::ToJson(yaml);
}

Result<ScheduleOptions> ScheduleFrom(const DeployFlags& f) {
  ScheduleOptions o;
  ASSIGN_OR_RETURN(o.strategy, ParseStrategy(f.strategy));
  o.increment = f.increment;
  o.interval_seconds = f.interval;
  o.bake_seconds = f.bake_time;
  if (!f.preset.empty() && !f.steps.empty())
    return Invalid("give --preset or --steps, not both");
  if (!f.preset.empty()) {
    if (f.strategy_given || f.increment_given || f.interval_given) {
      return Invalid("--preset sets the strategy, increment and interval; drop those flags");
    }
    RETURN_IF_ERROR(ApplyPreset(f.preset, &o));
  }
  if (!f.steps.empty()) {
    if (f.strategy_given || f.increment_given) {
      return Invalid("--steps replaces --strategy and --increment; drop those flags");
    }
    o.strategy = Strategy::kSteps;
    ASSIGN_OR_RETURN(o.steps, ParseSteps(f.steps));
  }
  RETURN_IF_ERROR(BuildSchedule(o).status());
  return o;
}

Status ValidateHookFlags(const DeployFlags& f) {
  if (f.hook_timeout < 1 || f.hook_timeout > 86400)
    return Invalid("--hook-timeout must be between 1 and 86400 seconds");
  static const std::regex kMachine(
      R"(^([A-Za-z0-9_\-]{1,80}|arn:[\w\-]+:states:[a-z0-9\-]+:\d{12}:stateMachine:[A-Za-z0-9_\-]{1,80}(:[A-Za-z0-9_\-\.]{1,80})?)$)");
  if (!f.hook_state_machine.empty() && !std::regex_match(f.hook_state_machine, kMachine)) {
    return Invalid("--hook-state-machine: '" + f.hook_state_machine +
                   "' is neither a state machine name nor a state machine ARN");
  }
  return Status::Ok();
}

// Every hook the flags ask for, in the order they run within a phase (hooks.h).
Result<std::vector<Hook>> HooksFrom(const DeployFlags& f) {
  RETURN_IF_ERROR(ValidateHookFlags(f));
  std::vector<Hook> hooks;
  const Duration timeout = std::chrono::seconds(f.hook_timeout);
  for (const auto& [phase, function, inputs, flag] :
       {std::tuple{kPreTraffic, &f.router.pre_traffic_hook, &f.pre_traffic, "--pre-traffic"},
        std::tuple{kPostTraffic, &f.router.post_traffic_hook, &f.post_traffic, "--post-traffic"}}) {
    if (!function->empty())
      hooks.push_back({HookKind::kFunction, phase, *function, {}, timeout});
    if (!inputs->empty()) {
      auto cases = LoadTestCases(*inputs);
      if (!cases.ok())
        return Invalid(std::string(flag) + ": " + cases.status().message());
      hooks.push_back({HookKind::kInputs, phase, *inputs, std::move(cases).value(), timeout});
    }
    if (!f.hook_state_machine.empty())
      hooks.push_back({HookKind::kStateMachine, phase, f.hook_state_machine, {}, timeout});
    if (!f.hook_command.empty())
      hooks.push_back({HookKind::kCommand, phase, f.hook_command, {}, timeout});
  }
  return hooks;
}

}  // namespace

Status ValidateTarget(const std::string& state_machine, const std::string& alias) {
  static const std::regex kName(R"(^[A-Za-z0-9_\-]{1,80}$)");
  static const std::regex kArn(
      R"(^arn:[\w\-]+:states:[a-z0-9\-]+:\d{12}:stateMachine:[A-Za-z0-9_\-]{1,80}$)");
  static const std::regex kAlias(R"(^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]{1,80}$)");
  if (!std::regex_match(state_machine, kName) && !std::regex_match(state_machine, kArn)) {
    return Invalid("--state-machine: '" + state_machine +
                   "' is neither a state machine name nor a state machine ARN");
  }
  if (!std::regex_match(alias, kAlias)) {
    return Invalid("--alias: '" + alias +
                   "' is not a valid alias name (1-80 of A-Z a-z 0-9 _ - ., not only digits)");
  }
  return Status::Ok();
}

Result<ValidatedDeploy> ValidateDeployFlags(const DeployFlags& f) {
  ValidatedDeploy v;
  RouterFlags router = f.router;
  router.state_machine = f.state_machine;
  router.alias = f.alias;
  if (!f.file.empty())
    router.sfn_only_given.push_back("--file");
  if (f.publish_revision)
    router.sfn_only_given.push_back("--publish-revision");
  for (const auto& [flag, given] :
       {std::pair{"--pre-traffic", !f.pre_traffic.empty()},
        std::pair{"--post-traffic", !f.post_traffic.empty()},
        std::pair{"--hook-state-machine", !f.hook_state_machine.empty()},
        std::pair{"--hook-command", !f.hook_command.empty()}}) {
    if (given)
      router.sfn_only_given.push_back(flag);
  }
  if (f.history_max > 0)
    router.versioned_only_given.push_back("--history-max");
  if (f.hook_timeout_given)
    router.versioned_only_given.push_back("--hook-timeout");
  ASSIGN_OR_RETURN(v.router, ChooseRouter(router));
  if (!v.router.zip.empty()) {
    v.options.definition = ZipSha256(v.router.zip);  // Lambda's CodeSha256 of the archive
    v.options.package_flag = "--zip";
  }
  ASSIGN_OR_RETURN(v.options.schedule, ScheduleFrom(f));
  if (f.alarm_polling < 1)
    return Invalid("--alarm-polling must be >= 1 second");
  if (f.history_max < 0)
    return Invalid("--history-max must be >= 0 (0 disables pruning)");
  if (f.version_description.size() > 256) {
    return Invalid("--version-description: at most 256 characters");
  }
  if (f.output != "text" && f.output != "json") {
    return Invalid("--output: invalid choice: '" + f.output + "' (choose from 'text', 'json')");
  }
  if (f.rollback_interrupted && f.force) {
    return Invalid("give --rollback-interrupted or --force, not both");
  }
  ASSIGN_OR_RETURN(AlarmRefs alarms, ResolveAlarmRefs(f.alarms));
  v.options.alarms = std::move(alarms.names);
  v.options.alarm_arns = std::move(alarms.arns);
  v.options.rollback_on_insufficient_data = f.rollback_on_insufficient_data;
  if (!f.file.empty()) {
    ASSIGN_OR_RETURN(std::string definition, ReadDefinition(f.file));
    v.options.definition = std::move(definition);
  }
  v.options.state_machine = f.state_machine;
  v.options.alias = f.alias;
  v.options.alarm_polling = std::chrono::seconds(f.alarm_polling);
  // A Lambda deployment without --zip publishes the latest code (PublishVersion only), as
  // --publish-revision publishes a state machine's current revision.
  v.options.publish_revision =
      f.publish_revision || (v.router.kind == RouterKind::kLambda && v.router.zip.empty());
  v.options.version_description = f.version_description;
  v.options.history_max = f.history_max;
  v.options.force = f.force;
  v.options.rollback_interrupted = f.rollback_interrupted;
  ASSIGN_OR_RETURN(v.options.hooks, HooksFrom(f));
  ASSIGN_OR_RETURN(v.options.verdict, ValidateVerdictFlags(f.verdict));
  v.options.stop_on_rollback = f.stop_on_rollback;
  v.output = f.output == "json" ? OutputMode::kJson : OutputMode::kText;
  v.dry_run = f.dry_run;
  return v;
}

}  // namespace stepshift::deploy
