// The seam between the strategy engine and what it shifts traffic on. The controller (plan.h,
// deployer.h, runner.h, claim.h, admin.h) drives an Api, whose vocabulary is Step Functions':
// a "state machine" (the target) has numbered "versions" and an "alias" carrying a weighted
// routing plus a description that holds the deployment record (record.h). A Router is an Api
// that maps that vocabulary onto another traffic router, so every router gets the same
// schedules, alarms, claim, drift detection, resume and rollback:
//
//  | Api             | Step Functions (AwsApi) | Lambda (LambdaRouter)     | Route 53
//  (Route53Router)  |
//  |-----------------|-------------------------|---------------------------|---------------------------|
//  | target ARN      | state machine ARN       | function ARN              |
//  "arn:aws:route53:::hosted | |                 |                         | |
//  zone/Z/rrset/NAME/TYPE"   | | version ARN     | target:N                | target:N |
//  target:SETID (blue/green) | | alias routing   | RoutingConfiguration    | FunctionVersion + |
//  the two records' Weight   | |                 | (integer %)             |
//  AdditionalVersionWeights  | (written as 0-100 of the  | |                 | | (fraction 0..1) |
//  0-255 range)              | | record          | alias description       | alias Description |
//  TXT _stepshift-TYPE.NAME  | | publish         | UpdateStateMachine /    | UpdateFunctionCode
//  (--zip)| nothing: --green is the   | |                 | PublishStateMachineVer. | +
//  PublishVersion          | new version               | | conditional     | none (claim.h's
//  settle) | UpdateAlias RevisionId    | DELETE(old)+CREATE(new)   | | write           | | | in one
//  change batch       |
//
// A conditional write that finds the target changed since this process last read it returns
// FailedPrecondition, which the claim and the loop treat as losing the race (nothing changed).
#pragma once

#include <memory>
#include <string>

#include "aws/client_config.h"
#include "base/clock.h"
#include "deploy/api.h"

namespace stepshift::deploy {

enum class RouterKind { kStepFunctions, kLambda, kRoute53 };

// What the flags name, per router. Only the fields of `kind` are meaningful.
struct RouterTarget {
  RouterKind kind = RouterKind::kStepFunctions;
  // Lambda.
  std::string function_name;  // name, partial or full ARN
  std::string zip;            // --zip: the archive's bytes; empty: publish the latest code
  // Route 53.
  std::string hosted_zone_id;
  std::string record_name;
  std::string record_type;
  std::string blue;   // SetIdentifier of the record that has the traffic now
  std::string green;  // SetIdentifier of the record that receives it
};

// A Router also names its target for the controller: the "state machine" and the alias name
// that DeployOptions/AliasTarget carry.
class Router : public Api {
 public:
  // Reads what the target is (the function's ARN; the record pair's existence). Returns
  // NotFound with a readable message when it does not exist.
  virtual Result<std::string> ResolveTarget() = 0;
  // The alias name the controller appends to the target ARN.
  virtual std::string AliasName() const = 0;
};

// LambdaRouter or Route53Router for `target` (not kStepFunctions: that is AwsApi). `clock`
// paces the waits for LastUpdateStatus and GetChange INSYNC; not owned.
std::unique_ptr<Router> MakeRouter(const RouterTarget& target, const std::string& alias,
                                   const aws::ClientConfig& config, Clock* clock);

// "Lambda function" / "Route 53 weighted record pair" / "state machine", for messages.
std::string RouterNoun(RouterKind kind);

}  // namespace stepshift::deploy
