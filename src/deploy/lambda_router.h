// A Lambda alias as a traffic router (router.h): versions are the function's published
// versions, the routing is the alias's FunctionVersion plus RoutingConfig.AdditionalVersionWeights
// (at most one additional version, never $LATEST), and the deployment record is the alias
// Description (256 characters, record.h keeps it compact). Every UpdateAlias carries the
// RevisionId this process last read or wrote, so a write after someone else's is refused by
// Lambda itself (PreconditionFailedException -> FailedPrecondition): a real compare-and-swap.
// Not thread-safe.
#pragma once

#include <map>
#include <string>

#include "aws/cloudwatch_client.h"
#include "aws/lambda_client.h"
#include "deploy/router.h"

namespace stepshift::deploy {

class LambdaRouter : public Router {
 public:
  // `zip`: the archive --zip names (empty: publish the latest code). `clock` paces the wait
  // for LastUpdateStatus after UpdateFunctionCode.
  LambdaRouter(const aws::ClientConfig& config, std::string function, std::string alias,
               std::string zip, Clock* clock);

  Result<std::string> ResolveTarget() override;

  std::string AliasName() const override { return alias_; }

  Result<std::string> AccountId() override;
  // definition is the code's CodeSha256; revision_id is "CODESHA256#DIGEST of the rest of the
  // configuration": Lambda publishes a new version when the code or the configuration changed,
  // as Step Functions does for a new revision.
  Result<aws::StateMachineInfo> DescribeStateMachine(const std::string& arn) override;
  // UpdateFunctionCode with the --zip archive, waits for LastUpdateStatus Successful, then
  // PublishVersion. `request.definition` must be the archive's CodeSha256 (ZipSha256()).
  Result<aws::WriteResult> UpdateStateMachine(
      const aws::UpdateStateMachineRequest& request) override;
  // `revision` is DescribeStateMachine's revision_id (or a bare CodeSha256): its CodeSha256
  // guards the publish.
  Result<aws::WriteResult> PublishVersion(const std::string& function_arn,
                                          const std::string& revision,
                                          const std::string& description) override;
  Result<std::vector<std::string>> ListVersions(const std::string& function_arn) override;
  Status DeleteVersion(const std::string& version_arn) override;
  Result<std::vector<std::string>> ListAliases(const std::string& function_arn) override;
  Result<aws::AliasInfo> DescribeAlias(const std::string& alias_arn) override;
  Status CreateAlias(const std::string& function_arn, const std::string& name,
                     const Routing& routing) override;
  Status UpdateAlias(const std::string& alias_arn, const std::optional<Routing>& routing,
                     const std::optional<std::string>& description) override;
  // The function's tags (ListTags/TagResource): where rolled-back versions are remembered.
  Result<std::string> GetTag(const std::string& function_arn, const std::string& key) override;
  Status SetTag(const std::string& function_arn, const std::string& key,
                const std::string& value) override;
  Result<std::vector<aws::AlarmInfo>> DescribeAlarms(
      const std::vector<std::string>& names) override;

  // UpdateAlias carries the RevisionId last read.
  bool WritesAreConditional() const override { return true; }

 private:
  Status WaitUntilUpdated(const std::string& function_arn);

  aws::LambdaClient lambda_;
  aws::CloudWatchClient cloudwatch_;
  std::string function_;
  std::string alias_;
  std::string zip_;
  Clock* clock_;
  std::string function_arn_;
  // The RevisionId of each alias as this process last read or wrote it.
  std::map<std::string, std::string> revisions_;
};

// Lambda's CodeSha256 of a deployment package: base64 of its SHA-256.
std::string ZipSha256(const std::string& zip);

// Alias routing <-> Lambda's: the primary version is the heavier one; weights are percent here,
// fractions there. Exposed for tests.
Routing RoutingFromLambda(const std::string& function_arn, const aws::LambdaAliasInfo& alias);
aws::LambdaAliasUpdate LambdaUpdateFor(const Routing& routing);

}  // namespace stepshift::deploy
