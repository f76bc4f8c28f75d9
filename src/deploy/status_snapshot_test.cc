// StatusSnapshot() over the record a real deployment leaves on the alias: the fake API and
// executions, on the fake clock.
#include "deploy/status_snapshot.h"

#include <gtest/gtest.h>

#include "deploy/deployer_fixture.h"
#include "deploy/fake_executions.h"
#include "deploy/status_view.h"

namespace stepshift::deploy {
namespace {

using std::chrono::seconds;
using testing::FakeExecutions;

class StatusSnapshotTest : public testing::DeployerTest {
 protected:
  // A linear deployment watching the alarm "errors", stopped by a failing API after its first
  // shift: the alias keeps step 1 (25 %) and the record, as when its controller dies.
  void CrashAtStepOne() {
    options_.alarms = {"errors"};
    api_.alarms["errors"] = "OK";
    shifted_ = clock_.Now();
    Crash(3);  // the claim, the version, the first shift
  }

  Result<json::Object> Snapshot() {
    return StatusSnapshot(&api_, &executions_, target_, {clock_.Now(), seconds(300)});
  }

  FakeExecutions executions_{&clock_};
  AliasTarget target_{"m", "live", "us-east-1", "aws"};
  Time shifted_{};
};

TEST_F(StatusSnapshotTest, ShowsTheStepItsEndAndTheRecordedAlarmsStates) {
  CrashAtStepOne();
  executions_.Add(api_.Version(2), clock_.Now(), seconds(1), true);
  clock_.Advance(seconds(10));
  Result<json::Object> snapshot = Snapshot();
  ASSERT_TRUE(snapshot.ok()) << snapshot.status().ToString();
  const json::Object& d = snapshot->at("deployment").as_object();
  EXPECT_EQ(d.at("strategy"), "linear");
  EXPECT_EQ(d.at("step"), 1);
  EXPECT_EQ(d.at("new_weight"), 25);
  EXPECT_EQ(d.at("step_ends"), json::Value(FormatIso8601(shifted_ + seconds(60))));
  EXPECT_EQ(d.at("alarms"), (json::Array{"errors"}));
  EXPECT_EQ(d.at("alarm_states"), (json::Object{{"errors", "OK"}}));
  EXPECT_TRUE(d.at("verdict").is_null());
  const json::Array& executions = snapshot->at("executions").as_array();
  ASSERT_EQ(executions.size(), 2u);
  EXPECT_EQ(executions[1].as_object().at("failed"), 1);
  const std::vector<std::string> screen = ScreenLines(*snapshot, clock_.Now(), {});
  EXPECT_NE(std::find(screen.begin(), screen.end(), "alarms      errors  OK"), screen.end());
}

TEST_F(StatusSnapshotTest, DeletedAlarmReadsAsDeleted) {
  CrashAtStepOne();
  api_.alarms.clear();
  Result<json::Object> snapshot = Snapshot();
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(snapshot->at("deployment").at("alarm_states"), (json::Object{{"errors", "DELETED"}}));
}

TEST_F(StatusSnapshotTest, MissingAliasIsNotFound) {
  target_.alias = "nope";
  Result<json::Object> snapshot = Snapshot();
  EXPECT_TRUE(snapshot.status().IsNotFound()) << snapshot.status().ToString();
}

}  // namespace
}  // namespace stepshift::deploy
