#include "cli/cmd_status.h"

#include <iostream>
#include <memory>

#include "cli/target_flags.h"
#include "deploy/admin.h"
#include "deploy/aws_api.h"

namespace stepshift::cli {

namespace {

int RunStatus(const TargetFlags& f) {
  std::optional<ResolvedTarget> resolved = ResolveTarget(f, "status");
  if (!resolved) {
    return 2;
  }
  deploy::Api* api = resolved->api.get();
  auto status = deploy::AliasStatus(api, resolved->target, SystemClock().Now());
  if (!status.ok()) {
    const bool missing = status.status().IsNotFound();  // names the resource: one plain line
    std::cerr << "stepshift status: error: "
              << (missing ? status.status().message() : status.status().ToString()) << "\n";
    return missing ? 2 : 3;
  }
  if (f.output == "json") {
    std::cout << json::Serialize(*status) << "\n";
  } else {
    std::cout << deploy::FormatStatus(*status);
  }
  return 0;
}

}  // namespace

void SetupStatusCommand(CLI::App& app, int* exit_code) {
  auto f = std::make_shared<TargetFlags>();
  CLI::App* cmd =
      app.add_subcommand("status", "Show an alias, its routing and any deployment in progress");
  AddTargetFlags(cmd, f.get());
  cmd->callback([f, exit_code] { *exit_code = RunStatus(*f); });
}

}  // namespace stepshift::cli
