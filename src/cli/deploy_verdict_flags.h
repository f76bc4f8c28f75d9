// The CLI11 binding of `stepshift deploy`'s verdict and executions flags (deploy/verdict_flags.h).
#pragma once

#include <CLI/CLI.hpp>

#include "deploy/flags.h"

namespace stepshift::cli {

void AddVerdictFlags(CLI::App* cmd, deploy::DeployFlags* flags);

}  // namespace stepshift::cli
