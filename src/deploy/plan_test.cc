// The read-only checks before a deployment (plan.h) and what reruns do with a recorded one.
#include "deploy/plan.h"

#include <gtest/gtest.h>

#include "deploy/deployer_fixture.h"
#include "deploy/record.h"

namespace stepshift::deploy {
namespace {

using std::chrono::seconds;
using testing::DeployerTest;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Issue 14 item 2: before, a rerun asking for something else resumed the recorded deployment
// (v3 was never deployed and the run exited 0). It is refused now, naming the recorded
// deployment and the two ways on, and changes nothing.
TEST_F(DeployerTest, AnInterruptedDeploymentIsNotResumedByADifferentCommand) {
  Crash(4);  // the claim, the record's version, step 1 and step 2 written
  ASSERT_EQ(Live(), (Routing{{api_.Version(1), 50}, {api_.Version(2), 50}}));
  clock_.Advance(options_.stale_after);
  options_.owner = "test:2";
  options_.publish_revision = false;
  options_.definition = "the v3 definition";
  options_.schedule = ScheduleOptions{};  // allatonce
  RunResult refused = Deploy();
  EXPECT_EQ(refused.outcome, Outcome::kRefused) << refused.message;
  EXPECT_TRUE(Contains(refused.message, "interrupted deployment: version 2 over version 1"))
      << refused.message;
  EXPECT_TRUE(Contains(refused.message, "--strategy linear --increment 25 --interval 60"))
      << refused.message;
  EXPECT_TRUE(Contains(refused.message, "--rollback-interrupted")) << refused.message;
  EXPECT_TRUE(Contains(refused.message, "a definition (--file) other than version 2's"));
  EXPECT_TRUE(Contains(refused.message, "the schedule --strategy allatonce")) << refused.message;
  EXPECT_EQ(api_.versions.size(), 2u);
  EXPECT_NE(api_.definition, "the v3 definition");
  EXPECT_TRUE(api_.writes.empty());
  EXPECT_EQ(api_.update_calls, 0);

  // The same version with another schedule is refused too; the command that started it resumes.
  options_.definition.reset();
  options_.publish_revision = true;
  EXPECT_EQ(Deploy().outcome, Outcome::kRefused);
  options_.schedule.strategy = Strategy::kLinear;
  options_.schedule.increment = 25;
  options_.schedule.interval_seconds = 60;
  RunResult resumed = Deploy();
  EXPECT_EQ(resumed.outcome, Outcome::kDeployed) << resumed.message;
  EXPECT_EQ(Live(), (Routing{{api_.Version(2), 100}}));
}

TEST_F(DeployerTest, ALiveControllerOnAnotherHostIsNotTakenOver) {
  Crash(4);  // dies at +120 s, when step 3 is due; its last heartbeat was step 2's, at +60 s
  options_.owner = "test:2";
  RunResult refused = Deploy();
  EXPECT_EQ(refused.outcome, Outcome::kRefused);
  EXPECT_TRUE(Contains(refused.message, "still running")) << refused.message;
  EXPECT_TRUE(Contains(refused.message, "heartbeat 60 s ago")) << refused.message;
  options_.rollback_interrupted = true;
  EXPECT_EQ(Deploy().outcome, Outcome::kRefused);
  EXPECT_EQ(Live(), (Routing{{api_.Version(1), 50}, {api_.Version(2), 50}}));
}

TEST_F(DeployerTest, AWaitingControllerRefreshesItsHeartbeat) {
  options_.heartbeat = seconds(30);
  options_.schedule.interval_seconds = 100;  // one step of 100 s: beats at +30, +60, +90
  int beats = 0;
  Time last_heartbeat{};
  api_.before_describe = [&](const std::string& arn) {
    std::optional<DeploymentRecord> record = DecodeRecord(api_.aliases[arn].description);
    if (record && record->heartbeat > last_heartbeat) {
      last_heartbeat = record->heartbeat;
      ++beats;
    }
  };
  const Time start = clock_.Now();
  EXPECT_EQ(Deploy().outcome, Outcome::kDeployed);
  // The claim (the shift follows at the same instant) and three heartbeats.
  EXPECT_EQ(beats, 4);
  EXPECT_EQ(last_heartbeat, start + seconds(90));
}

// Issue 14 item 4: before, the new version took traffic and was then rolled back.
TEST_F(DeployerTest, AnAlarmAlreadyInAlarmRefusesTheStart) {
  options_.alarms = {"errors", "latency"};
  api_.alarms["errors"] = "OK";
  api_.alarms["latency"] = "ALARM";
  RunResult result = Deploy();
  EXPECT_EQ(result.outcome, Outcome::kRefused);
  EXPECT_EQ(result.message,
            "alarm latency is already in ALARM (Threshold Crossed: latency); not starting a "
            "deployment it would roll back");
  EXPECT_EQ(api_.versions.size(), 1u);
  EXPECT_EQ(api_.update_calls, 0);
}

// Issue 14 item 6: the missing resource is named, and nothing is attempted.
TEST_F(DeployerTest, AMissingStateMachineIsNamed) {
  api_.machine_exists = false;
  RunResult result = Deploy();
  EXPECT_EQ(result.outcome, Outcome::kRefused);
  EXPECT_EQ(result.message,
            "state machine " + std::string(testing::FakeApi::kMachine) + " does not exist");
}

// Issue 14 item 3: before, --dry-run printed a plan and exited 0 whatever the state. Now it runs
// the checks of a real run and plans what the real run does.
TEST_F(DeployerTest, DryRunChecksWhatTheRealRunChecks) {
  api_.machine_exists = false;
  EXPECT_EQ(DryRun().outcome, Outcome::kRefused);
  api_.machine_exists = true;
  options_.alarms = {"nope"};
  RunResult missing_alarm = DryRun();
  EXPECT_EQ(missing_alarm.outcome, Outcome::kRefused);
  EXPECT_EQ(missing_alarm.message, "alarms do not exist in CloudWatch: nope");
  options_.alarms.clear();
  api_.aliases[api_.AliasArn("live")].routing = {{api_.Version(1), 60}, {api_.Version(1), 40}};
  api_.aliases[api_.AliasArn("live")].routing[1].version_arn = api_.Version(7);
  EXPECT_EQ(DryRun().outcome, Outcome::kRefused);  // split
  EXPECT_TRUE(api_.writes.empty());
  EXPECT_EQ(api_.versions.size(), 1u);
}

TEST_F(DeployerTest, DryRunPlansWhatTheRealRunDoes) {
  options_.publish_revision = false;
  RunResult up_to_date = DryRun();
  EXPECT_EQ(up_to_date.outcome, Outcome::kNothingToDo);
  EXPECT_TRUE(Contains(up_to_date.message, "already routes 100% to version 1"));

  api_.aliases.clear();
  out_.str("");
  EXPECT_EQ(DryRun().outcome, Outcome::kNothingToDo);
  EXPECT_TRUE(
      Contains(out_.str(), "create alias " + api_.AliasArn("live") + " routing 100% to version 1"))
      << out_.str();
  EXPECT_FALSE(Contains(out_.str(), "plan step")) << out_.str();
  EXPECT_EQ(Deploy().outcome, Outcome::kDeployed);
  EXPECT_EQ(Live(), (Routing{{api_.Version(1), 100}}));

  options_.publish_revision = true;
  options_.schedule.strategy = Strategy::kCanary;
  options_.schedule.increment = 10;
  out_.str("");
  EXPECT_EQ(DryRun().outcome, Outcome::kNothingToDo);
  EXPECT_TRUE(Contains(out_.str(),
                       "deploy the version published from the current revision over "
                       "version 1"))
      << out_.str();
  EXPECT_TRUE(Contains(out_.str(), R"("new_weight":10)")) << out_.str();
  EXPECT_EQ(api_.versions.size(), 1u);   // nothing published
  EXPECT_TRUE(api_.writes.size() == 1);  // only the real run's CreateAlias above
}

}  // namespace
}  // namespace stepshift::deploy
