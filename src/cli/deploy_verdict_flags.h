// The CLI11 binding of `stepshift deploy`'s verdict, executions and alarm-robustness flags
// (deploy/verdict_flags.h, DeployFlags).
#pragma once

#include <CLI/CLI.hpp>

#include "deploy/flags.h"

namespace stepshift::cli {

void AddVerdictFlags(CLI::App* cmd, deploy::DeployFlags* flags);

}  // namespace stepshift::cli
