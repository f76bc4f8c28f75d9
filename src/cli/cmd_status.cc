#include "cli/cmd_status.h"

#include <iostream>
#include <memory>

#include "cli/target_flags.h"
#include "deploy/admin.h"
#include "deploy/aws_api.h"
#include "deploy/aws_executions_api.h"
#include "deploy/executions_report.h"

namespace stepshift::cli {

namespace {

int RunStatus(const TargetFlags& f, int window_seconds) {
  if (window_seconds < 1) {
    std::cerr << "stepshift status: error: --window must be >= 1 second\n";
    return 2;
  }
  int exit_code = 0;
  std::optional<ResolvedTarget> resolved = ResolveTarget(f, "status", &exit_code);
  if (!resolved) {
    return exit_code;
  }
  deploy::Api* api = resolved->api.get();
  auto status = deploy::AliasStatus(api, resolved->target, SystemClock().Now());
  if (!status.ok()) {
    const bool missing = status.status().IsNotFound();  // names the resource: one plain line
    std::cerr << "stepshift status: error: "
              << (missing ? status.status().message() : status.status().ToString()) << "\n";
    return missing ? 2 : 3;
  }
  // Per routed version: its executions over the window (counts, failure rate, p90).
  std::vector<std::string> versions;
  for (const json::Value& entry : status->at("routing").as_array())
    versions.emplace_back(entry.as_object().at("version").as_string());
  deploy::AwsExecutionsApi executions(resolved->config);
  const Duration window = std::chrono::seconds(window_seconds);
  json::Array per_version =
      deploy::VersionExecutions(&executions, versions, SystemClock().Now(), window);
  if (f.output == "json") {
    (*status)["window_seconds"] = window_seconds;
    (*status)["executions"] = per_version;
    std::cout << json::Serialize(*status) << "\n";
  } else {
    std::cout << deploy::FormatStatus(*status)
              << deploy::FormatVersionExecutions(per_version, window);
  }
  return 0;
}

}  // namespace

void SetupStatusCommand(CLI::App& app, int* exit_code) {
  auto f = std::make_shared<TargetFlags>();
  CLI::App* cmd = app.add_subcommand(
      "status",
      "Show an alias, its routing, any deployment in progress and each version's executions");
  AddTargetFlags(cmd, f.get());
  auto window = std::make_shared<int>(300);
  cmd->add_option("--window", *window,
                  "Seconds of executions to show per version (counts, failure rate, p90)")
      ->capture_default_str();
  cmd->callback([f, window, exit_code] { *exit_code = RunStatus(*f, *window); });
}

}  // namespace stepshift::cli
