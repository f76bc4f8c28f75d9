// The fixture of the deployer tests: a FakeApi with version 1 live behind the alias "live" and a
// new revision to publish, a FakeClock, and options for a --publish-revision deployment.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <sstream>

#include "deploy/deployer.h"
#include "deploy/fake_api.h"

namespace stepshift::deploy::testing {

class DeployerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    api_.PublishVersions(1);
    api_.NewRevision();  // what --publish-revision publishes as version 2
    api_.aliases[api_.AliasArn("live")] = aws::AliasInfo{
        api_.AliasArn("live"), "live", "the live alias", {{api_.Version(1), 100}}, {}, {}};
    options_.state_machine = "m";
    options_.alias = "live";
    options_.region = "us-east-1";
    options_.publish_revision = true;
    options_.owner = "test:1";
    // The claim's settle wait and the heartbeat have their own tests; here they would only add
    // writes and fake time to every expectation.
    options_.claim.min_settle = Duration::zero();
    options_.heartbeat = Duration::zero();
  }

  RunResult Deploy() {
    DeployContext ctx{&api_, &clock_, &reporter_, &interrupted_};
    return deploy::Deploy(options_, ctx);
  }

  RunResult DryRun() {
    DeployContext ctx{&api_, &clock_, &reporter_, &interrupted_};
    return deploy::DryRun(options_, ctx);
  }

  // A linear deployment of version 2 whose API fails after `updates` alias updates, as when the
  // controller is killed: the alias keeps whatever step it reached, with the record.
  void Crash(int updates) {
    options_.schedule.strategy = Strategy::kLinear;
    options_.schedule.increment = 25;
    options_.schedule.interval_seconds = 60;
    api_.fail_updates_after = updates;
    EXPECT_EQ(Deploy().outcome, Outcome::kFailed);
    api_.fail_updates_after = -1;
    api_.update_calls = 0;
    api_.writes.clear();
  }

  Routing Live() { return api_.aliases[api_.AliasArn("live")].routing; }

  std::string Description() { return api_.aliases[api_.AliasArn("live")].description; }

  FakeApi api_;
  FakeClock clock_;
  std::ostringstream out_;
  Reporter reporter_{&out_, OutputMode::kJson, false, &clock_};
  std::atomic<bool> interrupted_{false};
  DeployOptions options_;
};

}  // namespace stepshift::deploy::testing
