// Executions driven by hand (no background threads) with a FakeClock: routing, pinning, waits,
// tasks, stop, restart, listing, history and metrics.
#include "engine/executions.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <numeric>

#include "engine/executions_test_util.h"

namespace stepshift::engine {
namespace {

TEST_F(ExecutionsTest, AnUnqualifiedStartRunsTheLatestRevisionAndRecordsNoVersion) {
  CreateMachine(R"({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})");
  std::string arn = StartOk(kArn, "run-1", R"({"a": 1})");
  EXPECT_EQ(arn, "arn:aws:states:us-east-1:123456789012:execution:sm:run-1");
  // A short workflow runs to its end within the start.
  ExecutionDescription d = DescribeOk(arn);
  EXPECT_EQ(d.status, "SUCCEEDED");
  EXPECT_EQ(d.state_machine_arn, kArn);
  EXPECT_EQ(d.input, R"({"a": 1})");  // as sent
  EXPECT_EQ(d.output, R"({"a":1})");
  EXPECT_FALSE(d.state_machine_version_arn);
  EXPECT_FALSE(d.state_machine_alias_arn);
  EXPECT_EQ(d.redrive_status, "NOT_REDRIVABLE");
  EXPECT_EQ(d.redrive_status_reason, "Execution is SUCCEEDED and cannot be redriven");
  EXPECT_EQ(EventTypes(arn), (std::vector<std::string>{"ExecutionStarted", "PassStateEntered",
                                                       "PassStateExited", "ExecutionSucceeded"}));
}

TEST_F(ExecutionsTest, AnAliasPinsEachExecutionToTheVersionItDrew) {
  std::string v1 = CreateMachine(WaitThenPass(100, "one"));
  std::string v2 = Publish(WaitThenPass(100, "two"));
  ASSERT_TRUE(plane_->CreateStateMachineAlias({"live", std::nullopt, {{v1, 100}}}).ok());
  std::string alias = kArn + ":live";
  std::string before = StartOk(alias, "before");
  executions_->RunPending();
  ASSERT_TRUE(plane_->UpdateStateMachineAlias({alias, std::nullopt, {{{v2, 100}}}}).ok());
  std::string after = StartOk(alias, "after");
  executions_->RunPending();
  EXPECT_EQ(DescribeOk(before).status, "RUNNING");
  clock_.Advance(std::chrono::seconds(100));
  executions_->RunPending();
  ExecutionDescription b = DescribeOk(before);
  ExecutionDescription a = DescribeOk(after);
  EXPECT_EQ(b.status, "SUCCEEDED");
  EXPECT_EQ(b.output, R"("one")");
  EXPECT_EQ(b.state_machine_version_arn, v1);
  EXPECT_EQ(b.state_machine_alias_arn, alias);
  EXPECT_EQ(a.output, R"("two")");
  EXPECT_EQ(a.state_machine_version_arn, v2);
  HistoryRequest request{before, false, true, {}};
  json::Value started = executions_->History(request)->events.at(0);
  EXPECT_EQ(started.at("executionStartedEventDetails").at("stateMachineVersionArn"), v1.c_str());
  EXPECT_EQ(started.at("executionStartedEventDetails").at("stateMachineAliasArn"), alias.c_str());
}

TEST_F(ExecutionsTest, ADeletedVersionsRunningExecutionsFinishOnIt) {
  std::string v1 = CreateMachine(WaitThenPass(10, "one"));
  std::string arn = StartOk(v1, "pinned");
  executions_->RunPending();
  ASSERT_TRUE(plane_->DeleteStateMachineVersion(v1).ok());
  clock_.Advance(std::chrono::seconds(10));
  executions_->RunPending();
  ExecutionDescription d = DescribeOk(arn);
  EXPECT_EQ(d.output, R"("one")");
  EXPECT_EQ(d.state_machine_version_arn, v1);
  EXPECT_FALSE(d.state_machine_alias_arn);
}

TEST_F(ExecutionsTest, WeightedRoutingFollowsTheWeights) {
  std::string v1 = CreateMachine(R"({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})");
  std::string v2 = Publish(R"({"StartAt":"Q","States":{"Q":{"Type":"Pass","End":true}}})");
  ASSERT_TRUE(plane_->CreateStateMachineAlias({"live", std::nullopt, {{v1, 90}, {v2, 10}}}).ok());
  int on_v2 = 0;
  const int n = 10000;
  for (int i = 0; i < n; ++i) {
    auto started = executions_->Start({kArn + ":live", "e" + std::to_string(i), {}, {}});
    ASSERT_TRUE(started.ok());
  }
  executions_->RunPending();
  ListExecutionsRequest list;
  list.state_machine_arn = v2;
  list.page.max_results = 1000;
  while (true) {
    auto page = executions_->List(list);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    on_v2 += static_cast<int>(page->items.size());
    if (!page->next_token)
      break;
    list.page.next_token = page->next_token;
  }
  // Binomial(10000, 0.1): mean 1000, sd 30; the 99.9 % interval is about ±99.
  EXPECT_GE(on_v2, 1000 - 99);
  EXPECT_LE(on_v2, 1000 + 99);
}

TEST_F(ExecutionsTest, ASameNameStartIsIdempotentWhileRunningAndRefusedOtherwise) {
  CreateMachine(WaitThenPass(5, "x"));
  auto first = executions_->Start({kArn, "job", R"({"n":1})", {}});
  ASSERT_TRUE(first.ok());
  executions_->RunPending();
  clock_.Advance(std::chrono::seconds(1));
  auto again = executions_->Start({kArn, "job", R"({"n":1})", {}});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->execution_arn, first->execution_arn);
  EXPECT_EQ(again->start_date, first->start_date);
  const std::string exists = "Execution Already Exists: '" + first->execution_arn + "'";
  ExpectError(executions_->Start({kArn, "job", R"({"n":2})", {}}).status(),
              "ExecutionAlreadyExists", exists);
  clock_.Advance(std::chrono::seconds(5));
  executions_->RunPending();
  ExpectError(executions_->Start({kArn, "job", R"({"n":1})", {}}).status(),
              "ExecutionAlreadyExists", exists);
}

TEST_F(ExecutionsTest, BadStartsGetAwsErrors) {
  CreateMachine(WaitThenPass(5, "x"));
  ExpectError(executions_->Start({kArn + ":9", {}, {}, {}}).status(), "StateMachineDoesNotExist",
              "State Machine Does Not Exist: '" + kArn + ":9'");
  ExpectError(executions_->Start({kArn + ":nope", {}, {}, {}}).status(), "StateMachineDoesNotExist",
              "State Machine Does Not Exist: '" + kArn + ":nope'");
  ExpectError(executions_->Start({"sm", {}, {}, {}}).status(), "InvalidArn",
              "Invalid Arn: 'Invalid ARN prefix: sm'");
  ExpectError(executions_->Start({kArn, "a b", {}, {}}).status(), "InvalidName",
              "Invalid Name: 'a b'");
  ExpectError(executions_->Start({kArn, {}, "not some json", {}}).status(), "InvalidExecutionInput",
              "Invalid State Machine Execution Input: 'Unrecognized token 'not': was expecting "
              "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')'");
  ExpectError(executions_->Start({kArn, {}, "{'not': 'json'", {}}).status(),
              "InvalidExecutionInput",
              "Invalid State Machine Execution Input: 'Unexpected character (''' (code 39)): was "
              "expecting double-quote to start field name'");
  ExpectError(executions_->Start({kArn, {}, "", {}}).status(), "InvalidExecutionInput",
              "Invalid State Machine Execution Input: 'Invalid execution input.'");
  EXPECT_TRUE(executions_->Start({kArn, {}, "2", {}}).ok());  // any JSON value
}

TEST_F(ExecutionsTest, StopAbortsAndCancelsTheRunningTask) {
  CreateMachine(WaitThenPass(60, "x"));
  std::string arn = StartOk(kArn, "long");
  executions_->RunPending();
  clock_.Advance(std::chrono::seconds(3));
  auto stopped = executions_->Stop(arn, "Manual", "operator");
  ASSERT_TRUE(stopped.ok()) << stopped.status().ToString();
  EXPECT_EQ(*stopped, clock_.Now());
  ExecutionDescription d = DescribeOk(arn);
  EXPECT_EQ(d.status, "ABORTED");
  EXPECT_EQ(d.error, "Manual");
  EXPECT_EQ(d.cause, "operator");
  EXPECT_EQ(d.redrive_status, "REDRIVABLE");
  EXPECT_FALSE(d.redrive_status_reason);
  EXPECT_EQ(EventTypes(arn),
            (std::vector<std::string>{"ExecutionStarted", "WaitStateEntered", "ExecutionAborted"}));
  clock_.Advance(std::chrono::seconds(3));
  EXPECT_EQ(*executions_->Stop(arn, "", ""), *stopped);  // a closed execution stays as it is
  ExpectError(executions_->Stop(arn + "x", "", "").status(), "ExecutionDoesNotExist",
              "Execution Does Not Exist: '" + arn + "x'");
}

TEST_F(ExecutionsTest, TasksRunThroughTheRunnerAndMissingOnesFailAsLambdaDoes) {
  CreateMachine(kTaskMachine);
  std::string ok = StartOk(kArn, "ok", R"({"v":1})");
  std::string failed = StartOk(kArn, "failed", R"({"fail":1})");
  executions_->RunPending();
  EXPECT_EQ(DescribeOk(ok).output, R"({"v":1})");
  ExecutionDescription f = DescribeOk(failed);
  EXPECT_EQ(f.status, "FAILED");
  EXPECT_EQ(f.error, "Boom");
  EXPECT_EQ(f.cause, "asked to fail");

  asl::TaskRequest request;
  std::string function = "arn:aws:lambda:us-east-1:123456789012:function:nope";
  request.resource = function;
  json::Value input = json::Object();
  request.input = &input;
  asl::TaskOutcome missing = MissingTaskOutcome(request);
  EXPECT_EQ(missing.error, "Lambda.ResourceNotFoundException");
  EXPECT_TRUE(missing.cause.starts_with("Function not found: " + function +
                                        " (Service: AWSLambda; Status Code: 404; Error Code: "
                                        "ResourceNotFoundException; Request ID: "))
      << missing.cause;
}

TEST_F(ExecutionsTest, OpenExecutionsContinueAfterARestart) {
  std::string dir = ::testing::TempDir() + "/executions-restart";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  CreateMachine(R"({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":30,"Next":"T"},
      "T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true}}})");
  OpenExecutions(dir + "/executions.db");
  std::string waiting = StartOk(kArn, "waiting", R"({"w":1})");
  executions_->RunPending();
  clock_.Advance(std::chrono::seconds(10));
  std::string fresh = StartOk(kArn, "fresh", R"({"w":2})");  // due 10 s after the other
  Status durable = executions_->WaitDurable(executions_->WriteBarrier());
  ASSERT_TRUE(durable.ok()) << durable.ToString();
  OpenExecutions(dir + "/executions.db");
  EXPECT_EQ(DescribeOk(waiting).status, "RUNNING");
  executions_->RunPending();
  EXPECT_EQ(DescribeOk(waiting).status, "RUNNING");  // the wait kept its due time
  clock_.Advance(std::chrono::seconds(20));
  executions_->RunPending();
  EXPECT_EQ(DescribeOk(waiting).output, R"({"w":1})");
  EXPECT_EQ(DescribeOk(fresh).status, "RUNNING");
  clock_.Advance(std::chrono::seconds(10));
  executions_->RunPending();
  EXPECT_EQ(DescribeOk(fresh).output, R"({"w":2})");
  EXPECT_EQ(EventTypes(waiting),
            (std::vector<std::string>{"ExecutionStarted", "WaitStateEntered", "WaitStateExited",
                                      "TaskStateEntered", "TaskScheduled", "TaskStarted",
                                      "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"}));
}

TEST_F(ExecutionsTest, ClosedHistoriesLeaveMemoryAndAreReadBackFromTheFile) {
  std::string dir = ::testing::TempDir() + "/executions-histories";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  OpenExecutions(dir + "/executions.db");
  CreateMachine(WaitThenPass(5, "x"));
  std::string arn = StartOk(kArn, "h");
  clock_.Advance(std::chrono::seconds(5));
  executions_->RunPending();
  ASSERT_TRUE(executions_->WaitDurable(executions_->WriteBarrier()).ok());
  executions_->RunPending();  // now released: read from the file
  const std::vector<std::string> expected{"ExecutionStarted", "WaitStateEntered",
                                          "WaitStateExited",  "PassStateEntered",
                                          "PassStateExited",  "ExecutionSucceeded"};
  EXPECT_EQ(EventTypes(arn), expected);
  HistoryRequest page{arn, true, true, {2, std::nullopt}};
  auto last_two = executions_->History(page);
  ASSERT_TRUE(last_two.ok()) << last_two.status().ToString();
  ASSERT_EQ(last_two->events.size(), 2u);
  EXPECT_EQ(last_two->events[0].at("id").as_int64(), 6);
  OpenExecutions(dir + "/executions.db");
  EXPECT_EQ(EventTypes(arn), expected);
}

TEST_F(ExecutionsTest, ListingIsNewestFirstFilteredAndPaged) {
  std::string v1 = CreateMachine(WaitThenPass(10, "x"));
  for (int i = 0; i < 5; ++i) {
    StartOk(i % 2 ? v1 : kArn, "e" + std::to_string(i));
    clock_.Advance(std::chrono::seconds(1));
    executions_->RunPending();
  }
  ListExecutionsRequest list;
  list.state_machine_arn = kArn;
  list.page.max_results = 2;
  std::vector<std::string> names;
  while (true) {
    auto page = executions_->List(list);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    for (const ExecutionListItem& item : page->items)
      names.push_back(item.name);
    if (!page->next_token)
      break;
    list.page.next_token = page->next_token;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"e4", "e3", "e2", "e1", "e0"}));
  list = {};
  list.state_machine_arn = v1;
  auto by_version = executions_->List(list);
  ASSERT_EQ(by_version->items.size(), 2u);
  EXPECT_EQ(by_version->items[0].name, "e3");
  EXPECT_EQ(by_version->items[0].state_machine_version_arn, v1);
  list.status_filter = "SUCCEEDED";
  EXPECT_TRUE(executions_->List(list)->items.empty());
  list.page.next_token = "garbage";
  ExpectError(executions_->List(list).status(), "InvalidToken", "Invalid Token: 'Invalid token'");
  list = {};
  list.state_machine_arn = kArn + "x";
  ExpectError(executions_->List(list).status(), "StateMachineDoesNotExist",
              "State Machine Does Not Exist: '" + kArn + "x'");
}

TEST_F(ExecutionsTest, HistoryPagesReversesAndLeavesOutData) {
  CreateMachine(R"({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})");
  std::string arn = StartOk(kArn, "h", R"({"secret":1})");
  executions_->RunPending();
  HistoryRequest request{arn, true, false, {3, std::nullopt}};
  auto first = executions_->History(request);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->events.size(), 3u);
  EXPECT_EQ(first->events[0].at("id").as_int64(), 4);
  EXPECT_EQ(json::Serialize(first->events[0].at("executionSucceededEventDetails")), "{}");
  EXPECT_TRUE(first->events[0].at("timestamp").is_double());
  ASSERT_TRUE(first->next_token);
  request.page.next_token = first->next_token;
  auto second = executions_->History(request);
  ASSERT_EQ(second->events.size(), 1u);
  EXPECT_EQ(second->events[0].at("type"), "ExecutionStarted");
  EXPECT_EQ(json::Serialize(second->events[0].at("executionStartedEventDetails")),
            R"({"roleArn":"arn:aws:iam::123456789012:role/sfn"})");
  EXPECT_FALSE(second->next_token);
  ExpectError(executions_->History({arn + "x", false, true, {}}).status(), "ExecutionDoesNotExist",
              "Execution Does Not Exist: '" + arn + "x'");
  ExpectError(executions_->History({kArn, false, true, {}}).status(), "InvalidArn",
              "Invalid Arn: 'Resource type not valid in this context: stateMachine'");
}

TEST_F(ExecutionsTest, MetricsCountStartsEndsAndTimesPerVersionAndAlias) {
  std::string v1 = CreateMachine(WaitThenPass(2, "x"));
  ASSERT_TRUE(plane_->CreateStateMachineAlias({"live", std::nullopt, {{v1, 100}}}).ok());
  StartOk(kArn + ":live", "m1");
  StartOk(kArn, "m2");
  executions_->RunPending();
  clock_.Advance(std::chrono::seconds(2));
  executions_->RunPending();
  MetricDimensions sm{{"StateMachineArn", kArn}};
  MetricDimensions version{{"StateMachineArn", kArn}, {"Version", "1"}};
  MetricDimensions alias{{"StateMachineArn", kArn}, {"Alias", "live"}};
  EXPECT_EQ(sink_.Sum("ExecutionsStarted", sm), 2);
  EXPECT_EQ(sink_.Sum("ExecutionsSucceeded", sm), 2);
  EXPECT_EQ(sink_.Sum("ExecutionsStarted", version), 1);
  EXPECT_EQ(sink_.Sum("ExecutionsSucceeded", alias), 1);
  EXPECT_EQ(sink_.Sum("ExecutionTime", alias), 1);
  for (const MetricPoint& p : sink_.points) {
    if (p.name == "ExecutionTime") {
      EXPECT_EQ(p.unit, "Milliseconds");
      EXPECT_EQ(p.values, std::vector<double>{2000});
    }
  }
}

TEST_F(ExecutionsTest, TaskMetricsNameTheQualifiedIntegrationOrTheFunction) {
  CreateMachine(R"({"StartAt":"S","States":{
      "S":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","Next":"L"},
      "L":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f",
           "End":true}}})");
  StartOk(kArn, "ok", R"({"v":1})");
  StartOk(kArn, "failed", R"({"fail":1})");
  executions_->RunPending();
  MetricDimensions sqs{
      {"ServiceIntegrationResourceArn", "arn:aws:states:us-east-1:123456789012:sqs:sendMessage"}};
  MetricDimensions lambda{
      {"LambdaFunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:f"}};
  EXPECT_EQ(sink_.Sum("ServiceIntegrationsScheduled", sqs), 2);
  EXPECT_EQ(sink_.Sum("ServiceIntegrationsStarted", sqs), 2);
  EXPECT_EQ(sink_.Sum("ServiceIntegrationsSucceeded", sqs), 1);
  EXPECT_EQ(sink_.Sum("ServiceIntegrationsFailed", sqs), 1);
  EXPECT_EQ(sink_.Sum("ServiceIntegrationTime", sqs), 2);  // two timed calls
  EXPECT_EQ(sink_.Sum("LambdaFunctionsSucceeded", lambda), 1);
  EXPECT_EQ(sink_.Sum("LambdaFunctionRunTime", lambda), 1);
}

TEST_F(ExecutionsTest, ExpressExecutionsRunSynchronouslyAndKeepNoRecord) {
  CreateMachine(R"({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})", "EXPRESS");
  std::optional<Result<SyncExecutionResult>> result;
  executions_->StartSync({kArn, "x", R"({"k":1})", {}},
                         [&](Result<SyncExecutionResult> r) { result = std::move(r); });
  executions_->RunPending();
  ASSERT_TRUE(result && result->ok());
  const ExecutionDescription& d = (*result)->execution;
  EXPECT_TRUE(d.execution_arn.starts_with("arn:aws:states:us-east-1:123456789012:express:sm:x:"));
  EXPECT_EQ(d.output, R"({"k":1})");
  EXPECT_EQ((*result)->billed_duration_ms, 100);
  EXPECT_EQ((*result)->billed_memory_mb, 64);
  ExpectError(executions_->Describe(d.execution_arn).status(), "InvalidArn",
              "Invalid Arn: 'Resource type not valid in this context: express'");
  ListExecutionsRequest list;
  list.state_machine_arn = kArn;
  ExpectError(executions_->List(list).status(), "StateMachineTypeNotSupported",
              "This operation is not supported by this type of state machine");
}

TEST_F(ExecutionsTest, ClosedExecutionsArePurgedAfterTheRetention) {
  CreateMachine(WaitThenPass(24 * 3600, "x"));
  std::string open = StartOk(kArn, "open");
  std::string old = StartOk(kArn, "old");
  ASSERT_TRUE(executions_->Stop(old, "", "").ok());
  executions_->RunPending();
  clock_.Advance(std::chrono::hours(24 * 80));
  std::string recent = StartOk(kArn, "recent");
  ASSERT_TRUE(executions_->Stop(recent, "", "").ok());
  clock_.Advance(std::chrono::hours(24 * 10 + 2));
  executions_->RunPending();
  ExpectError(executions_->Describe(old).status(), "ExecutionDoesNotExist",
              "Execution Does Not Exist: '" + old + "'");
  EXPECT_EQ(DescribeOk(open).status, "SUCCEEDED");  // woken only now: it ended just now
  EXPECT_EQ(DescribeOk(recent).status, "ABORTED");
  ListExecutionsRequest list;
  list.state_machine_arn = kArn;
  EXPECT_EQ(executions_->List(list)->items.size(), 2u);
}

}  // namespace
}  // namespace stepshift::engine
