// The flags that name an alias and how to reach its account, shared by `stepshift rollback` and
// `stepshift status`, and their validation and AWS configuration.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "aws/client_config.h"
#include "deploy/admin.h"
#include "deploy/router_flags.h"

namespace stepshift::cli {

struct TargetFlags {
  std::string state_machine;
  std::string alias;
  deploy::RouterFlags router;  // --function-name, --hosted-zone-id, ...
  std::string region;
  std::string profile;
  std::string endpoint_url;
  std::string output = "text";
};

// --state-machine, --alias, the router flags, --region, --profile, --endpoint-url, --output.
void AddTargetFlags(CLI::App* cmd, TargetFlags* flags);

// --function-name, --hosted-zone-id, --record-name, --record-type, --blue, --green.
void AddRouterFlags(CLI::App* cmd, deploy::RouterFlags* flags);

struct ResolvedTarget {
  aws::ClientConfig config;
  deploy::AliasTarget target;
  std::unique_ptr<deploy::Api> api;  // the router the flags chose
};

// Validates `flags` and resolves region, credentials and endpoints (and a Lambda or Route 53
// target). On failure prints one line, "stepshift <command>: error: ...", sets *exit_code (2 for
// a usage error or a missing resource, 3 when the service failed) and returns nullopt.
std::optional<ResolvedTarget> ResolveTarget(const TargetFlags& flags, std::string_view command,
                                            int* exit_code);

}  // namespace stepshift::cli
