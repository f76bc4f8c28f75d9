#include "cli/target_flags.h"

#include <iostream>

#include "deploy/aws_api.h"
#include "deploy/flags.h"

namespace stepshift::cli {

void AddTargetFlags(CLI::App* cmd, TargetFlags* flags) {
  cmd->add_option("--state-machine", flags->state_machine, "State machine name or ARN");
  cmd->add_option("--alias", flags->alias, "Alias name (Step Functions or Lambda)");
  AddRouterFlags(cmd, &flags->router);
  cmd->add_option("--region", flags->region, "AWS region");
  cmd->add_option("--profile", flags->profile, "Shared config/credentials profile");
  cmd->add_option("--endpoint-url", flags->endpoint_url, "Endpoint for every service");
  cmd->add_option("--output", flags->output, "text or json")->capture_default_str();
}

void AddRouterFlags(CLI::App* cmd, deploy::RouterFlags* f) {
  cmd->add_option("--function-name", f->function_name, "Lambda function name or ARN");
  cmd->add_option("--hosted-zone-id", f->hosted_zone_id, "Route 53 hosted zone of the pair");
  cmd->add_option("--record-name", f->record_name, "Route 53: the weighted records' name");
  cmd->add_option("--record-type", f->record_type, "Route 53: their type (A, AAAA, CNAME, ...)");
  cmd->add_option("--blue", f->blue, "Route 53: SetIdentifier of the record with the traffic now");
  cmd->add_option("--green", f->green, "Route 53: SetIdentifier of the record to shift it to");
}

std::optional<ResolvedTarget> ResolveTarget(const TargetFlags& flags, std::string_view command,
                                            int* exit_code) {
  auto fail = [command, exit_code](const Status& status, int code = 2) {
    std::cerr << "stepshift " << command << ": error: " << status.message() << "\n";
    *exit_code = code;
    return std::nullopt;
  };
  deploy::RouterFlags chooser = flags.router;
  chooser.state_machine = flags.state_machine;
  chooser.alias = flags.alias;
  Result<deploy::RouterTarget> chosen = deploy::ChooseRouter(chooser);
  Status valid = chosen.status();
  if (valid.ok() && flags.output != "text" && flags.output != "json") {
    valid = Status::InvalidArgument("--output: invalid choice: '" + flags.output + "'");
  }
  if (!valid.ok()) {
    return fail(valid);
  }
  aws::ConfigOptions options;
  options.region = flags.region;
  options.profile = flags.profile;
  options.endpoint_url = flags.endpoint_url;
  Result<aws::ClientConfig> config = aws::ResolveConfig(options);
  if (!config.ok()) {
    return fail(config.status());
  }
  deploy::AliasTarget target{flags.state_machine, flags.alias, config->region, config->partition};
  if (chosen->kind == deploy::RouterKind::kStepFunctions) {
    auto api = std::make_unique<deploy::AwsApi>(*config);
    return ResolvedTarget{std::move(config).value(), std::move(target), std::move(api)};
  }
  auto router = deploy::MakeRouter(*chosen, flags.alias, *config, &SystemClock());
  Result<std::string> arn = router->ResolveTarget();
  if (!arn.ok())
    return fail(arn.status(), arn.status().IsNotFound() ? 2 : 3);
  target.state_machine = *arn;
  target.alias = router->AliasName();
  return ResolvedTarget{std::move(config).value(), std::move(target), std::move(router)};
}

}  // namespace stepshift::cli
