#include "deploy/record.h"

#include <gtest/gtest.h>

namespace stepshift::deploy {
namespace {

DeploymentRecord Sample() {
  DeploymentRecord r;
  r.old_version = "3";
  r.new_version = "4";
  r.schedule_spec = "linear:10:120:0";
  r.step = 2;
  r.step_started = FromEpochSeconds(1'700'000'100);
  r.started = FromEpochSeconds(1'700'000'000);
  r.owner = "ci-runner-7:4242";
  r.user_description = "orders, production";
  return r;
}

TEST(RecordTest, RoundTrips) {
  std::string text = EncodeRecord(Sample());
  EXPECT_LE(text.size(), 256u);
  std::optional<DeploymentRecord> back = DecodeRecord(text);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->old_version, "3");
  EXPECT_EQ(back->new_version, "4");
  EXPECT_EQ(back->schedule_spec, "linear:10:120:0");
  EXPECT_EQ(back->step, 2);
  EXPECT_EQ(back->step_started, FromEpochSeconds(1'700'000'100));
  EXPECT_EQ(back->owner, "ci-runner-7:4242");
  EXPECT_EQ(back->user_description, "orders, production");
  EXPECT_FALSE(back->description_truncated);
}

TEST(RecordTest, OrdinaryDescriptionsAreNotRecords) {
  EXPECT_FALSE(DecodeRecord("").has_value());
  EXPECT_FALSE(DecodeRecord("the live alias").has_value());
  EXPECT_FALSE(DecodeRecord("stepshift-deploy {not json").has_value());
}

TEST(RecordTest, LongUserDescriptionIsTruncatedToFit) {
  DeploymentRecord r = Sample();
  r.user_description = std::string(250, 'x') + "\"quoted\"";
  std::string text = EncodeRecord(r);
  EXPECT_LE(text.size(), 256u);
  std::optional<DeploymentRecord> back = DecodeRecord(text);
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(back->description_truncated);
  EXPECT_EQ(back->user_description, std::string(back->user_description.size(), 'x'));
}

TEST(RecordTest, HeartbeatAndAPendingVersionRoundTrip) {
  DeploymentRecord r = Sample();
  r.new_version = "";  // claimed, not yet published
  r.heartbeat = FromEpochSeconds(1'700'000'200);
  std::optional<DeploymentRecord> back = DecodeRecord(EncodeRecord(r));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->new_version, "");
  EXPECT_EQ(back->heartbeat, FromEpochSeconds(1'700'000'200));
}

RecordedVerdict SampleVerdict() {
  RecordedVerdict v;
  v.outcome = "INCONCLUSIVE";
  v.step = 1;
  v.new_failed = 5;
  v.new_completed = 14;
  v.old_failed = 0;
  v.old_completed = 118;
  v.p_value = 0.0012;
  v.at = FromEpochSeconds(1'700'000'150);
  v.held = true;
  return v;
}

TEST(RecordTest, AlarmsAndVerdictRoundTrip) {
  DeploymentRecord r = Sample();
  r.alarms = std::vector<std::string>{"orders-errors", "orders-p90"};
  r.verdict = SampleVerdict();
  std::string text = EncodeRecord(r);
  EXPECT_LE(text.size(), 256u);
  std::optional<DeploymentRecord> back = DecodeRecord(text);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->alarms, r.alarms);
  EXPECT_EQ(back->verdict, r.verdict);
  EXPECT_EQ(back->user_description, "orders, production");
}

TEST(RecordTest, RecordsWithoutThemReadAsNotRecorded) {
  // Written by a controller that predates them: no "a", no "v".
  std::optional<DeploymentRecord> back = DecodeRecord(
      R"(stepshift-deploy {"o":"3","n":"4","s":"linear:10:120:0","k":0,"t":1700000100,)"
      R"("st":1700000000,"by":"h:1:2","hb":1700000100,"d":"x"})");
  ASSERT_TRUE(back.has_value());
  EXPECT_FALSE(back->alarms.has_value());
  EXPECT_FALSE(back->verdict.has_value());
  // No alarms at all is recorded as such, unlike "not recorded".
  DeploymentRecord none = Sample();
  none.alarms = std::vector<std::string>{};
  back = DecodeRecord(EncodeRecord(none));
  ASSERT_TRUE(back.has_value());
  ASSERT_TRUE(back->alarms.has_value());
  EXPECT_TRUE(back->alarms->empty());
}

TEST(RecordTest, MalformedVerdictIsIgnoredNotTheRecord) {
  std::optional<DeploymentRecord> back = DecodeRecord(
      R"(stepshift-deploy {"o":"3","n":"4","s":"linear:10:120:0","v":["X",1,0,0,0,0,1,0,0]})");
  ASSERT_TRUE(back.has_value());
  EXPECT_FALSE(back->verdict.has_value());
}

// The user's description is restored when the deployment ends; what status shows is not worth
// trimming it for.
TEST(RecordTest, VerdictThenAlarmsGiveWayBeforeTheUserDescription) {
  DeploymentRecord r = Sample();
  r.alarms = std::vector<std::string>{"orders-errors"};
  r.verdict = SampleVerdict();
  const size_t bare = EncodeRecord(Sample()).size();
  r.user_description += std::string(256 - bare, 'x');  // fits exactly without the extras
  std::optional<DeploymentRecord> back = DecodeRecord(EncodeRecord(r));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->user_description, r.user_description);
  EXPECT_FALSE(back->description_truncated);
  EXPECT_FALSE(back->verdict.has_value());
  EXPECT_FALSE(back->alarms.has_value());

  // Room for the alarms but not the verdict: the alarms stay.
  r.user_description = Sample().user_description;
  DeploymentRecord with_alarms = r;
  with_alarms.verdict.reset();
  const size_t alarms_only = EncodeRecord(with_alarms).size();
  r.user_description += std::string(256 - alarms_only, 'y');
  back = DecodeRecord(EncodeRecord(r));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->alarms, r.alarms);
  EXPECT_FALSE(back->verdict.has_value());
  EXPECT_EQ(back->user_description, r.user_description);
}

}  // namespace
}  // namespace stepshift::deploy
