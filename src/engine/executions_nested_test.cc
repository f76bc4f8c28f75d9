// Nested executions (states:startExecution, .sync, .sync:2) driven by hand with a FakeClock.
#include <gtest/gtest.h>

#include "engine/executions_test_util.h"

namespace stepshift::engine {
namespace {

const std::string kChildArn = "arn:aws:states:us-east-1:123456789012:stateMachine:child";

class NestedTest : public ExecutionsTest {
 protected:
  // The child machine: waits `seconds`, then passes its input on, or fails if it has "fail".
  void CreateChild(int seconds) {
    CreateStateMachineRequest r = Request("child", true);
    r.config.definition = R"({"StartAt":"W","States":{
        "W":{"Type":"Wait","Seconds":)" +
                          std::to_string(seconds) + R"(,"Next":"C"},
        "C":{"Type":"Choice","Choices":[{"Variable":"$.fail","IsPresent":true,"Next":"F"}],
             "Default":"P"},
        "F":{"Type":"Fail","Error":"Child.Broke","Cause":"asked to"},
        "P":{"Type":"Pass","End":true}}})";
    ASSERT_TRUE(plane_->CreateStateMachine(ctx_, r).ok());
  }

  // A parent whose one Task starts the child through `resource` with `input` (a JSON value).
  void CreateParent(const std::string& resource, const std::string& input,
                    const std::string& child = kChildArn) {
    CreateMachine(R"({"StartAt":"Run","States":{"Run":{"Type":"Task","Resource":")" + resource +
                  R"(","Parameters":{"StateMachineArn":")" + child + R"(","Name":"kid","Input":)" +
                  input + R"(},"End":true}}})");
  }

  json::Value Output(const std::string& arn) {
    ExecutionDescription d = DescribeOk(arn);
    EXPECT_TRUE(d.output) << d.status << " " << d.error.value_or("") << " " << d.cause.value_or("");
    return d.output ? *json::Parse(*d.output) : json::Value();
  }

  const std::string kid_ = "arn:aws:states:us-east-1:123456789012:execution:child:kid";
};

TEST_F(NestedTest, RequestResponseAnswersWithTheStartAndLeavesTheChildRunning) {
  CreateChild(10);
  CreateParent("arn:aws:states:::states:startExecution",
               R"({"x":1,"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$":"$$.Execution.Id"})");
  std::string parent = StartOk(kArn, "p");
  executions_->RunPending();
  json::Value out = Output(parent);
  EXPECT_EQ(out.at("ExecutionArn"), kid_.c_str());
  EXPECT_TRUE(out.at("StartDate").is_int64());
  EXPECT_EQ(out.at("SdkHttpMetadata").at("HttpStatusCode"), 200);
  ExecutionDescription child = DescribeOk(kid_);
  EXPECT_EQ(child.status, "RUNNING");
  EXPECT_EQ(child.input,
            R"({"x":1,"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID":")" + parent + R"("})");
}

TEST_F(NestedTest, SyncWaitsForTheChildAndReportsItsOutputAsText) {
  CreateChild(10);
  CreateParent("arn:aws:states:::states:startExecution.sync", R"({"y":2})");
  std::string parent = StartOk(kArn, "p");
  executions_->RunPending();
  EXPECT_EQ(DescribeOk(parent).status, "RUNNING");
  clock_.Advance(std::chrono::seconds(10));
  executions_->RunPending();
  json::Value out = Output(parent);
  EXPECT_EQ(out.at("Status"), "SUCCEEDED");
  EXPECT_EQ(out.at("Output"), R"({"y":2})");
  EXPECT_EQ(out.at("Input"), R"({"y":2})");
  EXPECT_EQ(out.at("StopDate").as_int64() - out.at("StartDate").as_int64(), 10000);
  std::vector<std::string> types = EventTypes(parent);
  EXPECT_EQ(
      std::vector<std::string>(types.begin() + 2, types.begin() + 6),
      (std::vector<std::string>{"TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded"}));
}

TEST_F(NestedTest, Sync2ReportsJsonAndAFailedChildFailsTheTask) {
  CreateChild(0);
  CreateParent("arn:aws:states:::states:startExecution.sync:2", R"({"fail":true})");
  std::string parent = StartOk(kArn, "p");
  executions_->RunPending();
  ExecutionDescription d = DescribeOk(parent);
  EXPECT_EQ(d.status, "FAILED");
  EXPECT_EQ(d.error, "States.TaskFailed");
  json::Value cause = *json::Parse(*d.cause);
  EXPECT_EQ(cause.at("Status"), "FAILED");
  EXPECT_EQ(cause.at("Error"), "Child.Broke");
  EXPECT_EQ(cause.at("Input"), json::Parse(R"({"fail":true})").value());
}

TEST_F(NestedTest, StoppingTheParentStopsItsSyncChild) {
  CreateChild(100);
  CreateParent("arn:aws:states:::states:startExecution.sync", "{}");
  std::string parent = StartOk(kArn, "p");
  executions_->RunPending();
  ASSERT_TRUE(executions_->Stop(parent, "", "").ok());
  executions_->RunPending();
  EXPECT_EQ(DescribeOk(kid_).status, "ABORTED");
}

TEST_F(NestedTest, AMissingChildFailsTheTaskAsTheSdkReportsIt) {
  CreateParent("arn:aws:states:::states:startExecution.sync", "{}", kChildArn + "-none");
  std::string parent = StartOk(kArn, "p");
  executions_->RunPending();
  ExecutionDescription d = DescribeOk(parent);
  EXPECT_EQ(d.error, "StepFunctions.StateMachineDoesNotExistException");
  EXPECT_EQ(d.cause->rfind("State Machine Does Not Exist: '" + kChildArn +
                               "-none' (Service: AWSStepFunctions; Status Code: 400; Error Code: "
                               "StateMachineDoesNotExist; Request ID: ",
                           0),
            0u)
      << *d.cause;
}

}  // namespace
}  // namespace stepshift::engine
