// The interpreter with deferred tasks (ExecutionOptions::defer_tasks): what an engine sees.
#include <gtest/gtest.h>

#include "asl/executor.h"
#include "asl/parser.h"
#include "asl/test_util.h"

namespace stepshift::asl {
namespace {

class DeferredTasksTest : public testing::DeferredExecutionTest {
 protected:
  // Starts the execution and returns the first task call it makes.
  static TaskCall FirstCall(Execution& e, Value input) {
    e.Start(std::move(input));
    Settle(e);
    return e.TakeTaskCalls().at(0);
  }

  std::vector<std::string> Types() const {
    std::vector<std::string> types;
    for (const Value& e : events_.events())
      types.emplace_back(e.at("type").as_string());
    return types;
  }
};

constexpr const char* kTwoBranches = R"J({"StartAt":"P","States":{"P":{"Type":"Parallel",
  "Branches":[
    {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::x:a","End":true}}},
    {"StartAt":"B","States":{"B":{"Type":"Task","Resource":"arn:aws:states:::x:b","End":true}}}],
  "End":true}}})J";

TEST_F(DeferredTasksTest, ATaskBlocksItsStrandUntilItsOutcomeArrives) {
  Execution e(Load(R"J({"StartAt":"T","States":{"T":{"Type":"Task",
      "Resource":"arn:aws:states:::x:y","Parameters":{"n":1},"End":true}}})J"),
              Options());
  e.Start(Object{{"in", 1}});
  StepResult r = Settle(e);
  ASSERT_EQ(r.kind, StepResult::Kind::kWait);
  EXPECT_EQ(r.wake_time, Time::max());
  std::vector<TaskCall> calls = e.TakeTaskCalls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].state_name, "T");
  EXPECT_EQ(ToJson(calls[0].input), R"({"n":1})");
  EXPECT_TRUE(e.TakeTaskCalls().empty());
  EXPECT_EQ(e.TaskCallsInFlight().size(), 1u);

  ASSERT_TRUE(e.CompleteTask(calls[0].id, TaskOutcome::Success(Value("done"))));
  EXPECT_EQ(Settle(e).kind, StepResult::Kind::kDone);
  EXPECT_EQ(e.state().status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(ToJson(e.state().output), R"("done")");
  EXPECT_EQ(Types(), (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered",
                                               "TaskScheduled", "TaskStarted", "TaskSucceeded",
                                               "TaskStateExited", "ExecutionSucceeded"}));
}

TEST_F(DeferredTasksTest, ParallelBranchesCallTheirTasksAtOnceAndFinishInAnyOrder) {
  Execution e(Load(kTwoBranches), Options());
  e.Start(Object());
  ASSERT_EQ(Settle(e).kind, StepResult::Kind::kWait);
  std::vector<TaskCall> calls = e.TakeTaskCalls();
  ASSERT_EQ(calls.size(), 2u);
  ASSERT_EQ(calls[1].state_name, "B");
  ASSERT_TRUE(e.CompleteTask(calls[1].id, TaskOutcome::Success(Value("b"))));
  ASSERT_EQ(Settle(e).kind, StepResult::Kind::kWait);
  ASSERT_TRUE(e.CompleteTask(calls[0].id, TaskOutcome::Success(Value("a"))));
  EXPECT_EQ(Settle(e).kind, StepResult::Kind::kDone);
  EXPECT_EQ(ToJson(e.state().output), R"(["a","b"])");  // in branch order, whatever the timing
}

TEST_F(DeferredTasksTest, AnOutcomeNobodyWaitsForIsRefused) {
  Execution e(Load(kTwoBranches), Options());
  e.Start(Object());
  Settle(e);
  std::vector<TaskCall> calls = e.TakeTaskCalls();
  // Branch A fails: the Parallel state stops branch B, whose call is no longer in flight.
  ASSERT_TRUE(e.CompleteTask(calls[0].id, TaskOutcome::Failure("Boom", "bad")));
  EXPECT_EQ(Settle(e).kind, StepResult::Kind::kDone);
  EXPECT_EQ(e.state().status, ExecutionStatus::kFailed);
  EXPECT_TRUE(e.TaskCallsInFlight().empty());
  EXPECT_FALSE(e.CompleteTask(calls[1].id, TaskOutcome::Success(Value("late"))));
  EXPECT_FALSE(e.CompleteTask(12345, TaskOutcome::Success(Value())));
}

TEST_F(DeferredTasksTest, TheCallSurvivesSerialisationAndIsInFlightAfterResume) {
  Execution e(Load(R"J({"StartAt":"T","States":{"T":{"Type":"Task",
      "Resource":"arn:aws:states:::x:y","TimeoutSeconds":7,"End":true}}})J"),
              Options());
  int64_t id = FirstCall(e, Object{{"k", "v"}}).id;
  Result<ExecutionState> saved = ExecutionStateFromValue(ToValue(e.state()));
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();

  Execution resumed(Load(R"J({"StartAt":"T","States":{"T":{"Type":"Task",
      "Resource":"arn:aws:states:::x:y","TimeoutSeconds":7,"End":true}}})J"),
                    Options());
  resumed.Resume(std::move(*saved));
  std::vector<TaskCall> again = resumed.TaskCallsInFlight();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].id, id);
  EXPECT_EQ(again[0].timeout_seconds, 7);
  EXPECT_EQ(ToJson(again[0].input), R"({"k":"v"})");
  EXPECT_EQ(Settle(resumed).kind, StepResult::Kind::kWait);
  ASSERT_TRUE(resumed.CompleteTask(id, TaskOutcome::Success(Value(1))));
  EXPECT_EQ(Settle(resumed).kind, StepResult::Kind::kDone);
  EXPECT_EQ(resumed.state().status, ExecutionStatus::kSucceeded);
}

TEST_F(DeferredTasksTest, TheExecutionTimeoutStillAppliesWhileATaskRuns) {
  Execution e(Load(R"J({"TimeoutSeconds":5,"StartAt":"T","States":{"T":{"Type":"Task",
      "Resource":"arn:aws:states:::x:y","End":true}}})J"),
              Options());
  e.Start(Object());
  StepResult r = Settle(e);
  ASSERT_EQ(r.kind, StepResult::Kind::kWait);
  EXPECT_EQ(r.wake_time, clock_.Now() + std::chrono::seconds(5));
  clock_.Advance(std::chrono::seconds(5));
  EXPECT_EQ(Settle(e).kind, StepResult::Kind::kDone);
  EXPECT_EQ(e.state().status, ExecutionStatus::kTimedOut);
  EXPECT_TRUE(e.TaskCallsInFlight().empty());
}

TEST_F(DeferredTasksTest, AbortEndsTheExecutionWithExecutionAborted) {
  Execution e(Load(R"J({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}})J"),
              Options());
  e.Start(Object());
  ASSERT_EQ(Settle(e).kind, StepResult::Kind::kWait);
  e.Abort("Manual", "stopped by a test");
  EXPECT_EQ(e.state().status, ExecutionStatus::kAborted);
  EXPECT_EQ(e.Step().kind, StepResult::Kind::kDone);
  const Value& last = events_.events().back();
  EXPECT_EQ(last.at("type").as_string(), "ExecutionAborted");
  // AWS links the abort to no event (recorded: previousEventId 0).
  EXPECT_EQ(last.at("previousEventId").as_int64(), 0);
  EXPECT_EQ(ToJson(last.at("executionAbortedEventDetails")),
            R"({"error":"Manual","cause":"stopped by a test"})");
  e.Abort("again", "");  // an ended execution stays as it ended
  EXPECT_EQ(events_.events().size(), 3u);
}

TEST_F(DeferredTasksTest, AnActivityIsStartedByItsWorkerAndRecordsActivityEvents) {
  const std::string activity = "arn:aws:states:us-east-1:123456789012:activity:work";
  Execution e(Load(R"J({"StartAt":"A","States":{"A":{"Type":"Task","Resource":")J" + activity +
                   R"J(","HeartbeatSeconds":10,"TimeoutSeconds":60,"End":true}}})J"),
              Options());
  int64_t id = FirstCall(e, Object{{"in", 1}}).id;
  ASSERT_TRUE(e.TaskStarted(id, "worker-1"));
  Settle(e);
  ASSERT_TRUE(e.CompleteTask(id, TaskOutcome::Success(Value("out"))));
  EXPECT_EQ(Settle(e).kind, StepResult::Kind::kDone);
  EXPECT_EQ(Types(),
            (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "ActivityScheduled",
                                      "ActivityStarted", "ActivitySucceeded", "TaskStateExited",
                                      "ExecutionSucceeded"}));
  const Array& events = events_.events();
  EXPECT_EQ(ToJson(events[2].at("activityScheduledEventDetails")),
            R"({"resource":")" + activity +
                R"(","input":"{\"in\":1}","inputDetails":{"truncated":false},)"
                R"("timeoutInSeconds":60,"heartbeatInSeconds":10})");
  EXPECT_EQ(ToJson(events[3].at("activityStartedEventDetails")), R"({"workerName":"worker-1"})");
  EXPECT_EQ(events[4].at("previousEventId").as_int64(), 4);
}

TEST_F(DeferredTasksTest, ACallbackIsSubmittedThenCompletedByItsToken) {
  Execution e(Load(R"J({"StartAt":"C","States":{"C":{"Type":"Task",
      "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      "Parameters":{"MessageBody":{"token.$":"$$.Task.Token"}},"End":true}}})J"),
              Options());
  TaskCall call = FirstCall(e, Object());
  EXPECT_FALSE(call.task_token.empty());
  EXPECT_EQ(call.input.at("MessageBody").at("token").as_string(), call.task_token);
  ASSERT_TRUE(e.TaskSubmitted(call.id, Object{{"MessageId", "m-1"}}));
  EXPECT_EQ(Settle(e).kind, StepResult::Kind::kWait);  // still waiting for the callback
  ASSERT_TRUE(e.CompleteTask(call.id, TaskOutcome::Success(Object{{"answer", 42}})));
  EXPECT_EQ(Settle(e).kind, StepResult::Kind::kDone);
  EXPECT_EQ(ToJson(e.state().output), R"({"answer":42})");
  EXPECT_EQ(Types(),
            (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                                      "TaskStarted", "TaskSubmitted", "TaskSucceeded",
                                      "TaskStateExited", "ExecutionSucceeded"}));
}

TEST_F(DeferredTasksTest, AHeartbeatTimeoutIsATimedOutTask) {
  Execution e(Load(R"J({"StartAt":"C","States":{"C":{"Type":"Task",
      "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","HeartbeatSeconds":5,
      "End":true}}})J"),
              Options());
  int64_t id = FirstCall(e, Object()).id;
  ASSERT_TRUE(e.CompleteTask(id, TaskOutcome::Failure("States.HeartbeatTimeout", "")));
  Settle(e);
  EXPECT_EQ(e.state().error, "States.HeartbeatTimeout");
  EXPECT_EQ(Types().at(4), "TaskTimedOut");
}

TEST_F(DeferredTasksTest, AResourceTheCallerRefusesFailsTheStateBeforeScheduling) {
  ExecutionOptions o = Options();
  o.check_resource = [](std::string_view resource) -> std::optional<std::string> {
    return "The activity " + std::string(resource) + " does not exist.";
  };
  Execution e(Load(R"J({"StartAt":"A","States":{"A":{"Type":"Task",
      "Resource":"arn:aws:states:us-east-1:123456789012:activity:gone","End":true}}})J"),
              o);
  e.Start(Object());
  Settle(e);
  EXPECT_EQ(e.state().error, "States.Runtime");
  EXPECT_EQ(e.state().cause,
            "An error occurred while executing the state 'A' (entered at the event id #2). The "
            "activity arn:aws:states:us-east-1:123456789012:activity:gone does not exist.");
  EXPECT_EQ(Types(),
            (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "ExecutionFailed"}));
}

TEST_F(DeferredTasksTest, AJsonataActivityGetsItsArgumentsAndEvaluatedTimeouts) {
  const std::string activity = "arn:aws:states:us-east-1:123456789012:activity:work";
  Execution e(Load(R"J({"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Task",
      "Resource":")J" +
                   activity + R"J(","Arguments":{"x":"{% $states.input.in + 1 %}"},
      "HeartbeatSeconds":"{% 5 * 2 %}","TimeoutSeconds":60,
      "Output":{"got":"{% $states.result %}"},"End":true}}})J"),
              Options());
  TaskCall call = FirstCall(e, Object{{"in", 1}});
  EXPECT_EQ(ToJson(call.input), R"({"x":2})");
  ASSERT_TRUE(e.TaskStarted(call.id, "worker-1"));
  Settle(e);
  ASSERT_TRUE(e.CompleteTask(call.id, TaskOutcome::Success(Value("out"))));
  EXPECT_EQ(Settle(e).kind, StepResult::Kind::kDone);
  EXPECT_EQ(ToJson(e.state().output), R"({"got":"out"})");
  EXPECT_EQ(ToJson(events_.events()[2].at("activityScheduledEventDetails")),
            R"({"resource":")" + activity +
                R"(","input":"{\"x\":2}","inputDetails":{"truncated":false},)"
                R"("timeoutInSeconds":60,"heartbeatInSeconds":10})");
}

TEST_F(DeferredTasksTest, AJsonataCallbackReadsItsTokenFromStatesContext) {
  Execution e(Load(R"J({"QueryLanguage":"JSONata","StartAt":"C","States":{"C":{"Type":"Task",
      "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      "Arguments":{"MessageBody":{"token":"{% $states.context.Task.Token %}"}},"End":true}}})J"),
              Options());
  TaskCall call = FirstCall(e, Object());
  EXPECT_FALSE(call.task_token.empty());
  EXPECT_EQ(call.input.at("MessageBody").at("token").as_string(), call.task_token);
}

TEST_F(DeferredTasksTest, AResourceTheCallerRefusesFailsAJsonataStateToo) {
  ExecutionOptions o = Options();
  o.check_resource = [](std::string_view) -> std::optional<std::string> {
    return "The activity ARN does not exist.";
  };
  Execution e(Load(R"J({"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Task",
      "Resource":"arn:aws:states:us-east-1:123456789012:activity:gone","End":true}}})J"),
              o);
  e.Start(Object());
  Settle(e);
  EXPECT_EQ(e.state().error, "States.Runtime");
  EXPECT_EQ(Types(),
            (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "ExecutionFailed"}));
}

}  // namespace
}  // namespace stepshift::asl
