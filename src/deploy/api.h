// The deploy controller's view of AWS: the few Step Functions, CloudWatch and STS calls it makes.
// An interface only so tests can swap in an in-memory fake (fake_api.h); AwsApi (aws_api.h) is
// the production one over the typed clients. Errors are Status with kind() = AWS error code.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "aws/cloudwatch_client.h"
#include "aws/sfn_client.h"
#include "base/result.h"

namespace stepshift::deploy {

using Routing = std::vector<aws::RoutingEntry>;

class Api {
 public:
  virtual ~Api() = default;

  virtual Result<std::string> AccountId() = 0;
  virtual Result<aws::StateMachineInfo> DescribeStateMachine(const std::string& arn) = 0;
  virtual Result<aws::WriteResult> UpdateStateMachine(
      const aws::UpdateStateMachineRequest& request) = 0;
  virtual Result<aws::WriteResult> PublishVersion(const std::string& machine_arn,
                                                  const std::string& revision_id,
                                                  const std::string& description) = 0;
  // Newest first, every page.
  virtual Result<std::vector<std::string>> ListVersions(const std::string& machine_arn) = 0;
  virtual Status DeleteVersion(const std::string& version_arn) = 0;
  // Every alias of the machine (ARNs).
  virtual Result<std::vector<std::string>> ListAliases(const std::string& machine_arn) = 0;
  // Returns a status of kind "ResourceNotFound" when the alias does not exist.
  virtual Result<aws::AliasInfo> DescribeAlias(const std::string& alias_arn) = 0;
  virtual Status CreateAlias(const std::string& machine_arn, const std::string& name,
                             const Routing& routing) = 0;
  virtual Status UpdateAlias(const std::string& alias_arn, const std::optional<Routing>& routing,
                             const std::optional<std::string>& description) = 0;
  // A state machine tag's value; empty when the tag is absent.
  virtual Result<std::string> GetTag(const std::string& machine_arn, const std::string& key) = 0;
  virtual Status SetTag(const std::string& machine_arn, const std::string& key,
                        const std::string& value) = 0;
  // Both alarm types, every page; names that do not exist are absent.
  virtual Result<std::vector<aws::AlarmInfo>> DescribeAlarms(
      const std::vector<std::string>& names) = 0;

  // True when every UpdateAlias is conditional on the alias being as this Api last read it (a
  // write after someone else's fails with FailedPrecondition), so two writers can never both
  // succeed from the same read and the claim needs no settle wait (claim.h). Step Functions'
  // UpdateStateMachineAlias has no condition: false.
  virtual bool WritesAreConditional() const { return false; }
};

}  // namespace stepshift::deploy
