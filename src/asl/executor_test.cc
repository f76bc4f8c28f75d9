#include "asl/executor.h"

#include <gtest/gtest.h>

#include "asl/parser.h"
#include "asl/test_util.h"

namespace stepshift::asl {
namespace {

class ExecutorTest : public ::testing::Test {
 protected:
  std::shared_ptr<const StateMachine> Load(const std::string& text) {
    return testing::LoadMachine(text);
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

// Iterations that wait run side by side; a state saved while all of them sleep resumes them.
TEST_F(ExecutorTest, ResumesAMapWhoseIterationsAllWait) {
  auto m = Load(R"J({"StartAt":"M","States":{"M":{"Type":"Map","End":true,
      "ItemProcessor":{"StartAt":"W","States":{
        "W":{"Type":"Wait","SecondsPath":"$","Next":"P"},
        "P":{"Type":"Pass","Parameters":{"v.$":"States.MathAdd($, 1)"},"End":true}}}}}})J");
  Time start = clock_.Now();
  Execution first(m, Options());
  first.Start(Array{Value(3), Value(1), Value(2)});
  StepResult r;
  do {
    r = first.Step();
  } while (r.kind == StepResult::Kind::kContinue);
  ASSERT_EQ(r.kind, StepResult::Kind::kWait);
  EXPECT_EQ(r.wake_time, start + std::chrono::seconds(1));  // the shortest wait wakes first
  ASSERT_EQ(first.state().frames.size(), 4u);               // the map and its three iterations
  std::string saved = ToJson(ToValue(first.state()));
  auto restored = ExecutionStateFromValue(*ParseJson(saved));
  ASSERT_TRUE(restored.ok());
  EXPECT_EQ(ToJson(ToValue(*restored)), saved);
  VectorEventSink sink;
  ExecutionOptions o = Options();
  o.events = &sink;
  Execution second(m, o);
  second.Resume(std::move(*restored));
  second.RunToCompletion();
  ASSERT_EQ(second.state().status, ExecutionStatus::kSucceeded) << second.state().cause;
  EXPECT_EQ(ToJson(second.state().output), R"J([{"v":4},{"v":2},{"v":3}])J");
  EXPECT_EQ(clock_.Now() - start, std::chrono::seconds(3));
  // Each woken iteration's exit follows its own WaitStateEntered (events 5, 7, 9), in wake order.
  std::vector<std::pair<int64_t, std::string>> exits;
  for (const Value& ev : sink.events()) {
    if (ev.at("type") == "WaitStateExited") {
      exits.emplace_back(ev.at("previousEventId").to_number<int64_t>(),
                         std::string(ev.at("stateExitedEventDetails").at("output").as_string()));
    }
  }
  std::vector<std::pair<int64_t, std::string>> want{{7, "1"}, {9, "2"}, {5, "3"}};
  EXPECT_EQ(exits, want);
}

TEST_F(ExecutorTest, StatesSavedAsAFrameStackStillResume) {
  auto m = Load(R"J({"StartAt":"M","States":{"M":{"Type":"Map","End":true,
      "ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"End":true}}}}}})J");
  Execution first(m, Options());
  first.Start(Array{Value(1), Value(2)});
  StepResult r;
  do {
    r = first.Step();
  } while (r.kind == StepResult::Kind::kContinue);
  // Rewrite the saved state as the stack format wrote it: iteration 1 not started yet.
  Value saved = ToValue(first.state());
  Object& doc = saved.as_object();
  doc.erase("current");
  Array& frames = doc.at("frames").as_array();
  frames.pop_back();
  Object& map = frames[0].as_object();
  map["childIndex"] = 0;
  for (Value& f : frames) {
    for (const char* key : {"parent", "active", "maxActive", "strandLastEventId"})
      f.as_object().erase(key);
  }
  auto restored = ExecutionStateFromValue(saved);
  ASSERT_TRUE(restored.ok());
  Execution second(m, Options());
  second.Resume(std::move(*restored));
  second.RunToCompletion();
  ASSERT_EQ(second.state().status, ExecutionStatus::kSucceeded) << second.state().cause;
  EXPECT_EQ(ToJson(second.state().output), "[1,2]");
}

TEST_F(ExecutorTest, MaxConcurrencyPathLimitsTheIterationsRunningAtOnce) {
  auto m = Load(R"J({"StartAt":"M","States":{"M":{"Type":"Map","End":true,
      "ItemsPath":"$.items","MaxConcurrencyPath":"$.n",
      "ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"End":true}}}}}})J");
  for (auto [n, seconds] : {std::pair{0, 1}, std::pair{1, 4}, std::pair{2, 2}, std::pair{3, 2}}) {
    Execution e(m, Options());
    Time start = clock_.Now();
    e.Start(Object{{"items", Array{Value(1), Value(2), Value(3), Value(4)}}, {"n", n}});
    e.RunToCompletion();
    ASSERT_EQ(e.state().status, ExecutionStatus::kSucceeded) << e.state().cause;
    EXPECT_EQ(ToJson(e.state().output), "[1,2,3,4]");
    EXPECT_EQ(clock_.Now() - start, std::chrono::seconds(seconds)) << "MaxConcurrency " << n;
  }
}

// AWS runs at most 40 iterations of an inline map at once, whatever MaxConcurrency says.
TEST_F(ExecutorTest, InlineMapRunsAtMost40IterationsAtOnce) {
  auto m = Load(R"J({"StartAt":"M","States":{"M":{"Type":"Map","End":true,"MaxConcurrency":100,
      "ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"End":true}}}}}})J");
  for (auto [items, seconds] : {std::pair{40, 1}, std::pair{41, 2}, std::pair{81, 3}}) {
    Array input;
    for (int i = 0; i < items; ++i)
      input.emplace_back(i);
    Execution e(m, Options());
    Time start = clock_.Now();
    e.Start(std::move(input));
    e.RunToCompletion();
    ASSERT_EQ(e.state().status, ExecutionStatus::kSucceeded) << e.state().cause;
    EXPECT_EQ(clock_.Now() - start, std::chrono::seconds(seconds)) << items << " items";
  }
}

TEST_F(ExecutorTest, ExecutionTimeoutCutsConcurrentWaits) {
  auto m = Load(R"J({"TimeoutSeconds":5,"StartAt":"M","States":{"M":{"Type":"Map","End":true,
      "ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$","End":true}}}}}})J");
  for (bool skip : {false, true}) {
    ExecutionOptions o = Options();
    o.skip_waits = skip;
    Execution e(m, o);
    Time start = clock_.Now();
    e.Start(Array{Value(10), Value(3), Value(7)});
    e.RunToCompletion();
    EXPECT_EQ(e.state().status, ExecutionStatus::kTimedOut);
    EXPECT_EQ(clock_.Now() - start + std::chrono::milliseconds(e.state().time_offset_ms),
              std::chrono::seconds(5));
  }
}

TEST_F(ExecutorTest, ARetryBackOffLetsOtherIterationsRun) {
  auto m = Load(R"J({"StartAt":"M","States":{"M":{"Type":"Map","End":true,
      "ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::x:y",
        "Retry":[{"ErrorEquals":["Boom"],"IntervalSeconds":2}],"End":true}}}}}})J");
  tasks_.Script("T", {TaskOutcome::Failure("Boom", ""), TaskOutcome::Success(Value("ok"))});
  Execution e(m, Options());
  Time start = clock_.Now();
  e.Start(Array{Value(0), Value(1)});
  e.RunToCompletion();
  ASSERT_EQ(e.state().status, ExecutionStatus::kSucceeded) << e.state().cause;
  EXPECT_EQ(ToJson(e.state().output), R"J(["ok","ok"])J");
  ASSERT_EQ(tasks_.inputs("T").size(), 3u);
  EXPECT_EQ(ToJson(tasks_.inputs("T")[1]), "1");  // item 1 ran during item 0's back-off
  EXPECT_EQ(clock_.Now() - start, std::chrono::seconds(2));
}

TEST_F(ExecutorTest, AFailingIterationStopsTheWaitingOnes) {
  auto m = Load(R"J({"StartAt":"M","States":{"M":{"Type":"Map","End":true,
      "ItemProcessor":{"StartAt":"C","States":{
        "C":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":0,"Next":"F"}],
             "Default":"W"},
        "F":{"Type":"Fail","Error":"Boom"},
        "W":{"Type":"Wait","SecondsPath":"$","Next":"T"},
        "T":{"Type":"Task","Resource":"arn:aws:states:::x:y","End":true}}}}}})J");
  Execution e(m, Options());
  Time start = clock_.Now();
  e.Start(Array{Value(5), Value(3), Value(0), Value(1)});
  e.RunToCompletion();
  EXPECT_EQ(e.state().status, ExecutionStatus::kFailed);
  EXPECT_EQ(e.state().error, "Boom");
  EXPECT_EQ(clock_.Now(), start);  // at once: nobody waited for the stopped iterations
  EXPECT_TRUE(tasks_.inputs("T").empty());
}

TEST_F(ExecutorTest, SkippedWaitsOfConcurrentIterationsTakeTheLongestOnly) {
  auto m = Load(R"J({"StartAt":"M","States":{"M":{"Type":"Map","End":true,
      "ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$","End":true}}}}}})J");
  ExecutionOptions o = Options();
  o.skip_waits = true;
  Execution e(m, o);
  Time before = clock_.Now();
  e.Start(Array{Value(30), Value(10), Value(20)});
  e.RunToCompletion();
  ASSERT_EQ(e.state().status, ExecutionStatus::kSucceeded) << e.state().cause;
  EXPECT_EQ(clock_.Now(), before);
  EXPECT_EQ(e.state().time_offset_ms, 30000);
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
