#include "deploy/router_flags.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <regex>
#include <sstream>

#include "base/status_macros.h"
#include "deploy/flags.h"

namespace stepshift::deploy {

namespace {

Status Invalid(const std::string& message) {
  return Status::InvalidArgument(message);
}

struct Given {
  std::string flag;
  bool given;
};

// The first given flag of `flags`, or "".
std::string FirstGiven(const std::vector<Given>& flags) {
  for (const Given& g : flags) {
    if (g.given)
      return g.flag;
  }
  return "";
}

Status Conflict(const std::string& a, const std::string& b) {
  return Invalid(a + " and " + b + " choose different routers; give the flags of one");
}

Result<std::string> ReadZip(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Invalid("--zip: cannot read " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const std::string zip = bytes.str();
  // A zip archive starts with a local file header (or, empty, an end-of-directory record).
  if (zip.rfind("PK\x03\x04", 0) != 0 && zip.rfind("PK\x05\x06", 0) != 0)
    return Invalid("--zip: " + path + " is not a zip archive");
  return zip;
}

Result<RouterTarget> LambdaTarget(const RouterFlags& f) {
  static const std::regex kAlias(R"(^(?!^[0-9]+$)[a-zA-Z0-9\-_]{1,128}$)");
  if (!f.sfn_only_given.empty()) {
    const std::string& flag = f.sfn_only_given[0];
    const bool publishes = flag == "--file" || flag == "--publish-revision";
    return Invalid(flag + " is for --state-machine; " +
                   (publishes ? "a Lambda function publishes from --zip FILE or its latest code"
                              : "a Lambda function's hooks are --pre-traffic-hook and "
                                "--post-traffic-hook FUNCTION"));
  }
  if (f.alias.empty())
    return Invalid("--function-name needs --alias");
  if (!std::regex_match(f.alias, kAlias)) {
    return Invalid("--alias: '" + f.alias +
                   "' is not a valid Lambda alias name (1-128 of A-Z a-z 0-9 - _, not only "
                   "digits)");
  }
  if (f.function_name.size() > 140)
    return Invalid("--function-name: at most 140 characters");
  RouterTarget t;
  t.kind = RouterKind::kLambda;
  t.function_name = f.function_name;
  if (!f.zip_file.empty()) {
    ASSIGN_OR_RETURN(t.zip, ReadZip(f.zip_file));
  }
  return t;
}

Result<RouterTarget> Route53Target(const RouterFlags& f) {
  if (!f.sfn_only_given.empty())
    return Invalid(f.sfn_only_given[0] + " is for --state-machine, not --hosted-zone-id");
  if (!f.versioned_only_given.empty()) {
    return Invalid(f.versioned_only_given[0] +
                   " has no meaning for a Route 53 record pair (there are no versions to "
                   "publish, prune or hook)");
  }
  if (!f.alias.empty())
    return Invalid("--alias is for --state-machine or --function-name, not --hosted-zone-id");
  for (auto [flag, value] :
       {std::pair{"--record-name", &f.record_name}, std::pair{"--record-type", &f.record_type},
        std::pair{"--blue", &f.blue}, std::pair{"--green", &f.green}}) {
    if (value->empty())
      return Invalid(std::string("--hosted-zone-id needs ") + flag);
  }
  for (auto [flag, value] : {std::pair{"--blue", &f.blue}, std::pair{"--green", &f.green}}) {
    if (value->size() > 128 || value->find(':') != std::string::npos)
      return Invalid(std::string(flag) + ": a SetIdentifier of 1-128 characters without ':'");
  }
  if (f.blue == f.green)
    return Invalid("--blue and --green must name two different records");
  RouterTarget t;
  t.kind = RouterKind::kRoute53;
  t.hosted_zone_id = f.hosted_zone_id;
  t.record_name = f.record_name;
  t.record_type = f.record_type;
  std::transform(t.record_type.begin(), t.record_type.end(), t.record_type.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  t.blue = f.blue;
  t.green = f.green;
  return t;
}

}  // namespace

Result<RouterTarget> ChooseRouter(const RouterFlags& f) {
  const std::vector<Given> choosers = {{"--state-machine", !f.state_machine.empty()},
                                       {"--function-name", !f.function_name.empty()},
                                       {"--hosted-zone-id", !f.hosted_zone_id.empty()}};
  std::vector<std::string> chosen;
  for (const Given& g : choosers) {
    if (g.given)
      chosen.push_back(g.flag);
  }
  if (chosen.size() > 1)
    return Conflict(chosen[0], chosen[1]);
  if (chosen.empty())
    return Invalid("give --state-machine, --function-name or --hosted-zone-id");
  const std::string lambda_only =
      FirstGiven({{"--zip", !f.zip_file.empty()},
                  {"--pre-traffic-hook", !f.pre_traffic_hook.empty()},
                  {"--post-traffic-hook", !f.post_traffic_hook.empty()}});
  const std::string route53_only = FirstGiven({{"--record-name", !f.record_name.empty()},
                                               {"--record-type", !f.record_type.empty()},
                                               {"--blue", !f.blue.empty()},
                                               {"--green", !f.green.empty()}});
  if (chosen[0] != "--function-name" && !lambda_only.empty())
    return Conflict(chosen[0], lambda_only);
  if (chosen[0] != "--hosted-zone-id" && !route53_only.empty())
    return Conflict(chosen[0], route53_only);
  if (chosen[0] == "--function-name")
    return LambdaTarget(f);
  if (chosen[0] == "--hosted-zone-id")
    return Route53Target(f);
  if (f.alias.empty())
    return Invalid("--state-machine needs --alias");
  RETURN_IF_ERROR(ValidateTarget(f.state_machine, f.alias));
  return RouterTarget{};
}

}  // namespace stepshift::deploy
