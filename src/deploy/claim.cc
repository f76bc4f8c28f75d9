#include "deploy/claim.h"

#include <algorithm>

#include "base/status_macros.h"
#include "deploy/runner.h"

namespace stepshift::deploy {

namespace {

// How the alias differs from what the claimant expects, for the refusal message.
std::string Found(const aws::AliasInfo& alias) {
  std::optional<DeploymentRecord> record = DecodeRecord(alias.description);
  std::string text = DescribeRouting(alias.routing);
  if (record) {
    text += ", claimed by " + record->owner + " for version " +
            (record->new_version.empty() ? "(being published)" : record->new_version);
  }
  return text;
}

Status Lost(const std::string& alias_arn, const aws::AliasInfo& alias) {
  return Status::FailedPrecondition("alias " + alias_arn +
                                    " was claimed by another deployment (found " + Found(alias) +
                                    "); nothing changed");
}

class Claim {
 public:
  Claim(Api* api, Clock* clock, const ClaimRequest& request)
      : api_(api), clock_(clock), r_(request), ours_(EncodeRecord(request.record)) {}

  Status Run(const ClaimOptions& options);

 private:
  // Re-reads the alias, timing the round trip.
  Result<aws::AliasInfo> Read();

  bool IsOurs(const aws::AliasInfo& alias) const {
    return alias.description == ours_ && SameRouting(alias.routing, r_.routing);
  }

  // After a lost claim: takes our record off again if it is still there.
  Status Withdraw(const aws::AliasInfo& alias);

  Api* api_;
  Clock* clock_;
  const ClaimRequest& r_;
  const std::string ours_;
  Duration slowest_{};
};

Result<aws::AliasInfo> Claim::Read() {
  const Time start = clock_->Now();
  Result<aws::AliasInfo> alias = api_->DescribeAlias(r_.alias_arn);
  slowest_ = std::max(slowest_, clock_->Now() - start);
  return alias;
}

Status Claim::Withdraw(const aws::AliasInfo& alias) {
  if (alias.description == ours_)
    RETURN_IF_ERROR(api_->UpdateAlias(r_.alias_arn, std::nullopt, r_.description));
  return Lost(r_.alias_arn, alias);
}

Status Claim::Run(const ClaimOptions& options) {
  ASSIGN_OR_RETURN(aws::AliasInfo before, Read());
  if (before.description != r_.description || !SameRouting(before.routing, r_.routing)) {
    return Status::FailedPrecondition("alias " + r_.alias_arn + " changed since it was read (" +
                                      DescribeRouting(r_.routing) + " then, now " + Found(before) +
                                      "); nothing changed");
  }
  const Time start = clock_->Now();
  RETURN_IF_ERROR(api_->UpdateAlias(r_.alias_arn, r_.routing, ours_));
  slowest_ = std::max(slowest_, clock_->Now() - start);
  ASSIGN_OR_RETURN(aws::AliasInfo after, Read());
  if (!IsOurs(after))
    return Withdraw(after);
  // A conditional write won outright: a contender that read before it fails its own write, and
  // one that reads after it sees our record (step 1). There is no race left to wait out.
  if (api_->WritesAreConditional())
    return Status::Ok();
  const Duration settle = std::max(options.min_settle, 10 * slowest_);
  clock_->SleepUntil(clock_->Now() + settle);
  ASSIGN_OR_RETURN(aws::AliasInfo settled, Read());
  if (!IsOurs(settled))
    return Withdraw(settled);
  return Status::Ok();
}

}  // namespace

Status ClaimAlias(Api* api, Clock* clock, const ClaimRequest& request,
                  const ClaimOptions& options) {
  Claim claim(api, clock, request);
  return claim.Run(options);
}

Status ReleaseClaim(Api* api, const std::string& alias_arn, const DeploymentRecord& record,
                    const std::string& description) {
  ASSIGN_OR_RETURN(aws::AliasInfo alias, api->DescribeAlias(alias_arn));
  if (alias.description != EncodeRecord(record))
    return Status::Ok();
  return api->UpdateAlias(alias_arn, std::nullopt, description);
}

}  // namespace stepshift::deploy
