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

}  // namespace
}  // namespace stepshift::deploy
