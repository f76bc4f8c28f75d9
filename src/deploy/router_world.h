// Test worlds for the router scenarios: a real `stepshift serve` (LocalServer, in process, on
// 127.0.0.1 port 0) whose clock is the test's FakeClock, with one target per router set up as
// "version 1 live behind the alias, a new version to deploy", and a RecordingApi between the
// controller and the router that logs every routing write and lets a test act at the Nth call
// (fire an alarm, interrupt, crash). Test-only.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/local_server.h"
#include "aws/client_config.h"
#include "deploy/deployer.h"
#include "deploy/router.h"

namespace stepshift::deploy::testing {

// Forwards every call to `inner`, recording routing writes; the hooks run before forwarding.
class RecordingApi : public Api {
 public:
  explicit RecordingApi(Api* inner) : inner_(inner) {}

  std::vector<Routing> writes;  // the routing of every UpdateAlias that carried one
  int update_calls = 0;
  int alarm_calls = 0;
  // >= 0: once this many routing writes landed, the next one and every UpdateAlias after it
  // fails (Unavailable), as when the controller dies there.
  int fail_routing_writes_after = -1;
  std::function<void(int call)> on_update;       // before UpdateAlias number `call` (1-based)
  std::function<void(int call)> on_alarm_check;  // before DescribeAlarms number `call`

  void set_inner(Api* inner) { inner_ = inner; }

  Result<std::string> AccountId() override { return inner_->AccountId(); }

  Result<aws::StateMachineInfo> DescribeStateMachine(const std::string& arn) override {
    return inner_->DescribeStateMachine(arn);
  }

  Result<aws::WriteResult> UpdateStateMachine(const aws::UpdateStateMachineRequest& r) override {
    return inner_->UpdateStateMachine(r);
  }

  Result<aws::WriteResult> PublishVersion(const std::string& m, const std::string& r,
                                          const std::string& d) override {
    return inner_->PublishVersion(m, r, d);
  }

  Result<std::vector<std::string>> ListVersions(const std::string& m) override {
    return inner_->ListVersions(m);
  }

  Status DeleteVersion(const std::string& v) override { return inner_->DeleteVersion(v); }

  Result<std::vector<std::string>> ListAliases(const std::string& m) override {
    return inner_->ListAliases(m);
  }

  Result<aws::AliasInfo> DescribeAlias(const std::string& a) override {
    return inner_->DescribeAlias(a);
  }

  Status CreateAlias(const std::string& m, const std::string& n, const Routing& r) override {
    return inner_->CreateAlias(m, n, r);
  }

  Status UpdateAlias(const std::string& a, const std::optional<Routing>& r,
                     const std::optional<std::string>& d) override;

  Result<std::string> GetTag(const std::string& m, const std::string& k) override {
    return inner_->GetTag(m, k);
  }

  Status SetTag(const std::string& m, const std::string& k, const std::string& v) override {
    return inner_->SetTag(m, k, v);
  }

  Result<std::vector<aws::AlarmInfo>> DescribeAlarms(const std::vector<std::string>& n) override;

  bool WritesAreConditional() const override { return inner_->WritesAreConditional(); }

 private:
  Api* inner_;
  bool failing_ = false;
};

// One router's target on a shared server.
class RouterWorld {
 public:
  virtual ~RouterWorld() = default;
  // Creates the target: version 1 live behind the alias (description "the live alias"), and
  // what the deployment publishes as the new version. Fills `options` to deploy it.
  virtual Status SetUp(DeployOptions* options) = 0;
  // A fresh router (a new process's view: no remembered revisions or snapshots).
  virtual std::unique_ptr<Api> NewApi() = 0;
  virtual std::string OldVersion() const = 0;  // ARNs as the controller names them
  virtual std::string NewVersion() const = 0;
  virtual std::string AliasArn() const = 0;

  // The alias's description before and after a deployment (Route 53's pair has no TXT record).
  virtual std::string InitialDescription() const { return "the live alias"; }
};

// "sfn", "lambda", "route53": the world of that router on `config`'s server.
std::unique_ptr<RouterWorld> MakeWorld(const std::string& router, const aws::ClientConfig& config,
                                       Clock* clock, int id);

}  // namespace stepshift::deploy::testing
