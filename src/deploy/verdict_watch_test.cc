#include "deploy/verdict_watch.h"

#include <gtest/gtest.h>

#include <sstream>

#include "deploy/fake_executions.h"

namespace stepshift::deploy {
namespace {

using std::chrono::seconds;
using testing::FakeExecutions;

const std::string kOld = "arn:aws:states:us-east-1:123456789012:stateMachine:m:1";
const std::string kNew = "arn:aws:states:us-east-1:123456789012:stateMachine:m:2";

class VerdictWatchTest : public ::testing::Test {
 protected:
  // `n` executions of `version` spread over the first 10 s of the step, `failed` of them failing.
  void Add(const std::string& version, int n, int failed, Duration duration = seconds(1)) {
    for (int i = 0; i < n; ++i)
      fake_.Add(version, start_ + i * seconds(10) / n, duration, i < failed);
  }

  VerdictCall PollAt(Duration offset) {
    clock_.Set(start_ + offset);
    VerdictWatch watch(settings_, &source_, &reporter_, kOld, kNew);
    return watch.Poll({0, 10, start_, start_ + seconds(60), 1}, clock_.Now());
  }

  std::string Events() const { return out_.str(); }

  FakeClock clock_;
  const Time start_ = clock_.Now();
  FakeExecutions fake_{&clock_};
  std::ostringstream out_;
  Reporter reporter_{&out_, OutputMode::kJson, false, &clock_};
  VerdictSettings settings_;
  VerdictSource source_{&fake_, SourceChoice::kAuto};
};

TEST_F(VerdictWatchTest, FailingCanaryAsksForARollbackWithItsEvidence) {
  Add(kOld, 200, 2);
  Add(kNew, 40, 12);
  VerdictCall call = PollAt(seconds(30));
  EXPECT_NE(call.rollback_reason.find("verdict FAIL: failure rate 30.0% vs 1.0%"),
            std::string::npos)
      << call.rollback_reason;
  auto event = json::Parse(Events());
  ASSERT_TRUE(event.ok()) << Events();
  const json::Object& e = event->as_object();
  EXPECT_EQ(e.at("event"), "verdict");
  EXPECT_EQ(e.at("verdict"), "FAIL");
  EXPECT_EQ(e.at("source"), "executions");
  EXPECT_EQ(e.at("new").at("completed"), 40);
  EXPECT_EQ(e.at("new").at("failed"), 12);
  EXPECT_EQ(e.at("stable").at("failed"), 2);
  EXPECT_TRUE(e.at("failures").at("significant").as_bool());
  EXPECT_TRUE(e.at("failures").at("over_threshold").as_bool());
  EXPECT_LT(e.at("failures").at("p_value").as_double(), 0.0001);
}

TEST_F(VerdictWatchTest, DryRunReportsButNeverActs) {
  Add(kOld, 200, 2);
  Add(kNew, 40, 12);
  settings_.mode = VerdictMode::kDryRun;
  VerdictCall call = PollAt(seconds(30));
  EXPECT_TRUE(call.rollback_reason.empty());
  EXPECT_NE(Events().find("\"verdict\":\"FAIL\""), std::string::npos);
  EXPECT_NE(Events().find("\"dry_run\":true"), std::string::npos);
}

TEST_F(VerdictWatchTest, RunningExecutionsAreNotJudged) {
  Add(kOld, 200, 0);
  Add(kNew, 40, 40, seconds(3600));  // would fail, but have not ended yet
  VerdictCall call = PollAt(seconds(30));
  EXPECT_TRUE(call.rollback_reason.empty());
  EXPECT_NE(Events().find("\"running\":40"), std::string::npos);
  EXPECT_NE(Events().find("INCONCLUSIVE"), std::string::npos);
}

TEST_F(VerdictWatchTest, AutoModeStaysSilentWithoutExecutions) {
  VerdictCall call = PollAt(seconds(60));
  EXPECT_TRUE(call.rollback_reason.empty());
  EXPECT_FALSE(call.hold);
  EXPECT_EQ(Events(), "");
}

TEST_F(VerdictWatchTest, ExplicitVerdictWithoutExecutionsIsInconclusive) {
  settings_.mode = VerdictMode::kOn;
  settings_.max_step_extension = seconds(30);
  EXPECT_FALSE(PollAt(seconds(30)).hold);  // mid-window: nothing to decide yet
  EXPECT_TRUE(PollAt(seconds(60)).hold);   // window over: the step is held
  EXPECT_TRUE(PollAt(seconds(89)).hold);
  VerdictCall after = PollAt(seconds(90));  // extension spent: --on-inconclusive pass
  EXPECT_FALSE(after.hold);
  EXPECT_TRUE(after.rollback_reason.empty());
  EXPECT_NE(Events().find("too few executions: 0 new, 0 stable"), std::string::npos);
}

TEST_F(VerdictWatchTest, OnInconclusiveFailRollsBackAfterTheExtension) {
  Add(kOld, 200, 0);
  Add(kNew, 5, 0);
  settings_.on_inconclusive = OnInconclusive::kFail;
  settings_.max_step_extension = seconds(10);
  EXPECT_TRUE(PollAt(seconds(65)).hold);
  VerdictCall call = PollAt(seconds(70));
  EXPECT_NE(call.rollback_reason.find("INCONCLUSIVE past the step's extension"), std::string::npos)
      << call.rollback_reason;
}

TEST_F(VerdictWatchTest, OnInconclusiveHoldKeepsHolding) {
  Add(kOld, 200, 0);
  Add(kNew, 5, 0);
  settings_.on_inconclusive = OnInconclusive::kHold;
  EXPECT_TRUE(PollAt(seconds(600)).hold);
}

TEST_F(VerdictWatchTest, EnoughHealthyExecutionsPass) {
  Add(kOld, 200, 2);
  Add(kNew, 40, 0);
  VerdictCall call = PollAt(seconds(60));
  EXPECT_TRUE(call.rollback_reason.empty());
  EXPECT_FALSE(call.hold);
  EXPECT_NE(Events().find("\"verdict\":\"PASS\""), std::string::npos);
}

TEST_F(VerdictWatchTest, NoVerdictAtOneHundredPercent) {
  Add(kNew, 40, 40);
  clock_.Set(start_ + seconds(30));
  VerdictWatch watch(settings_, &source_, &reporter_, kOld, kNew);
  EXPECT_TRUE(
      watch.Poll({0, 100, start_, start_ + seconds(60), 1}, clock_.Now()).rollback_reason.empty());
  EXPECT_EQ(fake_.list_calls, 0);
}

TEST_F(VerdictWatchTest, ListingErrorsAreReportedNotActedOn) {
  Add(kOld, 200, 0);
  fake_.list_error = Status(StatusCode::kUnavailable, "throttled", "ThrottlingException");
  VerdictWatch watch(settings_, &source_, &reporter_, kOld, kNew);
  for (int poll = 0; poll < 3; ++poll) {
    clock_.Set(start_ + seconds(10 * poll));
    EXPECT_TRUE(
        watch.Poll({0, 10, start_, start_ + seconds(60), 1}, clock_.Now()).rollback_reason.empty());
  }
  EXPECT_NE(Events().find("\"verdict\":\"ERROR\""), std::string::npos);
  EXPECT_EQ(Events().find("\"verdict\":\"ERROR\""), Events().rfind("\"verdict\":\"ERROR\""))
      << "the same error is reported once";
}

// More executions in the window than the listing budget: the metrics from then on.
TEST_F(VerdictWatchTest, ManyExecutionsSwitchToTheMetrics) {
  Add(kOld, 50, 0);
  Add(kNew, 50, 0);
  VerdictSource small(&fake_, SourceChoice::kAuto, 20);
  fake_.metric_response = *json::Parse(R"({"MetricDataResults":[
      {"Id":"started_old","Values":[900]},{"Id":"succeeded_old","Values":[880]},
      {"Id":"failed_old","Values":[10]},{"Id":"timedout_old","Values":[0]},
      {"Id":"p90_old","Values":[750]},
      {"Id":"started_new","Values":[100]},{"Id":"succeeded_new","Values":[60]},
      {"Id":"failed_new","Values":[30]},{"Id":"timedout_new","Values":[5]},
      {"Id":"p90_new","Values":[2000]}]})");
  clock_.Set(start_ + seconds(30));
  auto samples = small.Sample(kOld, kNew, start_, clock_.Now());
  ASSERT_TRUE(samples.ok()) << samples.status().ToString();
  EXPECT_EQ(samples->source, "metrics");
  EXPECT_NE(samples->note.find("more than 20 executions"), std::string::npos);
  EXPECT_EQ(samples->canary.completed, 95);
  EXPECT_EQ(samples->canary.failed, 35);
  EXPECT_EQ(samples->stable.completed, 890);
  EXPECT_EQ(samples->canary.running, 5);
  EXPECT_EQ(samples->canary.p90_ms, 2000);
  // The request asks for the Version dimension of each version, over whole minutes.
  const json::Object& request = fake_.metric_requests.at(0);
  const std::string text = json::Serialize(request);
  EXPECT_NE(text.find(R"({"Name":"Version","Value":"2"})"), std::string::npos);
  EXPECT_EQ(request.at("EndTime").as_int64() - request.at("StartTime").as_int64(), 60);
  // Sticky: the next poll does not list again.
  const int lists = fake_.list_calls;
  ASSERT_TRUE(small.Sample(kOld, kNew, start_, clock_.Now()).ok());
  EXPECT_EQ(fake_.list_calls, lists);
  // Metrics latency is reported, never judged.
  Verdict v = Judge(samples->stable, samples->canary, {});
  EXPECT_FALSE(v.latency_judged);
  EXPECT_EQ(v.kind, VerdictKind::kFail);  // 35/95 against 10/890
}

}  // namespace
}  // namespace stepshift::deploy
