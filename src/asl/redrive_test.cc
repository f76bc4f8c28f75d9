// Redrive: a failed, timed-out or aborted execution goes on from the state that did not finish,
// and a Parallel or Map runs again only the branches and iterations that did not succeed.
#include <gtest/gtest.h>

#include "asl/executor.h"
#include "asl/parser.h"
#include "asl/test_util.h"

namespace stepshift::asl {
namespace {

class RedriveTest : public testing::DeferredExecutionTest {
 protected:
  // Answers every call in flight: a failure for the resources in `failing`, else its input.
  static void Answer(Execution& e, const std::vector<std::string>& failing) {
    for (const TaskCall& call : e.TakeTaskCalls()) {
      bool fail = std::find(failing.begin(), failing.end(), call.resource) != failing.end();
      e.CompleteTask(call.id, fail ? TaskOutcome::Failure("Boom", "broken")
                                   : TaskOutcome::Success(call.input));
      Settle(e);
    }
  }

  // The resources of the calls in flight.
  std::vector<std::string> Calls(Execution& e) {
    std::vector<std::string> out;
    for (const TaskCall& call : e.TaskCallsInFlight())
      out.push_back(call.resource);
    return out;
  }

  int Count(std::string_view type) const {
    int n = 0;
    for (const Value& ev : events_.events())
      n += ev.at("type").as_string() == type;
    return n;
  }
};

TEST_F(RedriveTest, GoesOnFromTheFailedStateWithItsInputAndKeepsWhatSucceeded) {
  Execution e(Load(R"J({"StartAt":"First","States":{
      "First":{"Type":"Task","Resource":"arn:aws:states:::x:first","ResultPath":"$.first",
               "Next":"Second"},
      "Second":{"Type":"Task","Resource":"arn:aws:states:::x:second","ResultPath":"$.second",
                "End":true}}})J"),
              Options());
  e.Start(Object{{"n", 1}});
  Settle(e);
  Answer(e, {});
  Answer(e, {"arn:aws:states:::x:second"});
  ASSERT_EQ(e.state().status, ExecutionStatus::kFailed);
  ASSERT_TRUE(e.CanRedrive());

  clock_.Advance(std::chrono::seconds(30));
  e.Redrive();
  EXPECT_EQ(e.state().redrive_count, 1);
  Settle(e);
  // Only the failed state runs again, with the input it had.
  std::vector<TaskCall> calls = e.TakeTaskCalls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].resource, "arn:aws:states:::x:second");
  EXPECT_EQ(ToJson(calls[0].input), R"({"n":1,"first":{"n":1}})");
  e.CompleteTask(calls[0].id, TaskOutcome::Success(Value("ok")));
  Settle(e);
  EXPECT_EQ(e.state().status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(ToJson(e.state().output), R"({"n":1,"first":{"n":1},"second":"ok"})");
  EXPECT_FALSE(e.CanRedrive());

  const Array& events = events_.events();
  auto redriven = std::find_if(events.begin(), events.end(), [](const Value& ev) {
    return ev.at("type").as_string() == "ExecutionRedriven";
  });
  ASSERT_NE(redriven, events.end());
  EXPECT_EQ(redriven->at("executionRedrivenEventDetails").at("redriveCount"), 1);
  // It follows the ExecutionFailed event, and the failed state is entered again after it.
  EXPECT_EQ((redriven - 1)->at("type").as_string(), "ExecutionFailed");
  EXPECT_EQ(redriven->at("previousEventId"), (redriven - 1)->at("id"));
  EXPECT_EQ((redriven + 1)->at("type").as_string(), "TaskStateEntered");
  EXPECT_EQ((redriven + 1)->at("stateEnteredEventDetails").at("name").as_string(), "Second");
  EXPECT_EQ(Count("TaskStateEntered"), 3);
}

TEST_F(RedriveTest, AParallelRunsAgainOnlyTheBranchesThatDidNotSucceed) {
  Execution e(Load(R"J({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
    {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::x:a","End":true}}},
    {"StartAt":"B","States":{"B":{"Type":"Task","Resource":"arn:aws:states:::x:b","End":true}}},
    {"StartAt":"C","States":{"C":{"Type":"Task","Resource":"arn:aws:states:::x:c","End":true}}}
  ]}}})J"),
              Options());
  e.Start(Object{{"n", 1}});
  Settle(e);
  // A succeeds, B fails, and C, still running, is stopped with the state.
  std::vector<TaskCall> calls = e.TakeTaskCalls();
  ASSERT_EQ(calls.size(), 3u);
  e.CompleteTask(calls[0].id, TaskOutcome::Success(Value("a")));
  Settle(e);
  e.CompleteTask(calls[1].id, TaskOutcome::Failure("Boom", "broken"));
  Settle(e);
  ASSERT_EQ(e.state().status, ExecutionStatus::kFailed);

  e.Redrive();
  Settle(e);
  EXPECT_EQ(Calls(e), (std::vector<std::string>{"arn:aws:states:::x:b", "arn:aws:states:::x:c"}));
  Answer(e, {});
  ASSERT_EQ(e.state().status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(ToJson(e.state().output), R"(["a",{"n":1},{"n":1}])");
}

TEST_F(RedriveTest, AMapRunsAgainOnlyTheIterationsThatDidNotSucceedAndCanFailAgain) {
  Execution e(Load(R"J({"StartAt":"M","States":{"M":{"Type":"Map","End":true,
    "ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task",
      "Resource":"arn:aws:states:::x:item","End":true}}}}}})J"),
              Options());
  e.Start(Array{1, 2, 3, 4});
  Settle(e);
  std::vector<TaskCall> calls = e.TakeTaskCalls();
  ASSERT_EQ(calls.size(), 4u);
  e.CompleteTask(calls[0].id, TaskOutcome::Success(Value("one")));
  Settle(e);
  e.CompleteTask(calls[2].id, TaskOutcome::Success(Value("three")));
  Settle(e);
  e.CompleteTask(calls[1].id, TaskOutcome::Failure("Boom", "broken"));
  Settle(e);
  ASSERT_EQ(e.state().status, ExecutionStatus::kFailed);
  int started = Count("MapIterationStarted");

  // First redrive: items 2 and 4 run again; 4 fails this time.
  e.Redrive();
  Settle(e);
  calls = e.TakeTaskCalls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(ToJson(calls[0].input), "2");
  EXPECT_EQ(ToJson(calls[1].input), "4");
  EXPECT_EQ(Count("MapIterationStarted"), started + 2);
  e.CompleteTask(calls[0].id, TaskOutcome::Success(Value("two")));
  Settle(e);
  e.CompleteTask(calls[1].id, TaskOutcome::Failure("Boom", "broken"));
  Settle(e);
  ASSERT_EQ(e.state().status, ExecutionStatus::kFailed);

  // Second redrive: only item 4.
  e.Redrive();
  EXPECT_EQ(e.state().redrive_count, 2);
  Settle(e);
  calls = e.TakeTaskCalls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(ToJson(calls[0].input), "4");
  e.CompleteTask(calls[0].id, TaskOutcome::Success(Value("four")));
  Settle(e);
  ASSERT_EQ(e.state().status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(ToJson(e.state().output), R"(["one","two","three","four"])");
}

TEST_F(RedriveTest, ARetryOfTheFailedContainerStillRunsEveryBranch) {
  Execution e(Load(R"J({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,
    "Retry":[{"ErrorEquals":["Boom"],"MaxAttempts":1,"IntervalSeconds":1}],"Branches":[
    {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::x:a","End":true}}},
    {"StartAt":"B","States":{"B":{"Type":"Task","Resource":"arn:aws:states:::x:b","End":true}}}
  ]}}})J"),
              Options());
  e.Start(Object{});
  Settle(e);
  Answer(e, {"arn:aws:states:::x:b"});
  clock_.Advance(std::chrono::seconds(1));
  Settle(e);
  EXPECT_EQ(Calls(e), (std::vector<std::string>{"arn:aws:states:::x:a", "arn:aws:states:::x:b"}));
}

TEST_F(RedriveTest, TheTimeoutCountsFromTheRedriveAndTheContextCountsRedrives) {
  Execution e(Load(R"J({"TimeoutSeconds":10,"StartAt":"W","States":{
      "W":{"Type":"Wait","Seconds":20,"Next":"Ctx"},
      "Ctx":{"Type":"Pass","Parameters":{"count.$":"$$.Execution.RedriveCount",
                                         "time.$":"$$.Execution.RedriveTime"},"End":true}}})J"),
              Options());
  e.Start(Object{});
  StepResult r = Settle(e);
  ASSERT_EQ(r.kind, StepResult::Kind::kWait);
  EXPECT_EQ(r.wake_time, clock_.Now() + std::chrono::seconds(10));
  clock_.Advance(std::chrono::seconds(10));
  Settle(e);
  ASSERT_EQ(e.state().status, ExecutionStatus::kTimedOut);

  clock_.Advance(std::chrono::seconds(100));
  e.Redrive();
  r = Settle(e);
  ASSERT_EQ(r.kind, StepResult::Kind::kWait);
  EXPECT_EQ(r.wake_time, clock_.Now() + std::chrono::seconds(10));  // not already past
  clock_.Advance(std::chrono::seconds(10));
  Settle(e);
  EXPECT_EQ(e.state().status, ExecutionStatus::kTimedOut);
}

TEST_F(RedriveTest, AnAbortedExecutionGoesOnAndItsRedrivePointSurvivesSerialisation) {
  Execution e(Load(R"J({"StartAt":"T","States":{"T":{"Type":"Task",
      "Resource":"arn:aws:states:::x:t","Next":"Ctx"},
      "Ctx":{"Type":"Pass","Parameters":{"count.$":"$$.Execution.RedriveCount",
                                         "time.$":"$$.Execution.RedriveTime"},"End":true}}})J"),
              Options());
  e.Start(Object{{"n", 1}});
  Settle(e);
  e.Abort("Stop", "by hand");
  ASSERT_EQ(e.state().status, ExecutionStatus::kAborted);
  EXPECT_TRUE(e.TaskCallsInFlight().empty());

  Result<ExecutionState> copy = ExecutionStateFromValue(ToValue(e.state()));
  ASSERT_TRUE(copy.ok());
  Execution again(Load(R"J({"StartAt":"T","States":{"T":{"Type":"Task",
      "Resource":"arn:aws:states:::x:t","Next":"Ctx"},
      "Ctx":{"Type":"Pass","Parameters":{"count.$":"$$.Execution.RedriveCount",
                                         "time.$":"$$.Execution.RedriveTime"},"End":true}}})J"),
                  Options());
  again.Resume(std::move(*copy));
  ASSERT_TRUE(again.CanRedrive());
  again.Redrive();
  Settle(again);
  Answer(again, {});
  ASSERT_EQ(again.state().status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(ToJson(again.state().output),
            R"({"count":1,"time":")" + FormatIso8601(clock_.Now()) + R"("})");
}

TEST_F(RedriveTest, ASucceededExecutionCannotBeRedriven) {
  Execution e(Load(R"J({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})J"), Options());
  e.Start(Object{});
  Settle(e);
  EXPECT_EQ(e.state().status, ExecutionStatus::kSucceeded);
  EXPECT_FALSE(e.CanRedrive());
}

}  // namespace
}  // namespace stepshift::asl
