#include "cli/cmd_deploy.h"

#include <unistd.h>

#include <atomic>
#include <iostream>
#include <memory>

#include "aws/client_config.h"
#include "cli/deploy_verdict_flags.h"
#include "cli/interrupts.h"
#include "cli/target_flags.h"
#include "deploy/aws_api.h"
#include "deploy/aws_executions_api.h"
#include "deploy/deployer.h"
#include "deploy/flags.h"
#include "deploy/router.h"

namespace stepshift::cli {

namespace {

constexpr char kExitCodes[] =
    "Exit status:\n"
    "  0    deployed, or nothing to do (also a dry run)\n"
    "  1    rolled back: an alarm fired or was deleted, the verdict failed or a hook failed\n"
    "  2    usage or validation error, or refused start: nothing changed\n"
    "  3    API or runtime error (starting routing restored when possible), or drift\n"
    "  130  interrupted by SIGINT/SIGTERM (starting routing restored)";

// Every outcome is told once: a failure (exit >= 2) as one line on stderr, anything else as the
// result line on stdout. JSON output always ends with the result event.
void Report(deploy::Reporter& reporter, const deploy::RunResult& result) {
  const int code = deploy::ExitCode(result.outcome);
  json::Object fields;
  fields["outcome"] = deploy::OutcomeName(result.outcome);
  fields["exit_code"] = code;
  fields["message"] = result.message;
  reporter.Event("result", std::move(fields),
                 code >= 2 ? "" : deploy::OutcomeName(result.outcome) + ": " + result.message);
  if (code >= 2) {
    std::cerr << "stepshift deploy: error: " << result.message << "\n";
  }
}

int RunDeploy(const deploy::DeployFlags& flags) {
  auto validated = deploy::ValidateDeployFlags(flags);
  if (!validated.ok()) {
    std::cerr << "stepshift deploy: error: " << validated.status().message() << "\n";
    return 2;
  }
  deploy::Reporter reporter(&std::cout, validated->output, isatty(STDOUT_FILENO) != 0,
                            &SystemClock());
  deploy::DeployOptions& options = validated->options;
  aws::ConfigOptions config_options;
  config_options.region = flags.region;
  config_options.profile = flags.profile;
  config_options.endpoint_url = flags.endpoint_url;
  auto config = aws::ResolveConfig(config_options);
  if (!config.ok()) {
    std::cerr << "stepshift deploy: error: " << config.status().message() << "\n";
    return 2;
  }
  options.region = config->region;
  options.partition = config->partition;
  std::unique_ptr<deploy::Api> api;
  if (validated->router.kind == deploy::RouterKind::kStepFunctions) {
    api = std::make_unique<deploy::AwsApi>(*config);
  } else {
    auto router = deploy::MakeRouter(validated->router, flags.alias, *config, &SystemClock());
    auto target = router->ResolveTarget();
    if (!target.ok()) {
      std::cerr << "stepshift deploy: error: " << target.status().message() << "\n";
      return target.status().IsNotFound() ? 2 : 3;
    }
    options.state_machine = *target;
    options.alias = router->AliasName();
    api = std::move(router);
  }
  // SIGINT/SIGTERM only raise a flag; the controller's loop sees it within a wait slice and
  // restores the starting routing before exiting 130.
  const std::atomic<bool>* interrupted = CatchInterrupts();
  deploy::AwsExecutionsApi executions(*config);
  deploy::HookServices services;
  services.clock = &SystemClock();
  services.interrupted = interrupted;
  services.executions = &executions;
  services.lambda = &*config;
  deploy::StandardHookRunner hooks(services);
  deploy::DeployContext context{api.get(), &SystemClock(), &reporter, interrupted, &hooks};
  if (validated->router.kind == deploy::RouterKind::kStepFunctions)
    context.executions = &executions;  // verdicts and executions awareness
  deploy::RunResult result =
      validated->dry_run ? deploy::DryRun(options, context) : deploy::Deploy(options, context);
  Report(reporter, result);
  return deploy::ExitCode(result.outcome);
}

void AddScheduleFlags(CLI::App* cmd, deploy::DeployFlags* f) {
  cmd->add_option("--strategy", f->strategy, "allatonce, canary or linear (any case)")
      ->capture_default_str();
  cmd->add_option("--increment", f->increment, "Percent per step (canary, linear), 1-100")
      ->capture_default_str();
  cmd->add_option("--interval", f->interval, "Seconds each step is watched")->capture_default_str();
  cmd->add_option("--steps", f->steps, "Explicit new-version weights, e.g. 5,25,50,100");
  cmd->add_option("--preset", f->preset,
                  "CodeDeploy-style preset: AllAtOnce, Canary10Percent5Minutes, "
                  "Linear10PercentEvery1Minute, Linear50PercentEvery30Seconds, ...");
  cmd->add_option("--bake-time", f->bake_time, "Seconds to keep watching at 100%")
      ->capture_default_str();
}

// The hooks (deploy/hooks.h), in the order they run within a phase.
void AddHookFlags(CLI::App* cmd, deploy::DeployFlags* f) {
  cmd->add_option("--pre-traffic-hook", f->router.pre_traffic_hook,
                  "Lambda: function invoked before any traffic moves; failing stops the deploy");
  cmd->add_option("--post-traffic-hook", f->router.post_traffic_hook,
                  "Lambda: function invoked at 100% before the end; failing rolls back");
  cmd->add_option("--pre-traffic", f->pre_traffic,
                  "Test INPUTS (JSON or YAML) run on the new version before any traffic moves");
  cmd->add_option("--post-traffic", f->post_traffic,
                  "Test INPUTS run on the new version at 100%, before the deploy succeeds");
  cmd->add_option("--hook-state-machine", f->hook_state_machine,
                  "Test workflow started before and after the traffic; SUCCEEDED passes");
  cmd->add_option("--hook-command", f->hook_command,
                  "Command (/bin/sh -c) run before and after the traffic; exit 0 passes");
  cmd->add_option("--hook-timeout", f->hook_timeout, "Seconds each hook may take")
      ->capture_default_str();
}

void AddFlags(CLI::App* cmd, deploy::DeployFlags* f) {
  cmd->add_option("--state-machine", f->state_machine, "State machine name or ARN");
  cmd->add_option("--alias", f->alias, "Alias name (Step Functions or Lambda)");
  AddRouterFlags(cmd, &f->router);
  cmd->add_option("--zip", f->router.zip_file,
                  "Lambda: deployment package to upload and publish (default: publish the latest "
                  "code)");
  cmd->add_option("--region", f->region, "AWS region (default: environment or profile)");
  cmd->add_option("--alarms", f->alarms,
                  "CloudWatch alarms (metric or composite) to watch, by name or ARN")
      ->expected(0, CLI::detail::expected_max_vector_size);
  cmd->add_option("--file", f->file, "Definition to validate, upload and publish (JSON or YAML)");
  cmd->add_flag("--publish-revision,!--no-publish-revision", f->publish_revision,
                "Publish the current revision as the new version");
  cmd->add_option("--alarm-polling", f->alarm_polling, "Seconds between alarm checks")
      ->capture_default_str();
  cmd->add_option("--history-max", f->history_max,
                  "Keep only the N newest versions after a deployment (0: keep all)")
      ->capture_default_str();
  cmd->add_flag("--force,!--no-force", f->force,
                "Take over an alias that is split or carries another deployment's record");
  cmd->add_option("--version-description", f->version_description,
                  "Published version's description");
  cmd->add_option("--endpoint-url", f->endpoint_url, "Endpoint for every service");
  cmd->add_option("--profile", f->profile, "Shared config/credentials profile");
  cmd->add_flag("--dry-run", f->dry_run,
                "Run every read-only check and print the plan; change nothing");
  cmd->add_option("--output", f->output, "text or json (JSON lines)")->capture_default_str();
  cmd->add_flag("--rollback-interrupted", f->rollback_interrupted,
                "Roll back an interrupted deployment instead of resuming it");
  AddHookFlags(cmd, f);
  AddScheduleFlags(cmd, f);
  AddVerdictFlags(cmd, f);
}

}  // namespace

void SetupDeployCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<deploy::DeployFlags>();
  CLI::App* cmd = app.add_subcommand(
      "deploy",
      "Shift an alias to a new version step by step, watching alarms; roll back on trouble");
  AddFlags(cmd, flags.get());
  cmd->footer(kExitCodes);
  cmd->callback([cmd, flags, exit_code] {
    flags->strategy_given = cmd->count("--strategy") > 0;
    flags->increment_given = cmd->count("--increment") > 0;
    flags->interval_given = cmd->count("--interval") > 0;
    flags->hook_timeout_given = cmd->count("--hook-timeout") > 0;
    // A bare --alarms (argparse nargs='*': an empty list) reaches us as one empty value.
    if (flags->alarms.size() == 1 && flags->alarms[0].empty())
      flags->alarms.clear();
    *exit_code = RunDeploy(*flags);
  });
}

}  // namespace stepshift::cli
