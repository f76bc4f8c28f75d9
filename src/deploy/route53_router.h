// A Route 53 weighted record pair as a traffic router (router.h). Two weighted record sets of one
// name and type, told apart by SetIdentifier: --blue has the traffic now, --green receives it.
// "Publishing" changes nothing: the green record already points at the new stack, so the
// deployment's new version is always the green record and its old one the blue record. Weights
// are written as percentages (0-100, inside Route 53's 0-255) and read back as shares of their
// sum. The deployment record lives in a TXT record beside the pair, "_stepshift-<type>.<name>",
// written in the same change batch as the weights. Every write is one all-or-nothing batch that
// DELETEs the records exactly as this process last read them and CREATEs the new ones, so a
// write after someone else's fails as a whole (InvalidChangeBatch -> FailedPrecondition); then
// GetChange is polled through the clock until INSYNC. Not thread-safe.
#pragma once

#include <optional>
#include <string>

#include "aws/cloudwatch_client.h"
#include "aws/route53_client.h"
#include "deploy/router.h"

namespace stepshift::deploy {

struct Route53RouterOptions {
  std::string hosted_zone_id;
  std::string record_name;  // with or without the trailing dot
  std::string record_type;
  std::string blue;
  std::string green;
  Duration sync_poll = std::chrono::seconds(1);
  Duration sync_timeout = std::chrono::minutes(10);
};

class Route53Router : public Router {
 public:
  Route53Router(const aws::ClientConfig& config, Route53RouterOptions options, Clock* clock);

  Result<std::string> ResolveTarget() override;

  std::string AliasName() const override { return "weights"; }

  Result<std::string> AccountId() override { return std::string(); }

  Result<aws::StateMachineInfo> DescribeStateMachine(const std::string& arn) override;
  // Publishing is a no-op: both return the green record.
  Result<aws::WriteResult> UpdateStateMachine(
      const aws::UpdateStateMachineRequest& request) override;
  Result<aws::WriteResult> PublishVersion(const std::string& pair_arn, const std::string&,
                                          const std::string&) override;
  // Green (the new one) first, then blue.
  Result<std::vector<std::string>> ListVersions(const std::string& pair_arn) override;
  Status DeleteVersion(const std::string& version_arn) override;
  Result<std::vector<std::string>> ListAliases(const std::string& pair_arn) override;
  Result<aws::AliasInfo> DescribeAlias(const std::string& alias_arn) override;
  Status CreateAlias(const std::string& pair_arn, const std::string& name,
                     const Routing& routing) override;
  Status UpdateAlias(const std::string& alias_arn, const std::optional<Routing>& routing,
                     const std::optional<std::string>& description) override;

  // No rolled-back memory: the green record stays the same name whatever stack it points at.
  Result<std::string> GetTag(const std::string&, const std::string&) override {
    return std::string();
  }

  Status SetTag(const std::string&, const std::string&, const std::string&) override {
    return Status::Ok();
  }

  Result<std::vector<aws::AlarmInfo>> DescribeAlarms(
      const std::vector<std::string>& names) override;

  // Every batch DELETEs the records as last read.
  bool WritesAreConditional() const override { return true; }

  // "_stepshift-a.www.example.com." for an A pair named www.example.com.
  std::string RecordTxtName() const;

 private:
  struct Snapshot {
    aws::Route53Record blue, green;
    std::optional<aws::Route53Record> txt;
  };

  Result<Snapshot> Read();
  Status WaitInSync(const std::string& change_id);
  std::string PairArn() const;

  aws::Route53Client route53_;
  aws::CloudWatchClient cloudwatch_;
  Route53RouterOptions o_;
  Clock* clock_;
  std::optional<Snapshot> last_;  // as last read or written: what the next write DELETEs
};

// A TXT record's value for `text`: quoted character-strings of at most 255 characters, with
// '"' and '\' escaped; and back (the strings concatenated). Exposed for tests.
std::string TxtValue(const std::string& text);
std::string TxtText(const std::string& value);

}  // namespace stepshift::deploy
