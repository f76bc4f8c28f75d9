#include "deploy/alarm_refs.h"

#include <gtest/gtest.h>

namespace stepshift::deploy {
namespace {

const char kArn[] = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-errors";

TEST(AlarmRefsTest, ArnsResolveToNamesAndNamesStay) {
  auto refs =
      ResolveAlarmRefs({kArn, "latency", "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:a:b"});
  ASSERT_TRUE(refs.ok()) << refs.status().ToString();
  EXPECT_EQ(refs->names, (std::vector<std::string>{"orders-errors", "latency", "a:b"}));
  EXPECT_EQ(refs->arns.at("orders-errors"), kArn);
  EXPECT_EQ(refs->arns.count("latency"), 0u);
}

TEST(AlarmRefsTest, OtherArnsAreRefusedClearly) {
  struct Case {
    std::vector<std::string> given;
    std::string message;
  } cases[] = {
      {{"arn:aws:sns:us-east-1:123456789012:topic"},
       "--alarms: 'arn:aws:sns:us-east-1:123456789012:topic' is not a CloudWatch alarm ARN "
       "(arn:PARTITION:cloudwatch:REGION:ACCOUNT:alarm:NAME)"},
      {{"arn:aws:cloudwatch:us-east-1:123456789012:alarm:"},
       "--alarms: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:' is not a CloudWatch alarm "
       "ARN (arn:PARTITION:cloudwatch:REGION:ACCOUNT:alarm:NAME)"},
      {{kArn, "orders-errors"}, "--alarms: duplicate alarm 'orders-errors'"},
      {{""}, "--alarms: alarm names must be 1 to 255 characters"},
  };

  for (const Case& c : cases) {
    auto refs = ResolveAlarmRefs(c.given);
    ASSERT_FALSE(refs.ok()) << c.message;
    EXPECT_EQ(refs.status().message(), c.message);
  }
}

TEST(AlarmRefsTest, AnArnOfAnotherAccountIsRefused) {
  std::map<std::string, aws::AlarmInfo> found;
  found["orders-errors"].arn = "arn:aws:cloudwatch:us-east-1:999999999999:alarm:orders-errors";
  auto refusal = MismatchedAlarmArn({{"orders-errors", kArn}}, found);
  ASSERT_TRUE(refusal.has_value());
  EXPECT_NE(refusal->find("alarm " + std::string(kArn) + " is not in this account and region"),
            std::string::npos);
  found["orders-errors"].arn = kArn;
  EXPECT_FALSE(MismatchedAlarmArn({{"orders-errors", kArn}}, found).has_value());
}

TEST(AlarmRefsTest, DisabledActionsAreWarnedAbout) {
  std::map<std::string, aws::AlarmInfo> found;
  found["a"].actions_enabled = true;
  found["b"].actions_enabled = false;
  auto warnings = ActionsDisabledWarnings({"a", "b"}, found);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].rfind("warning: alarm b has its actions disabled", 0), 0u);
}

}  // namespace
}  // namespace stepshift::deploy
