#include "deploy/router.h"

#include "deploy/lambda_router.h"
#include "deploy/route53_router.h"

namespace stepshift::deploy {

std::unique_ptr<Router> MakeRouter(const RouterTarget& target, const std::string& alias,
                                   const aws::ClientConfig& config, Clock* clock) {
  if (target.kind == RouterKind::kLambda)
    return std::make_unique<LambdaRouter>(config, target.function_name, alias, target.zip, clock);
  Route53RouterOptions options;
  options.hosted_zone_id = target.hosted_zone_id;
  options.record_name = target.record_name;
  options.record_type = target.record_type;
  options.blue = target.blue;
  options.green = target.green;
  return std::make_unique<Route53Router>(config, options, clock);
}

std::string RouterNoun(RouterKind kind) {
  switch (kind) {
    case RouterKind::kStepFunctions:
      return "state machine";
    case RouterKind::kLambda:
      return "Lambda function";
    case RouterKind::kRoute53:
      return "Route 53 weighted record pair";
  }
  return "";
}

}  // namespace stepshift::deploy
