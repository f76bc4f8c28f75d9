// Alarms as the user names them for `stepshift deploy --alarms`: a name, or an alarm ARN
// (arn:PARTITION:cloudwatch:REGION:ACCOUNT:alarm:NAME) that resolves to its name. DescribeAlarms
// takes names only, so an ARN is checked against the ARN CloudWatch reports for that name: an
// alarm of another account or region is refused rather than silently swapped for a namesake.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aws/cloudwatch_client.h"
#include "base/result.h"

namespace stepshift::deploy {

struct AlarmRefs {
  std::vector<std::string> names;           // in the order given, ARNs resolved
  std::map<std::string, std::string> arns;  // name -> the ARN it was given as
};

// Returns InvalidArgument naming the flag for an ARN that is not a CloudWatch alarm ARN, a bad
// name, more than 100 alarms or the same alarm twice (by name or ARN).
Result<AlarmRefs> ResolveAlarmRefs(const std::vector<std::string>& given);

// The refusal for an alarm given as an ARN whose namesake in this account and region has
// another ARN; nullopt when every given ARN matches. `found`: name -> DescribeAlarms' answer.
std::optional<std::string> MismatchedAlarmArn(const std::map<std::string, std::string>& arns,
                                              const std::map<std::string, aws::AlarmInfo>& found);

// One warning line per alarm whose actions are disabled, in `names` order.
std::vector<std::string> ActionsDisabledWarnings(
    const std::vector<std::string>& names, const std::map<std::string, aws::AlarmInfo>& found);

}  // namespace stepshift::deploy
