#include "cli/cmd_rollback.h"

#include <iostream>
#include <memory>

#include "cli/target_flags.h"
#include "deploy/admin.h"
#include "deploy/aws_api.h"

namespace stepshift::cli {

namespace {

int RunRollback(const TargetFlags& f) {
  int exit_code = 0;
  std::optional<ResolvedTarget> resolved = ResolveTarget(f, "rollback", &exit_code);
  if (!resolved) {
    return exit_code;
  }
  deploy::Api* api = resolved->api.get();
  deploy::Reporter reporter(
      &std::cout, f.output == "json" ? deploy::OutputMode::kJson : deploy::OutputMode::kText, false,
      &SystemClock());
  deploy::RunResult result = deploy::RollbackAlias(api, resolved->target, &reporter);
  if (deploy::ExitCode(result.outcome) != 0) {
    std::cerr << "stepshift rollback: error: " << result.message << "\n";
  }
  return deploy::ExitCode(result.outcome);
}

}  // namespace

void SetupRollbackCommand(CLI::App& app, int* exit_code) {
  auto f = std::make_shared<TargetFlags>();
  CLI::App* cmd = app.add_subcommand(
      "rollback", "Route an alias 100% back to its previous version (ends any deployment)");
  AddTargetFlags(cmd, f.get());
  cmd->callback([f, exit_code] { *exit_code = RunRollback(*f); });
}

}  // namespace stepshift::cli
