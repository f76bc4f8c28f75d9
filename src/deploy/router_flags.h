// The flags that choose a router (router.h), in the AWS CLI's style: --state-machine names a
// Step Functions state machine, --function-name a Lambda function, --hosted-zone-id (with
// --record-name, --record-type, --blue, --green) a Route 53 weighted record pair. Flags of two
// routers together are a usage error, one line, before any AWS call.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "deploy/router.h"

namespace stepshift::deploy {

struct RouterFlags {
  std::string state_machine;
  std::string alias;
  // Lambda.
  std::string function_name;
  std::string zip_file;
  std::string pre_traffic_hook;
  std::string post_traffic_hook;
  // Route 53.
  std::string hosted_zone_id;
  std::string record_name;
  std::string record_type;
  std::string blue;
  std::string green;
  // Step Functions-only flags the user gave ("--file", "--publish-revision", "--hook-command",
  // ...), and those that have no meaning for a Route 53 pair ("--history-max",
  // "--hook-timeout"), for the conflict messages.
  std::vector<std::string> sfn_only_given;
  std::vector<std::string> versioned_only_given;
};

// The router the flags choose, with its target (the --zip archive read into `zip`). Returns
// InvalidArgument with one readable line for a conflict, a missing flag or a bad value.
Result<RouterTarget> ChooseRouter(const RouterFlags& flags);

}  // namespace stepshift::deploy
