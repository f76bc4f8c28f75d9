// Map runs (ExecutionOptions::map_runs): a distributed Map's iterations are child executions the
// caller runs; the interpreter still decides concurrency, tolerated failures, order and redrive.
#include <gtest/gtest.h>

#include "asl/executor.h"
#include "asl/parser.h"
#include "asl/test_util.h"

namespace stepshift::asl {
namespace {

const std::string kSm = "arn:aws:states:us-east-1:123456789012:stateMachine:local";

// A distributed map over the input with `extra` fields (JSON members, each followed by a comma).
std::string Distributed(const std::string& extra, const std::string& type = "STANDARD") {
  return R"({"StartAt":"M","States":{"M":{"Type":"Map",)" + extra +
         R"("ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":")" + type +
         R"("},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}})";
}

class MapRunTest : public testing::DeferredExecutionTest {
 protected:
  ExecutionOptions MapRunOptions() {
    ExecutionOptions o = Options();
    o.map_runs = true;
    return o;
  }

  // The calls in flight by item index.
  static std::map<int64_t, TaskCall> ByIndex(std::vector<TaskCall> calls) {
    std::map<int64_t, TaskCall> out;
    for (TaskCall& call : calls) {
      EXPECT_EQ(call.resource, kMapRunChildResource);
      out[call.input.at("index").to_number<int64_t>()] = std::move(call);
    }
    return out;
  }

  void Complete(Execution& e, const TaskCall& call, TaskOutcome outcome) {
    ASSERT_TRUE(e.CompleteTask(call.id, std::move(outcome)));
    Settle(e);
  }

  std::vector<std::string> Types() const {
    std::vector<std::string> out;
    for (const Value& ev : events_.events())
      out.emplace_back(ev.at("type").as_string());
    return out;
  }

  const Value* Event(std::string_view type) const {
    for (const Value& ev : events_.events()) {
      if (ev.at("type").as_string() == type)
        return &ev;
    }
    return nullptr;
  }
};

TEST_F(MapRunTest, ChildrenAreCallsWithinMaxConcurrencyAndResultsKeepItemOrder) {
  Execution e(Load(Distributed(R"("MaxConcurrency":2,"Label":"Each",)")), MapRunOptions());
  e.Start(Array{1, 2, 3});
  Settle(e);
  std::vector<MapRunEvent> runs = e.TakeMapRunEvents();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].kind, MapRunEvent::Kind::kStarted);
  EXPECT_EQ(runs[0].arn.rfind("arn:aws:states:us-east-1:123456789012:mapRun:local/Each:", 0), 0u);
  EXPECT_EQ(runs[0].label, "Each");
  EXPECT_EQ(runs[0].definition, R"({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})");
  EXPECT_EQ(runs[0].max_concurrency, 2);
  EXPECT_EQ(runs[0].item_count, 3);
  EXPECT_EQ(runs[0].child_count, 3);
  EXPECT_FALSE(runs[0].express);

  auto calls = ByIndex(e.TakeTaskCalls());
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].input.at("mapRunArn"), runs[0].arn.c_str());
  EXPECT_EQ(calls[0].input.at("name"), NameUuid(runs[0].arn + "#0").c_str());
  EXPECT_EQ(calls[1].input.at("input"), 2);
  EXPECT_EQ(calls[1].input.at("itemCount"), 1);
  Complete(e, calls[1], TaskOutcome::Success("b"));
  auto third = ByIndex(e.TakeTaskCalls());
  ASSERT_EQ(third.count(2), 1u);
  Complete(e, third[2], TaskOutcome::Success("c"));
  Complete(e, calls[0], TaskOutcome::Success("a"));

  ASSERT_EQ(e.state().status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(ToJson(e.state().output), R"(["a","b","c"])");
  runs = e.TakeMapRunEvents();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].kind, MapRunEvent::Kind::kSucceeded);
  EXPECT_EQ(Types(),
            (std::vector<std::string>{"ExecutionStarted", "MapStateEntered", "MapStateStarted",
                                      "MapRunStarted", "MapRunSucceeded", "MapStateSucceeded",
                                      "MapStateExited", "ExecutionSucceeded"}));
  EXPECT_EQ(Event("MapRunStarted")->at("mapRunStartedEventDetails").at("mapRunArn"),
            runs[0].arn.c_str());
}

TEST_F(MapRunTest, AFailedChildFailsTheMapRunAtTheDefaultThresholdAndStopsTheOthers) {
  Execution e(Load(Distributed("")), MapRunOptions());
  e.Start(Array{1, 2, 3});
  Settle(e);
  auto calls = ByIndex(e.TakeTaskCalls());
  ASSERT_EQ(calls.size(), 3u);  // no MaxConcurrency: no limit
  Complete(e, calls[1], TaskOutcome::Failure("Boom", "broken"));
  ASSERT_EQ(e.state().status, ExecutionStatus::kFailed);
  EXPECT_EQ(e.state().error, "States.ExceedToleratedFailureThreshold");
  EXPECT_EQ(e.state().cause, "The specified tolerated failure threshold was exceeded");
  EXPECT_TRUE(e.TaskCallsInFlight().empty());
  std::vector<MapRunEvent> runs = e.TakeMapRunEvents();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[1].kind, MapRunEvent::Kind::kFailed);
  EXPECT_EQ(runs[1].arn, runs[0].arn);
  EXPECT_EQ(runs[1].error, "States.ExceedToleratedFailureThreshold");
  // Failed: the map run is no longer open, though the root keeps its ARN for a redrive.
  EXPECT_TRUE(OpenMapRuns(e.state()).empty());
}

TEST_F(MapRunTest, UpdateMapRunRaisesTheConcurrencyAndTheToleratedFailures) {
  Execution e(Load(Distributed(R"("MaxConcurrency":1,)")), MapRunOptions());
  e.Start(Array{1, 2, 3});
  Settle(e);
  std::string arn = e.TakeMapRunEvents().at(0).arn;
  EXPECT_EQ(OpenMapRuns(e.state()), std::vector<std::string>{arn});
  auto first = ByIndex(e.TakeTaskCalls());
  ASSERT_EQ(first.size(), 1u);

  EXPECT_FALSE(e.UpdateMapRun(arn + "x", {3, std::nullopt, std::nullopt}));
  ASSERT_TRUE(e.UpdateMapRun(arn, {3, 1, std::nullopt}));
  Settle(e);
  auto more = ByIndex(e.TakeTaskCalls());
  ASSERT_EQ(more.size(), 2u);
  Complete(e, first[0], TaskOutcome::Failure("Boom", "broken"));  // one failure is tolerated now
  Complete(e, more[1], TaskOutcome::Success("b"));
  Complete(e, more[2], TaskOutcome::Success("c"));
  ASSERT_EQ(e.state().status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(ToJson(e.state().output), R"([{"Error":"Boom","Cause":"broken"},"b","c"])");
}

TEST_F(MapRunTest, ARedriveGoesOnWithTheSameMapRunAndOnlyItsUnsuccessfulChildren) {
  Execution e(Load(Distributed("")), MapRunOptions());
  e.Start(Array{1, 2});
  Settle(e);
  std::string arn = e.TakeMapRunEvents().at(0).arn;
  auto calls = ByIndex(e.TakeTaskCalls());
  Complete(e, calls[0], TaskOutcome::Success("a"));
  Complete(e, calls[1], TaskOutcome::Failure("Boom", "broken"));
  ASSERT_EQ(e.state().status, ExecutionStatus::kFailed);
  e.TakeMapRunEvents();

  e.Redrive();
  Settle(e);
  std::vector<MapRunEvent> runs = e.TakeMapRunEvents();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].kind, MapRunEvent::Kind::kRedriven);
  EXPECT_EQ(runs[0].arn, arn);
  const Value* redriven = Event("MapRunRedriven");
  ASSERT_NE(redriven, nullptr);
  EXPECT_EQ(redriven->at("mapRunRedrivenEventDetails").at("redriveCount"), 1);
  auto again = ByIndex(e.TakeTaskCalls());
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[1].input.at("name"), calls[1].input.at("name"));  // the same child
  Complete(e, again[1], TaskOutcome::Success("b"));
  ASSERT_EQ(e.state().status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(ToJson(e.state().output), R"(["a","b"])");
}

TEST_F(MapRunTest, ABatchIsOneChildThatCountsItsItems) {
  Execution e(Load(Distributed(R"("ItemBatcher":{"MaxItemsPerBatch":2},)", "EXPRESS")),
              MapRunOptions());
  e.Start(Array{1, 2, 3});
  Settle(e);
  std::vector<MapRunEvent> runs = e.TakeMapRunEvents();
  EXPECT_TRUE(runs.at(0).express);
  EXPECT_EQ(runs[0].item_count, 3);
  EXPECT_EQ(runs[0].child_count, 2);
  // Without a Label, a name-based UUID of the Map state names the map run.
  EXPECT_EQ(runs[0].label, NameUuid(kSm + "/M"));
  auto calls = ByIndex(e.TakeTaskCalls());
  EXPECT_EQ(calls[0].input.at("itemCount"), 2);
  EXPECT_EQ(calls[1].input.at("itemCount"), 1);
  EXPECT_EQ(ToJson(calls[1].input.at("input")), R"({"Items":[3]})");
}

TEST_F(MapRunTest, AnItemReaderFailsTheMapRunAsAMissingBucketDoes) {
  Execution e(Load(Distributed(R"("ItemReader":{"Resource":"arn:aws:states:::s3:getObject",
      "ReaderConfig":{"InputType":"JSON"},"Parameters":{"Bucket":"b","Key":"k.json"}},)")),
              MapRunOptions());
  e.Start(Object{});
  Settle(e);
  ASSERT_EQ(e.state().status, ExecutionStatus::kFailed);
  EXPECT_EQ(e.state().error, "States.ItemReaderFailed");
  EXPECT_EQ(e.state().cause.rfind("The specified bucket does not exist (Service: Amazon S3; Status "
                                  "Code: 404; Error Code: NoSuchBucket; Request ID: ",
                                  0),
            0u)
      << e.state().cause;
  std::vector<MapRunEvent> runs = e.TakeMapRunEvents();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].item_count, 0);
  EXPECT_EQ(runs[1].kind, MapRunEvent::Kind::kFailed);
  EXPECT_EQ(Types(), (std::vector<std::string>{"ExecutionStarted", "MapStateEntered",
                                               "MapStateStarted", "MapRunStarted", "MapRunFailed",
                                               "MapStateFailed", "ExecutionFailed"}));
}

TEST_F(MapRunTest, AJsonataMapRunsItsItemsAsChildrenToo) {
  Execution e(Load(R"({"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map",
      "Items":"{% $states.input.xs %}","MaxConcurrency":"{% 1 %}","End":true,
      "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
      "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}})"),
              MapRunOptions());
  e.Start(Object{{"xs", Array{"a", "b"}}});
  Settle(e);
  EXPECT_EQ(e.TakeMapRunEvents().at(0).max_concurrency, 1);
  auto calls = ByIndex(e.TakeTaskCalls());
  ASSERT_EQ(calls.size(), 1u);
  Complete(e, calls[0], TaskOutcome::Success("A"));
  auto second = ByIndex(e.TakeTaskCalls());
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[1].input.at("input"), "b");
  Complete(e, second[1], TaskOutcome::Success("B"));
  ASSERT_EQ(e.state().status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(ToJson(e.state().output), R"(["A","B"])");
}

TEST_F(MapRunTest, TheProcessorDefinitionCarriesTheMachinesQueryLanguage) {
  auto machine = Load(R"({"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map",
      "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
      "Comment":"c","StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}})");
  const State& m = machine->scopes[0].states[0];
  EXPECT_EQ(m.processor_definition,
            R"({"Comment":"c","StartAt":"P","States":{"P":{"Type":"Pass","End":true}},)"
            R"("QueryLanguage":"JSONata"})");
  EXPECT_TRUE(ParseDefinition(m.processor_definition).ok());
}

TEST(MapRunLabelTest, LabelsAreCheckedAsAwsDescribesThem) {
  struct Case {
    std::string label;
    std::string message;
  } cases[] = {
      {R"("a b")", "Label contains invalid character: ' '"},
      {R"("a:b")", "Label contains invalid character: ':'"},
      {R"("")", "Label must be between 1 and 40 characters long"},
      {"\"" + std::string(41, 'x') + "\"", "Label must be between 1 and 40 characters long"},
      {"7", "Expected value of type [STRING]"},
  };

  for (const Case& c : cases) {
    auto def = ParseDefinition(Distributed(R"("Label":)" + c.label + ","));
    ASSERT_FALSE(def.ok()) << c.label;
    EXPECT_EQ(def.diagnostics.at(0).message, c.message) << c.label;
    EXPECT_EQ(def.diagnostics.at(0).location, "/States/M/Label") << c.label;
  }
  EXPECT_TRUE(ParseDefinition(Distributed(R"("Label":"Émile-1_x.y",)")).ok());
  auto twice = ParseDefinition(R"({"StartAt":"A","States":{
      "A":{"Type":"Map","Label":"L","Next":"B","ItemProcessor":{"ProcessorConfig":{
        "Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{
        "P":{"Type":"Pass","End":true}}}},
      "B":{"Type":"Map","Label":"L","End":true,"ItemProcessor":{"ProcessorConfig":{
        "Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"Q","States":{
        "Q":{"Type":"Pass","End":true}}}}}})");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.diagnostics.at(0).message, "Label 'L' is not unique in the state machine");
  EXPECT_EQ(twice.diagnostics.at(0).location, "/States/B/Label");
}

TEST(MapRunLabelTest, AnItemReaderNeedsADistributedMapAndAResource) {
  auto inline_map = ParseDefinition(R"({"StartAt":"M","States":{"M":{"Type":"Map","End":true,
      "ItemReader":{"Resource":"arn:aws:states:::s3:getObject"},
      "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}})");
  ASSERT_FALSE(inline_map.ok());
  EXPECT_EQ(inline_map.diagnostics.at(0).message,
            "The field 'ItemReader' is only supported when ProcessorConfig Mode is DISTRIBUTED");
  auto no_resource = ParseDefinition(Distributed(R"("ItemReader":{"ReaderConfig":{}},)"));
  ASSERT_FALSE(no_resource.ok());
  EXPECT_EQ(no_resource.diagnostics.at(0).message, "These fields are required: [Resource]");
  EXPECT_EQ(no_resource.diagnostics.at(0).location, "/States/M/ItemReader");
}

TEST(MapRunLabelTest, NameUuidIsVersion3OfTheName) {
  EXPECT_EQ(NameUuid("hello"), "5d41402a-bc4b-3a76-b971-9d911017c592");
}

}  // namespace
}  // namespace stepshift::asl
