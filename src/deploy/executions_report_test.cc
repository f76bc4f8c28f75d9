#include "deploy/executions_report.h"

#include <gtest/gtest.h>

#include <sstream>

#include "deploy/fake_api.h"
#include "deploy/fake_executions.h"
#include "deploy/hook_executions.h"
#include "deploy/prune.h"

namespace stepshift::deploy {
namespace {

using std::chrono::seconds;
using testing::FakeApi;
using testing::FakeExecutions;

class ExecutionsReportTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  const Time start_ = clock_.Now();
  FakeExecutions fake_{&clock_};
  FakeApi api_;
  std::ostringstream out_;
  Reporter reporter_{&out_, OutputMode::kText, false, &clock_};
};

TEST_F(ExecutionsReportTest, CountsTheBadVersionsExecutionsAndStopsTheRunningOnes) {
  const std::string v2 = api_.Version(2);
  fake_.Add(api_.Version(1), start_, seconds(1), true);  // another version: not counted
  fake_.Add(v2, start_ - seconds(5), seconds(1), true);  // before the deployment: not counted
  for (int i = 0; i < 6; ++i)
    fake_.Add(v2, start_ + seconds(i), seconds(i < 3 ? 1 : 600), i == 0 || i == 1);
  clock_.Set(start_ + seconds(30));
  auto report = ReportBadVersion(&fake_, v2, start_, true, &reporter_);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->total, 6);
  EXPECT_EQ(report->failed, 2);
  EXPECT_EQ(report->running, 3);
  EXPECT_EQ(report->stopped, 3);
  EXPECT_EQ(fake_.stopped.size(), 3u);
  EXPECT_NE(out_.str().find("version 2 ran 6 executions during the deployment: 2 failed, 3 still "
                            "running; stopped 3"),
            std::string::npos)
      << out_.str();
}

TEST_F(ExecutionsReportTest, AHooksOwnTestExecutionsAreNotTraffic) {
  const std::string v2 = api_.Version(2);
  fake_.Add(v2, start_, seconds(1), true);  // a pre-traffic test that failed
  fake_.executions.back().arn =
      "arn:aws:states:us-east-1:123456789012:execution:orders:" + HookExecutionName();
  fake_.Add(v2, start_ + seconds(2), seconds(1), false);
  clock_.Set(start_ + seconds(30));
  auto report = ReportBadVersion(&fake_, v2, start_, false, &reporter_);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->total, 1);
  EXPECT_EQ(report->failed, 0);
  EXPECT_TRUE(IsHookExecution(fake_.executions.front().arn));
  EXPECT_FALSE(IsHookExecution(fake_.executions.back().arn));
}

TEST_F(ExecutionsReportTest, WithoutStopTheRunningOnesAreLeftToFinish) {
  fake_.Add(api_.Version(2), start_, seconds(600), false);
  clock_.Set(start_ + seconds(30));
  auto report = ReportBadVersion(&fake_, api_.Version(2), start_, false, &reporter_);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->stopped, 0);
  EXPECT_TRUE(fake_.stopped.empty());
  EXPECT_NE(out_.str().find("--stop-on-rollback stops them"), std::string::npos);
}

TEST_F(ExecutionsReportTest, PruningKeepsAVersionWithRunningExecutions) {
  api_.PublishVersions(4);
  api_.aliases[api_.AliasArn("live")] =
      aws::AliasInfo{api_.AliasArn("live"), "live", "", {{api_.Version(4), 100}}, {}, {}};
  fake_.Add(api_.Version(1), start_, seconds(3600), false);  // still running
  fake_.Add(api_.Version(2), start_, seconds(1), false);     // done
  clock_.Set(start_ + seconds(10));
  auto pruned = PruneVersions(&api_, FakeApi::kMachine, 2, {}, &reporter_, &fake_);
  ASSERT_TRUE(pruned.ok());
  EXPECT_EQ(pruned->deleted, (std::vector<std::string>{api_.Version(2)}));
  EXPECT_EQ(pruned->kept_running, (std::vector<std::string>{api_.Version(1)}));
  EXPECT_NE(out_.str().find("kept version 1: it has RUNNING executions"), std::string::npos);
}

TEST_F(ExecutionsReportTest, PruningKeepsAVersionWhoseExecutionsCannotBeListed) {
  api_.PublishVersions(3);
  fake_.list_error = Status(StatusCode::kUnavailable, "throttled", "ThrottlingException");
  auto pruned = PruneVersions(&api_, FakeApi::kMachine, 2, {}, &reporter_, &fake_);
  ASSERT_TRUE(pruned.ok());
  EXPECT_TRUE(pruned->deleted.empty());
  EXPECT_EQ(pruned->kept_running, (std::vector<std::string>{api_.Version(1)}));
}

TEST_F(ExecutionsReportTest, StatusFiguresPerVersion) {
  for (int i = 0; i < 10; ++i)
    fake_.Add(api_.Version(1), start_ + seconds(i), seconds(1 + i), i < 2);
  fake_.Add(api_.Version(2), start_, seconds(600), false);
  clock_.Set(start_ + seconds(100));
  json::Array figures =
      VersionExecutions(&fake_, {api_.Version(1), api_.Version(2)}, clock_.Now(), seconds(300));
  ASSERT_EQ(figures.size(), 2u);
  const json::Object& v1 = figures[0].as_object();
  EXPECT_EQ(v1.at("started"), 10);
  EXPECT_EQ(v1.at("failed"), 2);
  EXPECT_DOUBLE_EQ(v1.at("failure_rate").as_double(), 0.2);
  // Durations of the 8 SUCCEEDED ones: 3..10 s; p90 interpolates between 9 and 10 s.
  EXPECT_DOUBLE_EQ(v1.at("p90_ms").as_double(), 9300);
  EXPECT_EQ(figures[1].as_object().at("running"), 1);
  EXPECT_TRUE(figures[1].as_object().at("p90_ms").is_null());
  EXPECT_EQ(FormatVersionExecutions(figures, seconds(300)),
            "executions (started in the last 300s):\n"
            "  v1: 10 started, 2 failed of 10 ended (20.0%), 0 running, p90 9300ms\n"
            "  v2: 1 started, 0 failed of 0 ended (0.0%), 1 running, p90 n/a\n");
}

}  // namespace
}  // namespace stepshift::deploy
