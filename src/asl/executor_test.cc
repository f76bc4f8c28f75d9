#include "asl/executor.h"

#include <gtest/gtest.h>

#include "asl/parser.h"
#include "asl/test_util.h"

namespace stepshift::asl {
namespace {

class ExecutorTest : public ::testing::Test {
 protected:
  std::shared_ptr<const StateMachine> Load(const std::string& text) {
    auto def = ParseDefinition(text);
    EXPECT_TRUE(def.ok()) << FormatInvalidDefinition(def.diagnostics);
    return def.machine;
  }

  ExecutionOptions Options() {
    ExecutionOptions o;
    o.clock = &clock_;
    o.tasks = &tasks_;
    return o;
  }

  FakeClock clock_{Time(std::chrono::seconds(1704067200))};
  testing::ScriptedTaskRunner tasks_;
};

TEST_F(ExecutorTest, RetriesWithBackoffThroughTheClock) {
  auto m = Load(R"J({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::x:y",
      "Retry":[{"ErrorEquals":["Boom"],"IntervalSeconds":2,"BackoffRate":3,"MaxAttempts":2}],
      "End":true}}})J");
  tasks_.Script("T", {TaskOutcome::Failure("Boom", "1"), TaskOutcome::Failure("Boom", "2"),
                      TaskOutcome::Success(Value("ok"))});
  Execution e(m, Options());
  e.Start(Object());
  Time start = clock_.Now();
  e.RunToCompletion();
  EXPECT_EQ(e.state().status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(ToJson(e.state().output), R"J("ok")J");
  EXPECT_EQ(clock_.Now() - start, std::chrono::seconds(2 + 6));
}

TEST_F(ExecutorTest, MaxDelayCapsTheBackoff) {
  auto m = Load(R"J({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::x:y",
      "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":10,"BackoffRate":10,
                "MaxAttempts":3,"MaxDelaySeconds":15}],"End":true}}})J");
  tasks_.Script("T", {TaskOutcome::Failure("E", "")});
  Execution e(m, Options());
  e.Start(Object());
  Time start = clock_.Now();
  e.RunToCompletion();
  EXPECT_EQ(e.state().status, ExecutionStatus::kFailed);
  EXPECT_EQ(e.state().error, "E");
  EXPECT_EQ(clock_.Now() - start, std::chrono::seconds(10 + 15 + 15));
  EXPECT_EQ(tasks_.inputs("T").size(), 4u);
}

TEST_F(ExecutorTest, WaitUsesTheClockOrSkips) {
  auto m = Load(R"J({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}})J");
  Execution e(m, Options());
  e.Start(Object{{"a", 1}});
  StepResult r = e.Step();
  ASSERT_EQ(r.kind, StepResult::Kind::kContinue);
  r = e.Step();
  ASSERT_EQ(r.kind, StepResult::Kind::kWait);
  EXPECT_EQ(r.wake_time, clock_.Now() + std::chrono::hours(1));
  clock_.Advance(std::chrono::hours(1));
  e.Step();
  EXPECT_EQ(e.state().status, ExecutionStatus::kSucceeded);

  ExecutionOptions skip = Options();
  skip.skip_waits = true;
  Execution fast(m, skip);
  Time before = clock_.Now();
  fast.Start(Object());
  fast.RunToCompletion();
  EXPECT_EQ(fast.state().status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(clock_.Now(), before);
}

TEST_F(ExecutorTest, ExecutionTimeoutEndsTimedOutWithoutErrorOrCause) {
  auto m = Load(R"J({"TimeoutSeconds":5,"StartAt":"W",
      "States":{"W":{"Type":"Wait","Seconds":60,"End":true}}})J");
  ExecutionOptions o = Options();
  o.skip_waits = true;
  Execution e(m, o);
  e.Start(Object());
  e.RunToCompletion();
  EXPECT_EQ(e.state().status, ExecutionStatus::kTimedOut);
  // As AWS's DescribeExecution records it (localstack test_timeouts, test_global_timeout).
  EXPECT_EQ(e.state().error, "");
  EXPECT_EQ(e.state().cause, "");
}

TEST_F(ExecutorTest, StateSurvivesSerialisationMidMap) {
  auto m = Load(R"J({"StartAt":"M","States":{"M":{"Type":"Map","End":true,
      "ItemProcessor":{"StartAt":"W","States":{
        "W":{"Type":"Wait","Seconds":1,"Next":"P"},
        "P":{"Type":"Pass","Parameters":{"v.$":"States.MathAdd($, 1)"},"End":true}}}}}})J");
  Execution first(m, Options());
  first.Start(Array{Value(1), Value(2), Value(3)});
  StepResult r;
  do {
    r = first.Step();
  } while (r.kind == StepResult::Kind::kContinue);
  ASSERT_EQ(r.kind, StepResult::Kind::kWait);
  std::string saved = ToJson(ToValue(first.state()));
  auto restored = ExecutionStateFromValue(*ParseJson(saved));
  ASSERT_TRUE(restored.ok());
  Execution second(m, Options());
  second.Resume(std::move(*restored));
  second.RunToCompletion();
  ASSERT_EQ(second.state().status, ExecutionStatus::kSucceeded) << second.state().cause;
  EXPECT_EQ(ToJson(second.state().output), R"J([{"v":2},{"v":3},{"v":4}])J");
}

TEST_F(ExecutorTest, HistoryHasAwsShape) {
  auto m = Load(R"J({"StartAt":"A","States":{"A":{"Type":"Pass","Result":1,"End":true}}})J");
  VectorEventSink sink;
  ExecutionOptions o = Options();
  o.events = &sink;
  Execution e(m, o);
  e.Start(Object{{"in", 1}});
  e.RunToCompletion();
  const Array& ev = sink.events();
  ASSERT_EQ(ev.size(), 4u);
  EXPECT_EQ(ev[0].at("type"), "ExecutionStarted");
  EXPECT_EQ(ev[1].at("type"), "PassStateEntered");
  EXPECT_EQ(ev[1].at("previousEventId"), 0);
  EXPECT_EQ(ev[1].at("stateEnteredEventDetails").at("input"), R"J({"in":1})J");
  EXPECT_EQ(ev[2].at("type"), "PassStateExited");
  EXPECT_EQ(ev[2].at("previousEventId"), 2);
  EXPECT_EQ(ev[3].at("type"), "ExecutionSucceeded");
  EXPECT_EQ(ev[3].at("executionSucceededEventDetails").at("output"), "1");
}

// Recorded by AWS (localstack assign/test_assign_base and scenarios snapshots): the input text
// is echoed as sent in ExecutionStarted and the first state's entry; what states produce is
// serialized compactly.
TEST_F(ExecutorTest, HistoryEchoesTheInputTextAsSent) {
  auto m = Load(R"J({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},
      "B":{"Type":"Pass","End":true}}})J");
  VectorEventSink sink;
  ExecutionOptions o = Options();
  o.events = &sink;
  Execution e(m, o);
  e.Start(Array{Value("Hello"), Value("World")}, R"J(["Hello", "World"])J");
  e.RunToCompletion();
  const Array& ev = sink.events();
  ASSERT_EQ(ev.size(), 6u);
  EXPECT_EQ(ev[0].at("executionStartedEventDetails").at("input"), R"J(["Hello", "World"])J");
  EXPECT_EQ(ev[1].at("stateEnteredEventDetails").at("input"), R"J(["Hello", "World"])J");
  EXPECT_EQ(ev[2].at("stateExitedEventDetails").at("output"), R"J(["Hello","World"])J");
  EXPECT_EQ(ev[3].at("stateEnteredEventDetails").at("input"), R"J(["Hello","World"])J");
}

TEST_F(ExecutorTest, HistoryLimitFailsTheExecution) {
  auto loop = Load(R"J({"StartAt":"A","States":{
      "A":{"Type":"Choice","Choices":[{"Variable":"$.x","IsPresent":false,"Next":"A"}],
           "Default":"B"},"B":{"Type":"Succeed"}}})J");
  ExecutionOptions o = Options();
  o.max_history_events = 100;
  Execution e(loop, o);
  e.Start(Object());
  e.RunToCompletion();
  EXPECT_EQ(e.state().status, ExecutionStatus::kFailed);
  EXPECT_EQ(e.state().event_count, 100);
}

// AWS fails the execution with event number 25,000 unless that event is ExecutionSucceeded
// (developer guide, "Avoid reaching the history quota"); scaled down here to a quota of 3 or 4.
TEST_F(ExecutorTest, OnlyTheEndOfTheExecutionMayTakeTheLastHistoryId) {
  auto m = Load(R"J({"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::x:y",
      "End":true}}})J");
  for (int64_t quota : {3, 4, 5, 6, 7}) {
    ExecutionOptions o = Options();
    o.max_history_events = quota;
    VectorEventSink sink;
    o.events = &sink;
    Execution e(m, o);
    size_t invoked_before = tasks_.inputs("A").size();
    e.Start(Object());
    e.RunToCompletion();
    size_t invoked = tasks_.inputs("A").size() - invoked_before;
    // Started, TaskStateEntered, TaskScheduled, TaskStarted, TaskSucceeded, TaskStateExited,
    // ExecutionSucceeded: 7 events.
    const Array& ev = sink.events();
    ASSERT_EQ(ev.size(), static_cast<size_t>(quota)) << quota;
    const Object& last = ev.back().as_object();
    EXPECT_EQ(last.at("previousEventId"), quota - 1);
    if (quota == 7) {
      EXPECT_EQ(e.state().status, ExecutionStatus::kSucceeded);
      continue;
    }
    EXPECT_EQ(invoked, quota >= 5 ? 1u : 0u) << quota;  // never once the history is full
    EXPECT_EQ(e.state().status, ExecutionStatus::kFailed) << quota;
    EXPECT_EQ(last.at("type"), "ExecutionFailed");
    EXPECT_EQ(e.state().error, "States.Runtime");
    EXPECT_EQ(e.state().cause, "The execution reached the maximum number of history events (" +
                                   std::to_string(quota) + ").");
  }
}

TEST_F(ExecutorTest, OversizedPayloadFailsWithDataLimitExceeded) {
  auto m = Load(R"J({"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}})J");
  ExecutionOptions o = Options();
  o.max_payload_bytes = 100;
  Execution e(m, o);
  e.Start(Value(std::string(200, 'x')));
  e.RunToCompletion();
  EXPECT_EQ(e.state().error, "States.DataLimitExceeded");
}

}  // namespace
}  // namespace stepshift::asl
