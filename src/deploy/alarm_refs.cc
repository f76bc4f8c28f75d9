#include "deploy/alarm_refs.h"

#include <regex>
#include <set>

namespace stepshift::deploy {

namespace {

Status Invalid(const std::string& message) {
  return Status::InvalidArgument(message);
}

}  // namespace

Result<AlarmRefs> ResolveAlarmRefs(const std::vector<std::string>& given) {
  // The resource part is "alarm:NAME"; a name may itself contain colons.
  static const std::regex kAlarmArn(R"(^arn:[\w\-]+:cloudwatch:[a-z0-9\-]+:\d{12}:alarm:(.+)$)");
  if (given.size() > 100)
    return Invalid("--alarms: at most 100 alarms");
  AlarmRefs refs;
  std::set<std::string> seen;
  for (const std::string& item : given) {
    std::string name = item;
    if (item.rfind("arn:", 0) == 0) {
      std::smatch match;
      if (!std::regex_match(item, match, kAlarmArn)) {
        return Invalid("--alarms: '" + item +
                       "' is not a CloudWatch alarm ARN "
                       "(arn:PARTITION:cloudwatch:REGION:ACCOUNT:alarm:NAME)");
      }
      name = match[1].str();
      refs.arns[name] = item;
    }
    if (name.empty() || name.size() > 255)
      return Invalid("--alarms: alarm names must be 1 to 255 characters");
    if (!seen.insert(name).second)
      return Invalid("--alarms: duplicate alarm '" + name + "'");
    refs.names.push_back(name);
  }
  return refs;
}

std::optional<std::string> MismatchedAlarmArn(const std::map<std::string, std::string>& arns,
                                              const std::map<std::string, aws::AlarmInfo>& found) {
  for (const auto& [name, arn] : arns) {
    auto it = found.find(name);
    if (it == found.end() || it->second.arn.empty() || it->second.arn == arn)
      continue;  // a missing alarm is refused as missing
    return "alarm " + arn + " is not in this account and region: the alarm named " + name +
           " here is " + it->second.arn +
           " (give the alarm's name, or deploy with the region "
           "and credentials of its account)";
  }
  return std::nullopt;
}

std::vector<std::string> ActionsDisabledWarnings(
    const std::vector<std::string>& names, const std::map<std::string, aws::AlarmInfo>& found) {
  std::vector<std::string> warnings;
  for (const std::string& name : names) {
    auto it = found.find(name);
    if (it != found.end() && !it->second.actions_enabled) {
      warnings.push_back("warning: alarm " + name +
                         " has its actions disabled: the deployment still rolls back on its "
                         "state, but the alarm notifies no one (EnableAlarmActions turns them on)");
    }
  }
  return warnings;
}

}  // namespace stepshift::deploy
