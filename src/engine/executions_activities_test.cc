// Activities and callbacks, driven by hand with a FakeClock: workers' long polls, task tokens,
// heartbeats and timeouts, .waitForTaskToken, and what survives a restart.
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>

#include "engine/executions_test_util.h"

namespace stepshift::engine {
namespace {

const std::string kActivity = "arn:aws:states:us-east-1:123456789012:activity:approve";

std::string ActivityMachine(const std::string& extra = "") {
  return R"({"StartAt":"A","States":{"A":{"Type":"Task","Resource":")" + kActivity + "\"" + extra +
         R"(,"End":true}}})";
}

class ActivitiesTest : public ExecutionsTest {
 protected:
  void SetUp() override {
    ExecutionsTest::SetUp();
    ASSERT_TRUE(executions_->CreateActivity(ctx_, {"approve", nullptr, {}}).ok());
  }

  // Starts a poll; the returned slot is filled when the poll is answered.
  std::shared_ptr<std::optional<Result<ActivityTask>>> Poll(const std::string& worker = "w1") {
    auto slot = std::make_shared<std::optional<Result<ActivityTask>>>();
    executions_->GetActivityTask(kActivity, worker,
                                 [slot](Result<ActivityTask> task) { *slot = std::move(task); });
    return slot;
  }

  // The token of the execution's one task, taken by a worker.
  std::string TakeTask(const std::string& expected_input) {
    auto polled = Poll();
    executions_->RunPending();
    EXPECT_TRUE(polled->has_value() && (*polled)->ok());
    if (!polled->has_value() || !(*polled)->ok())
      return "";
    EXPECT_EQ((**polled)->input, expected_input);
    return (**polled)->task_token;
  }
};

TEST_F(ActivitiesTest, CreateIsIdempotentByNameAndDeleteRemoves) {
  auto again = executions_->CreateActivity(ctx_, {"approve", nullptr, {}});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->activity_arn, kActivity);
  ExpectError(
      executions_->CreateActivity(ctx_, {"approve", json::Object{{"type", "x"}}, {}}).status(),
      "ActivityAlreadyExists",
      "Activity already exists. EncryptionConfiguration may not be updated.");
  ExpectError(executions_->CreateActivity(ctx_, {"bad name", nullptr, {}}).status(), "InvalidName",
              "Invalid Name: 'bad name'");
  ASSERT_TRUE(executions_->CreateActivity(ctx_, {"b", nullptr, {}}).ok());
  auto page = executions_->ListActivities(ctx_, {1, std::nullopt});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].name, "approve");
  auto rest = executions_->ListActivities(ctx_, {1, page->next_token});
  ASSERT_EQ(rest->items.size(), 1u);
  EXPECT_EQ(rest->items[0].name, "b");
  EXPECT_FALSE(rest->next_token);
  ASSERT_TRUE(executions_->DeleteActivity(kActivity).ok());
  ASSERT_TRUE(executions_->DeleteActivity(kActivity).ok());  // deleting twice is fine
  ExpectError(executions_->DescribeActivity(kActivity).status(), "ActivityDoesNotExist",
              "Activity Does Not Exist: '" + kActivity + "'");
  ExpectError(executions_->DescribeActivity("nope").status(), "InvalidArn",
              "Invalid Arn: 'Invalid ARN prefix: nope'");
}

TEST_F(ActivitiesTest, AWorkerTakesTheTaskAndItsAnswerEndsTheState) {
  CreateMachine(ActivityMachine());
  std::string arn = StartOk(kArn, "e", R"({"order":1})");
  std::string token = TakeTask(R"({"order":1})");
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(DescribeOk(arn).status, "RUNNING");
  ASSERT_TRUE(executions_->SendTaskSuccess(token, R"({"ok":true})").ok());
  executions_->RunPending();
  EXPECT_EQ(DescribeOk(arn).output, R"({"ok":true})");
  EXPECT_EQ(sink_.Sum("ActivitiesSucceeded", {{"ActivityArn", kActivity}}), 1);
  EXPECT_EQ(EventTypes(arn),
            (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "ActivityScheduled",
                                      "ActivityStarted", "ActivitySucceeded", "TaskStateExited",
                                      "ExecutionSucceeded"}));
  HistoryRequest request{arn, false, true, {}};
  json::Value started = executions_->History(request)->events.at(3);
  EXPECT_EQ(started.at("activityStartedEventDetails").at("workerName"), "w1");
  ExpectError(executions_->SendTaskSuccess(token, "{}"), "TaskTimedOut",
              "Task Timed Out: 'Provided task does not exist anymore'");
  ExpectError(executions_->SendTaskSuccess("garbage", "{}"), "InvalidToken",
              "Invalid Token: 'Invalid token'");
  ExpectError(executions_->SendTaskHeartbeat(kArn + "x/A/1"), "InvalidToken",
              "Invalid Token: 'Invalid token'");
  std::string unknown = "arn:aws:states:us-east-1:123456789012:execution:sm:none/A/3";
  ExpectError(executions_->SendTaskHeartbeat(unknown), "TaskDoesNotExist",
              "Task Does Not Exist: 'Provided task does not exist'");
}

TEST_F(ActivitiesTest, APollWaitsForATaskAndEndsEmptyAfterSixtySeconds) {
  CreateMachine(ActivityMachine());
  auto early = Poll("early");
  auto idle = Poll("idle");
  executions_->RunPending();
  EXPECT_FALSE(early->has_value());  // no task yet: the poll waits
  std::string arn = StartOk(kArn, "e", R"({"n":2})");
  executions_->RunPending();
  ASSERT_TRUE(early->has_value());
  ASSERT_TRUE((*early)->ok());
  EXPECT_EQ((**early)->input, R"({"n":2})");  // the longest-waiting worker gets it
  EXPECT_FALSE(idle->has_value());
  clock_.Advance(std::chrono::seconds(60));
  executions_->RunPending();
  ASSERT_TRUE(idle->has_value());
  ASSERT_TRUE((*idle)->ok());
  EXPECT_TRUE((**idle)->task_token.empty());
  ASSERT_TRUE(executions_->SendTaskFailure((**early)->task_token, "Rejected", "no").ok());
  executions_->RunPending();
  ExecutionDescription d = DescribeOk(arn);
  EXPECT_EQ(d.status, "FAILED");
  EXPECT_EQ(d.error, "Rejected");
  EXPECT_EQ(d.cause, "no");
}

TEST_F(ActivitiesTest, HeartbeatsKeepATaskAliveUntilTheyStop) {
  CreateMachine(ActivityMachine(R"(,"HeartbeatSeconds":10,"TimeoutSeconds":100)"));
  std::string arn = StartOk(kArn, "e", "{}");
  std::string token = TakeTask("{}");
  clock_.Advance(std::chrono::seconds(8));
  executions_->RunPending();
  ASSERT_TRUE(executions_->SendTaskHeartbeat(token).ok());
  clock_.Advance(std::chrono::seconds(8));
  executions_->RunPending();
  EXPECT_EQ(DescribeOk(arn).status, "RUNNING");  // 16 s in, 8 s after the heartbeat
  clock_.Advance(std::chrono::seconds(2));
  executions_->RunPending();
  ExecutionDescription d = DescribeOk(arn);
  EXPECT_EQ(d.status, "FAILED");
  EXPECT_EQ(d.error, "States.HeartbeatTimeout");
  EXPECT_EQ(EventTypes(arn).at(4), "ActivityTimedOut");
  MetricDimensions activity{{"ActivityArn", kActivity}};
  EXPECT_EQ(sink_.Sum("ActivitiesScheduled", activity), 1);
  EXPECT_EQ(sink_.Sum("ActivitiesStarted", activity), 1);
  EXPECT_EQ(sink_.Sum("ActivitiesHeartbeatTimedOut", activity), 1);
  EXPECT_EQ(sink_.Sum("ActivitiesTimedOut", activity), 0);
  EXPECT_EQ(sink_.Sum("ActivityRunTime", activity), 1);  // one time, of 18 s
  ExpectError(executions_->SendTaskHeartbeat(token), "TaskTimedOut",
              "Task Timed Out: 'Provided task does not exist anymore'");
}

TEST_F(ActivitiesTest, ATaskNobodyTakesTimesOut) {
  CreateMachine(ActivityMachine(R"(,"TimeoutSeconds":5)"));
  std::string arn = StartOk(kArn, "e", "{}");
  executions_->RunPending();
  clock_.Advance(std::chrono::seconds(5));
  executions_->RunPending();
  EXPECT_EQ(DescribeOk(arn).error, "States.Timeout");
  auto late = Poll();
  executions_->RunPending();
  EXPECT_FALSE(late->has_value());  // the timed-out task is not handed out
}

TEST_F(ActivitiesTest, WaitForTaskTokenHandsTheTokenToTheCallThenWaits) {
  CreateMachine(R"({"StartAt":"T","States":{"T":{"Type":"Task",
      "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      "Parameters":{"MessageBody":{"token.$":"$$.Task.Token"}},"End":true}}})");
  std::string arn = StartOk(kArn, "cb", "{}");
  executions_->RunPending();
  EXPECT_EQ(DescribeOk(arn).status, "RUNNING");
  HistoryRequest request{arn, false, true, {}};
  json::Value scheduled = executions_->History(request)->events.at(2);
  json::Value parameters =
      *json::Parse(scheduled.at("taskScheduledEventDetails").at("parameters").as_string());
  std::string token(parameters.at("MessageBody").at("token").as_string());
  EXPECT_EQ(token.rfind(arn + "/T/", 0), 0u);
  ExpectError(executions_->SendTaskSuccess(token, "{not json"), "InvalidOutput",
              "Invalid State Machine Output: '{not json'");
  ASSERT_TRUE(executions_->SendTaskSuccess(token, R"({"done":1})").ok());
  executions_->RunPending();
  EXPECT_EQ(DescribeOk(arn).output, R"({"done":1})");
  EXPECT_EQ(EventTypes(arn),
            (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                                      "TaskStarted", "TaskSubmitted", "TaskSucceeded",
                                      "TaskStateExited", "ExecutionSucceeded"}));
}

TEST_F(ActivitiesTest, ActivitiesAndTakenTasksSurviveARestart) {
  std::string dir = ::testing::TempDir() + "/activities-restart";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  OpenExecutions(dir + "/executions.db");
  ASSERT_TRUE(executions_->CreateActivity(ctx_, {"approve", nullptr, {{"team", "a"}}}).ok());
  CreateMachine(ActivityMachine());
  std::string arn = StartOk(kArn, "e", R"({"x":1})");
  std::string token = TakeTask(R"({"x":1})");
  ASSERT_TRUE(executions_->WaitDurable(executions_->WriteBarrier()).ok());
  OpenExecutions(dir + "/executions.db");
  auto d = executions_->DescribeActivity(kActivity);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->tags, (Tags{{"team", "a"}}));
  executions_->RunPending();
  ASSERT_TRUE(executions_->SendTaskSuccess(token, "[1]").ok());
  executions_->RunPending();
  EXPECT_EQ(DescribeOk(arn).output, "[1]");
}

}  // namespace
}  // namespace stepshift::engine
