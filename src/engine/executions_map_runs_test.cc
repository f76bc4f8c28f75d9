// Map runs: distributed Maps whose items run as child executions, driven by hand on a FakeClock.
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/executions_test_util.h"

namespace stepshift::engine {
namespace {

// Children that wait `seconds`, then pass their input on.
std::string WaitingStates(int seconds) {
  return R"({"W":{"Type":"Wait","Seconds":)" + std::to_string(seconds) + R"(,"End":true}})";
}

// Children whose Task fails for an input with "fail" (EchoTasks).
const std::string kTaskStates =
    R"({"W":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true}})";

// A machine whose one state is a distributed Map with `fields` (each followed by a comma).
std::string MapMachine(const std::string& fields, const std::string& states,
                       const std::string& type = "STANDARD") {
  return R"({"StartAt":"M","States":{"M":{"Type":"Map",)" + fields +
         R"("ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":")" + type +
         R"("},"StartAt":"W","States":)" + states + R"(},"End":true}}})";
}

class MapRunsTest : public ExecutionsTest {
 protected:
  // The execution's one map run.
  std::string MapRunOf(const std::string& execution) {
    auto runs = executions_->ListMapRuns(execution, {});
    EXPECT_TRUE(runs.ok()) << runs.status().ToString();
    EXPECT_EQ(runs.ok() ? runs->items.size() : 0u, 1u);
    return runs.ok() && !runs->items.empty() ? runs->items[0].map_run_arn : "";
  }

  MapRunDescription DescribeRun(const std::string& arn) {
    auto d = executions_->DescribeMapRun(arn);
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? *d : MapRunDescription{};
  }

  std::vector<ExecutionListItem> Children(const std::string& map_run) {
    ListExecutionsRequest request;
    request.map_run_arn = map_run;
    auto page = executions_->List(request);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    return page.ok() ? page->items : std::vector<ExecutionListItem>{};
  }

  void Advance(int seconds) {
    clock_.Advance(std::chrono::seconds(seconds));
    executions_->RunPending();
  }
};

TEST_F(MapRunsTest, ItemsRunAsChildExecutionsListedAndCountedByTheMapRun) {
  CreateMachine(MapMachine(R"("Label":"Each","MaxConcurrency":2,)", WaitingStates(10)));
  std::string parent = StartOk(kArn, "p", "[1,2,3]");
  executions_->RunPending();
  auto runs = executions_->ListMapRuns(parent, {});
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->items.size(), 1u);
  const MapRunListItem& item = runs->items[0];
  std::string run = item.map_run_arn;
  EXPECT_EQ(run.rfind("arn:aws:states:us-east-1:123456789012:mapRun:sm/Each:", 0), 0u) << run;
  EXPECT_EQ(item.execution_arn, parent);
  EXPECT_EQ(item.state_machine_arn, kArn + "/Each");
  EXPECT_FALSE(item.stop_date);

  MapRunDescription d = DescribeRun(run);
  EXPECT_EQ(d.status, "RUNNING");
  EXPECT_EQ(d.max_concurrency, 2);
  EXPECT_EQ(d.execution_counts.running, 2);
  EXPECT_EQ(d.execution_counts.pending, 1);
  EXPECT_EQ(d.item_counts.total, 3);
  std::vector<ExecutionListItem> children = Children(run);
  ASSERT_EQ(children.size(), 2u);
  EXPECT_EQ(children[0].execution_arn.rfind(
                "arn:aws:states:us-east-1:123456789012:execution:sm/Each:", 0),
            0u);
  EXPECT_EQ(children[0].state_machine_arn, kArn + "/Each");
  EXPECT_EQ(children[0].map_run_arn, run);
  EXPECT_EQ(children[0].item_count, 1);

  Advance(10);
  EXPECT_EQ(DescribeRun(run).execution_counts.running, 1);
  Advance(10);
  ExecutionDescription p = DescribeOk(parent);
  EXPECT_EQ(p.status, "SUCCEEDED");
  EXPECT_EQ(p.output, "[1,2,3]");
  d = DescribeRun(run);
  EXPECT_EQ(d.status, "SUCCEEDED");
  EXPECT_TRUE(d.stop_date);
  EXPECT_EQ(d.execution_counts.succeeded, 3);
  EXPECT_EQ(d.execution_counts.results_written, 3);
  EXPECT_EQ(d.item_counts.pending, 0);

  ExecutionDescription child = DescribeOk(children[0].execution_arn);
  EXPECT_EQ(child.map_run_arn, run);
  EXPECT_EQ(child.input, "2");  // newest first: the second item's child
  auto machine = executions_->DescribeStateMachine(children[0].execution_arn);
  ASSERT_TRUE(machine.ok());
  EXPECT_EQ(machine->map_run_arn, run);
  EXPECT_EQ(machine->label, "Each");
  EXPECT_EQ(machine->name, "sm/Each");
  EXPECT_EQ(machine->config->definition, R"({"StartAt":"W","States":)" + WaitingStates(10) + "}");
}

TEST_F(MapRunsTest, AVersionStartedParentNamesItsMapRunByTheUnqualifiedMachine) {
  std::string version = CreateMachine(MapMachine(R"("Label":"Each",)", WaitingStates(0)));
  std::string parent = StartOk(version, "p", "[1]");
  executions_->RunPending();
  auto runs = executions_->ListMapRuns(parent, {});
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->items.size(), 1u);
  EXPECT_EQ(
      runs->items[0].map_run_arn.rfind("arn:aws:states:us-east-1:123456789012:mapRun:sm/Each:", 0),
      0u);
  EXPECT_EQ(runs->items[0].state_machine_arn, kArn + "/Each");
  std::vector<ExecutionListItem> children = Children(runs->items[0].map_run_arn);
  ASSERT_EQ(children.size(), 1u);
  EXPECT_FALSE(children[0].state_machine_version_arn);  // the child runs the ItemProcessor
}

TEST_F(MapRunsTest, UpdateMapRunRaisesTheConcurrencyAndIsRefusedOnceTheMapRunEnded) {
  CreateMachine(MapMachine(R"("MaxConcurrency":1,)", WaitingStates(10)));
  std::string parent = StartOk(kArn, "p", "[1,2,3]");
  executions_->RunPending();
  std::string run = MapRunOf(parent);
  EXPECT_EQ(DescribeRun(run).execution_counts.running, 1);
  ASSERT_TRUE(executions_->UpdateMapRun({run, 3, 50.0, 2}).ok());
  executions_->RunPending();
  MapRunDescription d = DescribeRun(run);
  EXPECT_EQ(d.execution_counts.running, 3);
  EXPECT_EQ(d.max_concurrency, 3);
  EXPECT_EQ(d.tolerated_failure_count, 2);
  EXPECT_EQ(d.tolerated_failure_percentage, 50.0);
  Advance(10);
  EXPECT_EQ(DescribeOk(parent).status, "SUCCEEDED");

  Status closed = executions_->UpdateMapRun({run, 5, std::nullopt, std::nullopt});
  EXPECT_EQ(closed.kind(), "ValidationException");
  EXPECT_EQ(closed.reason(), "CANNOT_UPDATE_COMPLETED_MAP_RUN");
  Status unknown = executions_->UpdateMapRun({run + "x", 5, std::nullopt, std::nullopt});
  EXPECT_EQ(unknown.kind(), "ResourceNotFound");
  EXPECT_EQ(unknown.message(), "Resource not found: '" + run + "x'");
  EXPECT_EQ(executions_->DescribeMapRun(parent).status().message(),
            "Invalid Arn: 'Resource type not valid in this context: execution'");
}

TEST_F(MapRunsTest, AFailedChildFailsTheMapRunAndAbortsItsSiblings) {
  CreateMachine(MapMachine("", R"({"W":{"Type":"Choice","Choices":[{"Variable":"$.fail",
      "IsPresent":true,"Next":"F"}],"Default":"P"},"F":{"Type":"Fail","Error":"Child.Broke"},
      "P":{"Type":"Wait","Seconds":100,"End":true}})"));
  std::string parent = StartOk(kArn, "p", R"([{},{"fail":1},{}])");
  executions_->RunPending();
  ExecutionDescription p = DescribeOk(parent);
  EXPECT_EQ(p.status, "FAILED");
  EXPECT_EQ(p.error, "States.ExceedToleratedFailureThreshold");
  MapRunDescription d = DescribeRun(MapRunOf(parent));
  EXPECT_EQ(d.status, "FAILED");
  EXPECT_EQ(d.execution_counts.failed, 1);
  EXPECT_EQ(d.execution_counts.aborted, 2);
  EXPECT_EQ(d.execution_counts.pending_redrive, 3);  // the parent can be redriven
  std::vector<std::string> types = EventTypes(parent);
  EXPECT_EQ(std::vector<std::string>(types.begin() + 3, types.end()),
            (std::vector<std::string>{"MapRunStarted", "MapRunFailed", "MapStateFailed",
                                      "ExecutionFailed"}));
}

TEST_F(MapRunsTest, ARedriveOfTheParentRedrivesTheMapRunAndItsFailedChildren) {
  CreateMachine(MapMachine("", kTaskStates));
  std::string parent = StartOk(kArn, "p", R"([{"n":1},{"fail":1}])");
  executions_->RunPending();
  ASSERT_EQ(DescribeOk(parent).status, "FAILED");
  std::string run = MapRunOf(parent);
  std::vector<ExecutionListItem> before = Children(run);
  ASSERT_EQ(before.size(), 2u);
  EXPECT_EQ(DescribeOk(before[0].execution_arn).redrive_status, "REDRIVABLE_BY_MAP_RUN");

  tasks_.fail_marked = false;
  clock_.Advance(std::chrono::seconds(5));
  ASSERT_TRUE(executions_->Redrive(parent, "").ok());
  executions_->RunPending();
  EXPECT_EQ(DescribeOk(parent).status, "SUCCEEDED");
  MapRunDescription d = DescribeRun(run);
  EXPECT_EQ(d.status, "SUCCEEDED");
  EXPECT_EQ(d.redrive_count, 1);
  EXPECT_EQ(d.redrive_date, clock_.Now());
  EXPECT_EQ(d.execution_counts.succeeded, 2);
  std::vector<ExecutionListItem> after = Children(run);
  ASSERT_EQ(after.size(), 2u);  // the failed child was redriven, not replaced
  EXPECT_EQ(after[0].execution_arn, before[0].execution_arn);
  EXPECT_EQ(after[0].redrive_count, 1);
  std::vector<std::string> types = EventTypes(parent);
  EXPECT_NE(std::find(types.begin(), types.end(), "MapRunRedriven"), types.end());
}

TEST_F(MapRunsTest, StoppingTheParentAbortsTheMapRunAndItsChildren) {
  CreateMachine(MapMachine("", WaitingStates(100)));
  std::string parent = StartOk(kArn, "p", "[1,2]");
  executions_->RunPending();
  std::string run = MapRunOf(parent);
  ASSERT_TRUE(executions_->Stop(parent, "", "").ok());
  executions_->RunPending();
  MapRunDescription d = DescribeRun(run);
  EXPECT_EQ(d.status, "ABORTED");
  EXPECT_EQ(d.execution_counts.aborted, 2);
  for (const ExecutionListItem& child : Children(run))
    EXPECT_EQ(child.status, "ABORTED");
}

TEST_F(MapRunsTest, ExpressChildrenAreListedAndDescribedAndCounted) {
  CreateMachine(MapMachine(R"("ItemBatcher":{"MaxItemsPerBatch":2},)", kTaskStates, "EXPRESS"));
  std::string parent = StartOk(kArn, "p", "[1,2,3]");
  executions_->RunPending();
  EXPECT_EQ(DescribeOk(parent).output, R"([{"Items":[1,2]},{"Items":[3]}])");
  std::string run = MapRunOf(parent);
  std::vector<ExecutionListItem> children = Children(run);
  ASSERT_EQ(children.size(), 2u);
  EXPECT_NE(children[0].execution_arn.find(":express:sm/"), std::string::npos);
  EXPECT_EQ(children[1].item_count, 2);
  EXPECT_EQ(DescribeOk(children[1].execution_arn).status, "SUCCEEDED");
  MapRunDescription d = DescribeRun(run);
  EXPECT_EQ(d.execution_counts.succeeded, 2);
  EXPECT_EQ(d.item_counts.succeeded, 3);
  EXPECT_EQ(d.item_counts.total, 3);
}

TEST_F(MapRunsTest, AnItemReaderFailsTheMapRunAsAMissingBucketDoes) {
  CreateMachine(MapMachine(R"("ItemReader":{"Resource":"arn:aws:states:::s3:getObject",
      "ReaderConfig":{"InputType":"JSON"},"Parameters":{"Bucket":"none","Key":"k"}},)",
                           WaitingStates(1)));
  std::string parent = StartOk(kArn, "p");
  executions_->RunPending();
  ExecutionDescription p = DescribeOk(parent);
  EXPECT_EQ(p.error, "States.ItemReaderFailed");
  EXPECT_NE(p.cause->find("Error Code: NoSuchBucket"), std::string::npos) << *p.cause;
  MapRunDescription d = DescribeRun(MapRunOf(parent));
  EXPECT_EQ(d.status, "FAILED");
  EXPECT_EQ(d.item_counts.total, 0);
}

TEST_F(MapRunsTest, ListMapRunsIsNewestFirstAndPaged) {
  CreateMachine(R"({"StartAt":"A","States":{
      "A":{"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED",
        "ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
        "Label":"First","Next":"B"},
      "B":{"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED",
        "ExecutionType":"STANDARD"},"StartAt":"Q","States":{"Q":{"Type":"Pass","End":true}}},
        "Label":"Second","End":true}}})");
  std::string parent = StartOk(kArn, "p", "[1]");
  executions_->RunPending();
  auto first = executions_->ListMapRuns(parent, {1, std::nullopt});
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 1u);
  EXPECT_NE(first->items[0].map_run_arn.find("/Second:"), std::string::npos);
  ASSERT_TRUE(first->next_token);
  auto second = executions_->ListMapRuns(parent, {1, first->next_token});
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_NE(second->items[0].map_run_arn.find("/First:"), std::string::npos);
  EXPECT_FALSE(second->next_token);
  EXPECT_EQ(executions_->ListMapRuns(parent + "x", {}).status().kind(), "ExecutionDoesNotExist");
}

TEST_F(MapRunsTest, ARunningMapRunGoesOnAfterARestartWithItsCountsRight) {
  std::string dir = ::testing::TempDir() + "/map-runs-restart";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  OpenExecutions(dir + "/executions.db");
  CreateMachine(MapMachine(R"("MaxConcurrency":1,)", WaitingStates(10)));
  std::string parent = StartOk(kArn, "p", "[1,2,3]");
  executions_->RunPending();
  Advance(10);  // the first child is done, the second runs
  std::string run = MapRunOf(parent);
  ASSERT_TRUE(executions_->WaitDurable(executions_->WriteBarrier()).ok());

  OpenExecutions(dir + "/executions.db");
  executions_->RunPending();
  MapRunDescription d = DescribeRun(run);
  EXPECT_EQ(d.status, "RUNNING");
  EXPECT_EQ(d.execution_counts.succeeded, 1);
  EXPECT_EQ(d.execution_counts.running, 1);
  EXPECT_EQ(d.execution_counts.pending, 1);
  Advance(10);
  Advance(10);
  EXPECT_EQ(DescribeOk(parent).output, "[1,2,3]");
  d = DescribeRun(run);
  EXPECT_EQ(d.status, "SUCCEEDED");
  EXPECT_EQ(d.execution_counts.succeeded, 3);
  EXPECT_EQ(Children(run).size(), 3u);  // no child started twice
}

}  // namespace
}  // namespace stepshift::engine
