#include "deploy/deployer.h"

#include <gtest/gtest.h>

#include <sstream>

#include "deploy/admin.h"
#include "deploy/deployer_fixture.h"
#include "deploy/fake_api.h"
#include "deploy/prune.h"
#include "deploy/record.h"
#include "deploy/rolled_back.h"

namespace stepshift::deploy {
namespace {

using std::chrono::seconds;
using testing::DeployerTest;
using testing::FakeApi;

TEST_F(DeployerTest, TwoHourLinearDeploymentRunsOnTheFakeClock) {
  options_.schedule.strategy = Strategy::kLinear;
  options_.schedule.increment = 10;
  options_.schedule.interval_seconds = 720;  // 10 steps x 12 min = 2 h
  options_.alarms = {"errors"};
  api_.alarms["errors"] = "OK";
  const Time start = clock_.Now();
  RunResult result = Deploy();
  EXPECT_EQ(result.outcome, Outcome::kDeployed) << result.message;
  EXPECT_EQ(clock_.Now() - start, std::chrono::hours(2));
  ASSERT_EQ(api_.writes.size(), 12u);  // the claim, 10 steps, the final write
  EXPECT_EQ(api_.writes[0], (Routing{{api_.Version(1), 100}}));  // the claim keeps the routing
  EXPECT_EQ(api_.writes[1], (Routing{{api_.Version(1), 90}, {api_.Version(2), 10}}));
  EXPECT_EQ(api_.writes[10], (Routing{{api_.Version(2), 100}}));
  EXPECT_EQ(Live(), (Routing{{api_.Version(2), 100}}));
  EXPECT_EQ(Description(), "the live alias");  // the user's description is back
  // 720 s / 60 s polling = 12 polls per step plus the end-of-window check, + 1 existence check.
  EXPECT_EQ(api_.alarm_polls, 10 * 13 + 1);
}

TEST_F(DeployerTest, AlarmAtTheNthPollOfAStepRollsBackAtOnce) {
  options_.schedule.strategy = Strategy::kCanary;
  options_.schedule.increment = 10;
  options_.schedule.interval_seconds = 600;
  options_.alarm_polling = seconds(10);
  options_.alarms = {"errors"};
  api_.alarms["errors"] = "OK";
  // Call 1 is the existence check; the canary step's polls are calls 2, 3, …: fire at its 5th.
  api_.alarm_state = [](const std::string&, int call) { return call >= 6 ? "ALARM" : "OK"; };
  const Time start = clock_.Now();
  RunResult result = Deploy();
  EXPECT_EQ(result.outcome, Outcome::kRolledBack) << result.message;
  EXPECT_EQ(ExitCode(result.outcome), 1);
  EXPECT_EQ(clock_.Now() - start, seconds(40));  // polls at 0, 10, 20, 30, 40
  EXPECT_EQ(Live(), (Routing{{api_.Version(1), 100}}));
  EXPECT_EQ(Description(), "the live alias");
}

TEST_F(DeployerTest, RolledBackVersionIsNotDeployedAgainWithoutForce) {
  options_.schedule.interval_seconds = 30;
  options_.alarms = {"errors"};
  api_.alarms["errors"] = "OK";
  api_.alarm_state = [](const std::string&, int call) { return call >= 3 ? "ALARM" : "OK"; };
  EXPECT_EQ(Deploy().outcome, Outcome::kRolledBack);
  EXPECT_EQ(api_.tags[kRolledBackTag], "2");
  // PublishStateMachineVersion is idempotent: an unchanged revision gives back version 2.
  options_.publish_revision = false;
  api_.alarm_state = nullptr;
  RunResult again = Deploy();
  EXPECT_EQ(again.outcome, Outcome::kRefused);
  EXPECT_NE(again.message.find("version 2 was rolled back"), std::string::npos);
  EXPECT_EQ(Live(), (Routing{{api_.Version(1), 100}}));
  options_.force = true;
  EXPECT_EQ(Deploy().outcome, Outcome::kDeployed);
}

TEST(RolledBackTest, ListKeepsTheNewestWithinTheTagLimit) {
  EXPECT_EQ(ListAdd("", "2"), "2");
  EXPECT_EQ(ListAdd("2", "5"), "2,5");
  EXPECT_EQ(ListAdd("2,5", "5"), "2,5");
  EXPECT_TRUE(ListContains("2,5,9", "5"));
  EXPECT_FALSE(ListContains("2,15,9", "1"));
  std::string list;
  for (int v = 1; v <= 200; ++v)
    list = ListAdd(list, std::to_string(v));
  EXPECT_LE(list.size(), 256u);
  EXPECT_TRUE(ListContains(list, "200"));
  EXPECT_FALSE(ListContains(list, "1"));
}

TEST_F(DeployerTest, AlarmDeletedMidDeploymentCountsAsFiring) {
  options_.schedule.strategy = Strategy::kAllAtOnce;
  options_.schedule.interval_seconds = 60;
  options_.alarm_polling = seconds(10);
  options_.alarms = {"errors"};
  api_.alarms["errors"] = "OK";
  api_.alarm_state = [this](const std::string&, int call) {
    if (call == 3)
      api_.alarms.clear();
    return std::string("OK");
  };
  RunResult result = Deploy();
  EXPECT_EQ(result.outcome, Outcome::kRolledBack) << result.message;
  EXPECT_NE(result.message.find("alarms deleted: errors"), std::string::npos) << result.message;
  EXPECT_EQ(result.message.find("triggered"), std::string::npos) << result.message;
  EXPECT_EQ(Live(), (Routing{{api_.Version(1), 100}}));
}

TEST_F(DeployerTest, MissingAlarmIsRefusedBeforeAnythingChanges) {
  options_.alarms = {"errors", "nope"};
  api_.alarms["errors"] = "OK";
  RunResult result = Deploy();
  EXPECT_EQ(result.outcome, Outcome::kRefused);
  EXPECT_EQ(result.message, "alarms do not exist in CloudWatch: nope");
  EXPECT_EQ(api_.versions.size(), 1u);  // nothing published
  EXPECT_TRUE(api_.writes.empty());
}

TEST_F(DeployerTest, SplitAliasIsRefusedBeforePublishing) {
  api_.PublishVersions(1);
  api_.aliases[api_.AliasArn("live")].routing = {{api_.Version(1), 60}, {api_.Version(2), 40}};
  RunResult result = Deploy();
  EXPECT_EQ(result.outcome, Outcome::kRefused);
  EXPECT_EQ(api_.versions.size(), 2u);
}

TEST_F(DeployerTest, ForceTakesOverASplitAliasAndRollsBackToIt) {
  api_.PublishVersions(1);
  Routing split = {{api_.Version(1), 60}, {api_.Version(2), 40}};
  api_.aliases[api_.AliasArn("live")].routing = split;
  options_.force = true;
  options_.alarms = {"errors"};
  api_.alarms["errors"] = "ALARM";
  api_.alarm_state = [](const std::string&, int call) { return call >= 2 ? "ALARM" : "OK"; };
  RunResult result = Deploy();
  EXPECT_EQ(result.outcome, Outcome::kRolledBack);
  EXPECT_EQ(Live(), split);
}

TEST_F(DeployerTest, MissingAliasIsCreatedAtTheNewVersion) {
  api_.aliases.clear();
  RunResult result = Deploy();
  EXPECT_EQ(result.outcome, Outcome::kDeployed);
  EXPECT_EQ(Live(), (Routing{{api_.Version(2), 100}}));
}

TEST_F(DeployerTest, SameVersionIsNothingToDo) {
  options_.publish_revision = false;
  RunResult result = Deploy();
  EXPECT_EQ(result.outcome, Outcome::kNothingToDo);
  EXPECT_TRUE(api_.writes.empty());
}

TEST_F(DeployerTest, FileIsUploadedAndPublishedInOneCall) {
  options_.publish_revision = false;
  options_.definition = R"({"StartAt":"A","States":{"A":{"Type":"Succeed"}}})";
  RunResult result = Deploy();
  EXPECT_EQ(result.outcome, Outcome::kDeployed);
  EXPECT_EQ(api_.definition, *options_.definition);
  EXPECT_EQ(Live(), (Routing{{api_.Version(2), 100}}));
}

TEST_F(DeployerTest, DriftStopsWithoutClobbering) {
  options_.schedule.strategy = Strategy::kLinear;
  options_.schedule.increment = 25;
  options_.schedule.interval_seconds = 60;
  Routing theirs;
  api_.before_describe = [&](const std::string& arn) {
    // Someone moves the alias by hand after the second shift (writes: the claim, 2 shifts).
    if (api_.writes.size() == 3 && theirs.empty()) {
      theirs = {{api_.Version(1), 100}};
      api_.aliases[arn].routing = theirs;
    }
  };
  RunResult result = Deploy();
  EXPECT_EQ(result.outcome, Outcome::kDrift) << result.message;
  EXPECT_EQ(ExitCode(result.outcome), 3);
  EXPECT_EQ(Live(), theirs);
  EXPECT_EQ(api_.writes.size(), 3u);
}

TEST_F(DeployerTest, InterruptionRestoresTheStartingRouting) {
  options_.schedule.strategy = Strategy::kLinear;
  options_.schedule.increment = 25;
  options_.schedule.interval_seconds = 60;
  api_.before_describe = [&](const std::string&) {
    if (api_.writes.size() == 3)  // the claim and two shifts
      interrupted_ = true;
  };
  RunResult result = Deploy();
  EXPECT_EQ(result.outcome, Outcome::kInterrupted);
  EXPECT_EQ(ExitCode(result.outcome), 130);
  EXPECT_EQ(Live(), (Routing{{api_.Version(1), 100}}));
  EXPECT_EQ(Description(), "the live alias");
}

TEST_F(DeployerTest, CrashedDeploymentResumesFromItsRecordedStep) {
  options_.schedule.strategy = Strategy::kLinear;
  options_.schedule.increment = 25;
  options_.schedule.interval_seconds = 60;
  // A crash after the second shift: the API starts failing, nothing can be restored.
  api_.fail_updates_after = 4;  // the claim, the record's version, step 1, step 2 succeed
  RunResult crashed = Deploy();
  EXPECT_EQ(crashed.outcome, Outcome::kFailed);
  EXPECT_EQ(Live(), (Routing{{api_.Version(1), 50}, {api_.Version(2), 50}}));
  std::optional<DeploymentRecord> record = DecodeRecord(Description());
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->step, 1);

  api_.fail_updates_after = -1;
  api_.writes.clear();
  // The crashed controller was on another host: its deployment counts as interrupted once its
  // heartbeat is stale.
  clock_.Advance(options_.stale_after);
  options_.owner = "test:2";
  options_.publish_revision = true;  // a rerun does not publish again while resuming
  RunResult resumed = Deploy();
  EXPECT_EQ(resumed.outcome, Outcome::kDeployed) << resumed.message;
  EXPECT_EQ(api_.versions.size(), 2u);
  ASSERT_EQ(api_.writes.size(), 4u);  // the claim, steps 3, 4 and the final write
  EXPECT_EQ(api_.writes[1], (Routing{{api_.Version(1), 25}, {api_.Version(2), 75}}));
  EXPECT_EQ(Live(), (Routing{{api_.Version(2), 100}}));
  EXPECT_EQ(Description(), "the live alias");
}

TEST_F(DeployerTest, RollbackInterruptedRestoresTheOldVersion) {
  options_.schedule.strategy = Strategy::kLinear;
  options_.schedule.increment = 25;
  api_.fail_updates_after = 3;
  EXPECT_EQ(Deploy().outcome, Outcome::kFailed);
  api_.fail_updates_after = -1;
  clock_.Advance(options_.stale_after);
  options_.rollback_interrupted = true;
  RunResult result = Deploy();
  EXPECT_EQ(ExitCode(result.outcome), 0) << result.message;
  EXPECT_EQ(Live(), (Routing{{api_.Version(1), 100}}));
  EXPECT_EQ(Description(), "the live alias");
}

TEST_F(DeployerTest, StatusAndRollbackCommandSeeTheRecord) {
  options_.schedule.strategy = Strategy::kLinear;
  options_.schedule.increment = 25;
  api_.fail_updates_after = 3;
  EXPECT_EQ(Deploy().outcome, Outcome::kFailed);
  api_.fail_updates_after = -1;
  AliasTarget target{"m", "live", "us-east-1", "aws"};
  Result<json::Object> status = AliasStatus(&api_, target, clock_.Now());
  ASSERT_TRUE(status.ok());
  EXPECT_NE(FormatStatus(*status, clock_.Now()).find("version 1 -> 2, step 1/4"), std::string::npos)
      << FormatStatus(*status, clock_.Now());
  RunResult rolled = RollbackAlias(&api_, target, &reporter_);
  EXPECT_EQ(ExitCode(rolled.outcome), 0);
  EXPECT_EQ(Live(), (Routing{{api_.Version(1), 100}}));
  status = AliasStatus(&api_, target, clock_.Now());
  EXPECT_TRUE(status->at("deployment").is_null());
}

TEST_F(DeployerTest, RollbackWithoutRecordGoesToThePreviousVersion) {
  api_.PublishVersions(2);
  api_.aliases[api_.AliasArn("live")].routing = {{api_.Version(3), 100}};
  AliasTarget target{"m", "live", "us-east-1", "aws"};
  EXPECT_EQ(ExitCode(RollbackAlias(&api_, target, &reporter_).outcome), 0);
  EXPECT_EQ(Live(), (Routing{{api_.Version(2), 100}}));
}

TEST(PruneTest, PlanKeepsExactlyNNewestAndNeverProtected) {
  std::vector<std::string> v = {"v7", "v6", "v5", "v4", "v3", "v2", "v1"};
  EXPECT_EQ(PlanPrune(v, 3, {}), (std::vector<std::string>{"v4", "v3", "v2", "v1"}));
  EXPECT_EQ(PlanPrune(v, 3, {"v2", "v4"}), (std::vector<std::string>{"v3", "v1"}));
  EXPECT_EQ(PlanPrune(v, 0, {}), std::vector<std::string>{});
  EXPECT_EQ(PlanPrune(v, 10, {}), std::vector<std::string>{});
  EXPECT_EQ(PlanPrune(v, 1, {}).size(), 6u);
}

TEST_F(DeployerTest, PruningSparesPinnedVersionsAndWarnsOnRefusal) {
  api_.versions.clear();
  api_.next_version = 0;
  api_.PublishVersions(6);  // 1..6, alias on 6
  api_.NewRevision();
  api_.aliases[api_.AliasArn("live")].routing = {{api_.Version(6), 100}};
  api_.aliases[api_.AliasArn("pinned")] =
      aws::AliasInfo{api_.AliasArn("pinned"), "pinned", "", {{api_.Version(2), 100}}, {}, {}};
  api_.refuse_delete.insert(api_.Version(3));
  options_.history_max = 2;
  RunResult result = Deploy();  // publishes 7, rolls 6 -> 7
  EXPECT_EQ(result.outcome, Outcome::kDeployed) << result.message;
  // Keep 7 and 6 (newest two, 6 is also the rollback target); 2 is pinned; 3 refused.
  EXPECT_EQ(api_.deleted,
            (std::vector<std::string>{api_.Version(5), api_.Version(4), api_.Version(1)}));
  EXPECT_NE(out_.str().find(R"("version":")" + api_.Version(3) + R"(","deleted":false)"),
            std::string::npos)
      << out_.str();
}

}  // namespace
}  // namespace stepshift::deploy
