// Executions: Standard and Express workflows run on the ASL interpreter inside the engine, pinned
// to the version they started on, with AWS's operations, shapes and messages (shared research
// sfn-api.md and the executions fact sheet). Wire-agnostic like the ControlPlane: the api layer
// has checked member shapes; this layer checks everything that needs state.
//
// Running: a small pool of workers steps executions; waits, retry back-offs and deadlines are
// timers on the injected Clock and hold no thread; Task states run on a separate, growing task
// pool through the TaskRunner, so a slow task holds neither an I/O thread nor a worker.
//
// Durability: every Standard execution's start, each history event and its position (the
// interpreter's state) are written through a group committer, a run of steps in one
// transaction; callers take WriteBarrier() and wait for it before they answer, as with the
// ControlPlane. After a restart open executions continue: waits keep their due time, a task that
// was in flight is dispatched again (at least once, as AWS's tasks). Express executions live in
// memory only, as AWS keeps no history of them.
//
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asl/task_runner.h"
#include "asl/test_state.h"
#include "base/clock.h"
#include "base/json.h"
#include "base/result.h"
#include "engine/control_plane.h"
#include "engine/execution_metrics.h"
#include "engine/map_runs.h"

namespace stepshift::engine {

struct ExecutionsOptions {
  Clock* clock = &SystemClock();  // not owned
  // Runs Task states; not owned. nullptr: every Task fails as a call to a missing function does.
  asl::TaskRunner* tasks = nullptr;
  // Receives the AWS/States metrics; not owned; nullptr records none.
  MetricsSink* metrics = nullptr;
  // Seeds the weighted draw of an alias's version, so that a run is reproducible; unset draws
  // from the OS's entropy.
  std::optional<uint64_t> seed;
  // Closed executions are purged this long after they stopped (AWS keeps them 90 days).
  Duration retention = std::chrono::hours(24 * 90);
  // Background threads step executions and fire timers. Off: nothing runs until RunPending(),
  // which tests call after moving a FakeClock.
  bool background = true;
  // A read-only second connection to the store's file (store::Database::OpenReader), not owned:
  // closed executions' histories are then read back from disk instead of kept in memory. Null
  // (an in-memory store): memory keeps them.
  store::Database* reader = nullptr;
  int workers = 2;         // threads stepping executions
  int task_threads = 256;  // most Task invocations running at once; more wait their turn
  // Test seam: RedriveExecution calls it, without any lock, between claiming an execution whose
  // history is on disk and reading that history back.
  std::function<void(const std::string& execution_arn)> before_redrive_read;
};

struct StartExecutionRequest {
  std::string state_machine_arn;     // unqualified, version or alias
  std::optional<std::string> name;   // a UUID when absent
  std::optional<std::string> input;  // JSON text; "{}" when absent
  std::optional<std::string> trace_header;
};

struct StartExecutionResponse {
  std::string execution_arn;
  Time start_date;
};

struct ExecutionDescription {
  std::string execution_arn;
  std::string state_machine_arn;  // always unqualified
  std::string name;
  std::string status;  // RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED
  Time start_date;
  std::optional<Time> stop_date;
  std::string input;  // as sent
  std::optional<std::string> output;
  std::optional<std::string> error;
  std::optional<std::string> cause;
  std::optional<std::string> trace_header;
  std::optional<std::string> state_machine_version_arn;
  std::optional<std::string> state_machine_alias_arn;
  int64_t redrive_count = 0;
  std::optional<Time> redrive_date;
  std::string redrive_status;  // REDRIVABLE, NOT_REDRIVABLE or REDRIVABLE_BY_MAP_RUN
  std::optional<std::string> redrive_status_reason;
  std::optional<std::string> map_run_arn;  // a map run's child
};

// StartSyncExecution's answer: the description plus what AWS bills for it.
struct SyncExecutionResult {
  ExecutionDescription execution;
  int64_t billed_duration_ms = 0;
  int64_t billed_memory_mb = 0;
};

struct ListExecutionsRequest {
  std::string state_machine_arn;  // unqualified (all), version or alias
  std::optional<std::string> status_filter;
  std::optional<std::string> redrive_filter;  // REDRIVEN or NOT_REDRIVEN
  PageRequest page;
  std::string map_run_arn;  // instead of state_machine_arn: the map run's children
};

struct ExecutionListItem {
  std::string execution_arn;
  std::string state_machine_arn;
  std::string name;
  std::string status;
  Time start_date;
  std::optional<Time> stop_date;
  std::optional<std::string> state_machine_version_arn;
  std::optional<std::string> state_machine_alias_arn;
  int64_t redrive_count = 0;
  std::optional<Time> redrive_date;
  std::optional<std::string> map_run_arn;  // listed by map run: the map run, and the child's items
  std::optional<int64_t> item_count;
};

struct HistoryRequest {
  std::string execution_arn;
  bool reverse_order = false;
  bool include_execution_data = true;
  PageRequest page;
};

// Events in GetExecutionHistory's shape, timestamps as epoch seconds.
struct HistoryPage {
  std::vector<json::Value> events;
  std::optional<std::string> next_token;
};

// DescribeStateMachineForExecution: the definition and settings the execution runs.
struct ExecutionStateMachine {
  std::string state_machine_arn;  // unqualified
  std::string name;
  std::shared_ptr<const StateMachineConfig> config;
  Time update_date;
  std::optional<std::string> revision_id;
  std::optional<std::string> map_run_arn;  // a map run's child: its map run and the Map's label
  std::optional<std::string> label;
};

struct ActivityDescription {
  std::string activity_arn;
  std::string name;
  Time creation_date;
  json::Value encryption;  // encryptionConfiguration as given; null when none was
  Tags tags;
};

struct CreateActivityRequest {
  std::string name;
  json::Value encryption;
  Tags tags;
};

// What GetActivityTask hands a worker; both empty when no task came within the poll's 60 s.
struct ActivityTask {
  std::string task_token;
  std::string input;
};

// TestState's request: the interpreter's part plus the members the engine resolves.
struct TestStateRequest {
  asl::TestStateRequest test;        // its `input` is set from `input` below
  std::optional<std::string> input;  // JSON text; "{}" when absent
  std::optional<std::string> role_arn;
};

// How a Task fails when nothing runs its resource: as AWS fails a call to a Lambda function that
// does not exist (Lambda.ResourceNotFoundException), or States.TaskFailed for other resources.
asl::TaskOutcome MissingTaskOutcome(const asl::TaskRequest& request);

class Executions {
 public:
  // Loads the executions in `db` and continues the open ones. Does not own its arguments; the
  // control plane resolves the ARNs executions start from and must outlive this object, and `db`
  // must be used by nobody else.
  static Result<std::unique_ptr<Executions>> Open(store::Database* db, ControlPlane* plane,
                                                  ExecutionsOptions options);
  // Stops the threads and cancels the tasks in flight; open executions stay open (on disk) and
  // continue at the next Open.
  ~Executions();

  Result<StartExecutionResponse> Start(const StartExecutionRequest& request);
  // StartSyncExecution: runs an Express execution and calls `done` once it has ended, on a worker
  // (at once, on the caller's thread, for an error that stops it from starting).
  void StartSync(const StartExecutionRequest& request,
                 std::function<void(Result<SyncExecutionResult>)> done);
  Result<ExecutionDescription> Describe(const std::string& execution_arn);
  Result<Page<ExecutionListItem>> List(const ListExecutionsRequest& request);
  Result<HistoryPage> History(const HistoryRequest& request);
  // Returns the stop date. The execution's running task, if any, is cancelled.
  Result<Time> Stop(const std::string& execution_arn, const std::string& error,
                    const std::string& cause);
  Result<ExecutionStateMachine> DescribeStateMachine(const std::string& execution_arn);
  // RedriveExecution (executions_redrive.cc): returns the redrive date. The same non-empty
  // `client_token` as the last redrive answers that redrive again.
  Result<Time> Redrive(const std::string& execution_arn, const std::string& client_token);

  // Map runs (executions_map_run_ops.cc): DescribeMapRun, ListMapRuns (newest first) and
  // UpdateMapRun, with AWS's errors (InvalidArn, ResourceNotFound, ExecutionDoesNotExist, and
  // ValidationException CANNOT_UPDATE_COMPLETED_MAP_RUN for a map run that has ended).
  Result<MapRunDescription> DescribeMapRun(const std::string& map_run_arn);
  Result<Page<MapRunListItem>> ListMapRuns(const std::string& execution_arn,
                                           const PageRequest& page);
  Status UpdateMapRun(const UpdateMapRunRequest& request);

  // Activities (executions_activities.cc). An activity's tasks are the Task states whose
  // Resource is its ARN; workers take them with GetActivityTask.
  Result<ActivityDescription> CreateActivity(const CallContext& ctx,
                                             const CreateActivityRequest& request);
  Result<ActivityDescription> DescribeActivity(const std::string& activity_arn);
  Result<Page<ActivityDescription>> ListActivities(const CallContext& ctx, const PageRequest& page);
  Status DeleteActivity(const std::string& activity_arn);
  Status TagActivity(const std::string& activity_arn, const Tags& tags);
  Status UntagActivity(const std::string& activity_arn, const std::vector<std::string>& keys);
  // Answers with a task of the activity as soon as there is one, or with none after 60 s,
  // holding no thread meanwhile. `done` is called once, on any thread (at once for an error).
  void GetActivityTask(const std::string& activity_arn, const std::string& worker,
                       std::function<void(Result<ActivityTask>)> done);

  // Callbacks (executions_callbacks.cc): the answers to activity tasks and to .waitForTaskToken
  // tasks, named by their task token.
  Status SendTaskSuccess(const std::string& token, const std::string& output);
  Status SendTaskFailure(const std::string& token, const std::string& error,
                         const std::string& cause);
  Status SendTaskHeartbeat(const std::string& token);

  // TestState: runs one state once (asl/test_state.h) and calls `done` with the result, at once
  // on the caller's thread unless a Task without a mock runs (then on the task pool). Errors are
  // AWS's: InvalidExecutionInput, InvalidDefinition, ValidationException.
  void TestState(const CallContext& ctx, const TestStateRequest& request,
                 std::function<void(Result<asl::TestStateResponse>)> done);

  // Durability, as ControlPlane's.
  uint64_t WriteBarrier() const;
  bool IsDurable(uint64_t barrier) const;
  void WhenDurable(uint64_t barrier, std::function<void(const Status&)> done) const;
  Status WaitDurable(uint64_t barrier) const;

  // Without background threads: fires the timers due at the clock's time and steps every
  // execution that can move, running tasks inline, until nothing can. Also flushes metrics.
  void RunPending();

 private:
  struct Impl;
  explicit Executions(std::unique_ptr<Impl> impl);
  void RunTestState(std::shared_ptr<asl::StateTest> test,
                    std::function<void(Result<asl::TestStateResponse>)> done);
  Result<Page<ExecutionListItem>> ListMapRunChildren(const ListExecutionsRequest& request);
  std::unique_ptr<Impl> impl_;
};

}  // namespace stepshift::engine
