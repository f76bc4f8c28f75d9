// Deployments judged by their executions: the whole Deploy() over the fake API and executions,
// on the fake clock.
#include <gtest/gtest.h>

#include <sstream>

#include "deploy/deployer_fixture.h"
#include "deploy/simulated_traffic.h"

namespace stepshift::deploy {
namespace {

using std::chrono::seconds;
using testing::FakeExecutions;
using testing::SimulatedTraffic;
using testing::TrafficOptions;

class DeployerVerdictTest : public testing::DeployerTest {
 protected:
  void SetUp() override {
    DeployerTest::SetUp();
    options_.schedule.strategy = Strategy::kCanary;
    options_.schedule.increment = 10;
    options_.schedule.interval_seconds = 300;
    options_.alarm_polling = seconds(60);
  }

  // Traffic for the next hour, 10 % of it on version 2 (the canary step's routing); the fake
  // shows each execution only once the clock passes its start.
  void Traffic(double new_failure) {
    TrafficOptions o;
    o.new_failure = new_failure;
    SimulatedTraffic traffic(&executions_, 7, o, clock_.Now(), api_.Version(1), api_.Version(2));
    traffic.RunUntil(clock_.Now() + std::chrono::hours(1));
  }

  RunResult DeployJudged() {
    DeployContext ctx{&api_, &clock_, &reporter_, &interrupted_};
    ctx.executions = &executions_;
    return deploy::Deploy(options_, ctx);
  }

  FakeExecutions executions_{&clock_};
};

TEST_F(DeployerVerdictTest, FailingVerdictRollsBackWithoutAnyAlarm) {
  Traffic(0.25);
  const Time start = clock_.Now();
  RunResult result = DeployJudged();
  EXPECT_EQ(result.outcome, Outcome::kRolledBack) << result.message;
  EXPECT_EQ(ExitCode(result.outcome), 1);
  EXPECT_NE(result.message.find("verdict FAIL"), std::string::npos) << result.message;
  EXPECT_EQ(Live(), (Routing{{api_.Version(1), 100}}));
  EXPECT_LE(clock_.Now() - start, seconds(120));  // within three polls
  EXPECT_NE(out_.str().find("\"event\":\"verdict\""), std::string::npos);
  // After the rollback, what ran on the bad version.
  EXPECT_NE(out_.str().find("\"event\":\"rollback_report\""), std::string::npos);
}

TEST_F(DeployerVerdictTest, HealthyCanaryIsDeployed) {
  Traffic(0.05);
  RunResult result = DeployJudged();
  EXPECT_EQ(result.outcome, Outcome::kDeployed) << result.message;
  EXPECT_EQ(Live(), (Routing{{api_.Version(2), 100}}));
  EXPECT_NE(out_.str().find("\"verdict\":\"PASS\""), std::string::npos);
}

TEST_F(DeployerVerdictTest, DryRunVerdictNeverRollsBack) {
  Traffic(0.25);
  options_.verdict.mode = VerdictMode::kDryRun;
  RunResult result = DeployJudged();
  EXPECT_EQ(result.outcome, Outcome::kDeployed) << result.message;
  EXPECT_NE(out_.str().find("\"verdict\":\"FAIL\""), std::string::npos);
}

TEST_F(DeployerVerdictTest, NoVerdictWatchesNothingWithoutAlarms) {
  Traffic(0.25);
  options_.verdict.mode = VerdictMode::kOff;
  RunResult result = DeployJudged();
  EXPECT_EQ(result.outcome, Outcome::kDeployed) << result.message;
  EXPECT_EQ(executions_.list_calls, 0);
}

// `stepshift status` reads the latest verdict from the record. It is written when its outcome,
// step or hold changes, not at every poll: fresher counts ride along with the next write.
TEST_F(DeployerVerdictTest, RecordCarriesTheVerdictWrittenOnlyWhenItChanges) {
  Traffic(0.05);
  RunResult result = DeployJudged();
  ASSERT_EQ(result.outcome, Outcome::kDeployed) << result.message;
  // The verdicts reported, and how often their outcome or hold changed.
  int polls = 0, changes = 0;
  std::string previous;
  std::istringstream lines(out_.str());
  for (std::string line; std::getline(lines, line);) {
    const json::Object event = json::Parse(line)->as_object();
    if (event.at("event") != "verdict")
      continue;
    ++polls;
    const std::string now =
        json::Serialize(event.at("verdict")) + json::Serialize(event.at("held"));
    changes += now != previous;
    previous = now;
  }
  // Step 1's polls at 60 … 300 s (at 0 s no execution is visible yet: the verdict is silent).
  EXPECT_EQ(polls, 5);
  EXPECT_LT(changes, polls);
  // The claim, the published version, two shifts and the end; plus one write per change.
  EXPECT_EQ(api_.descriptions.size(), 5u + changes);
  std::optional<DeploymentRecord> last =
      DecodeRecord(api_.descriptions[api_.descriptions.size() - 2]);
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->alarms, std::vector<std::string>{});  // none watched, as recorded
  ASSERT_TRUE(last->verdict.has_value());
  EXPECT_EQ(last->verdict->outcome, "PASS");
  EXPECT_EQ(last->verdict->step, 1);
  EXPECT_GT(last->verdict->new_completed, 0);
  EXPECT_GT(last->verdict->old_completed, last->verdict->new_completed);
}

// Sparse traffic: held past the window for the extension, then --on-inconclusive fail.
TEST_F(DeployerVerdictTest, InconclusiveStepIsHeldThenFailed) {
  TrafficOptions sparse;
  sparse.per_second = 0.05;
  SimulatedTraffic traffic(&executions_, 3, sparse, clock_.Now(), api_.Version(1), api_.Version(2));
  traffic.RunUntil(clock_.Now() + std::chrono::hours(1));
  options_.verdict.max_step_extension = seconds(120);
  options_.verdict.on_inconclusive = OnInconclusive::kFail;
  const Time start = clock_.Now();
  RunResult result = DeployJudged();
  EXPECT_EQ(result.outcome, Outcome::kRolledBack) << result.message;
  EXPECT_NE(result.message.find("INCONCLUSIVE"), std::string::npos) << result.message;
  EXPECT_EQ(clock_.Now() - start, seconds(420));  // the 300 s window plus the 120 s extension
}

}  // namespace
}  // namespace stepshift::deploy
