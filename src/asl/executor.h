// The interpreter: Execution advances an ExecutionState one state transition per Step(). It never
// sleeps and never reads the wall clock itself: time comes from the injected Clock and tasks go
// through the TaskRunner, so the engine can drive, persist and resume executions, and tests run
// hours of Wait states in microseconds.
// Not thread-safe: one Execution is driven by one thread at a time. The StateMachine it reads is
// immutable and may be shared.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "asl/definition.h"
#include "asl/errors.h"
#include "asl/eval_env.h"
#include "asl/execution_state.h"
#include "asl/history.h"
#include "asl/inspection.h"
#include "asl/jsonata_template.h"
#include "asl/map_run.h"
#include "asl/task_runner.h"
#include "base/clock.h"

namespace stepshift::asl {

struct ExecutionOptions {
  // Identity, as the context object ($$) shows it.
  std::string execution_arn = "arn:aws:states:us-east-1:123456789012:execution:local:run";
  std::string execution_name = "run";
  std::string state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:local";
  std::string state_machine_name = "local";
  std::string role_arn = "arn:aws:iam::123456789012:role/stepshift";
  // The version and alias the execution was started through, named by ExecutionStarted; empty
  // for none.
  std::string state_machine_version_arn;
  std::string state_machine_alias_arn;
  std::string region = "us-east-1";
  // Required. Not owned; must outlive the Execution.
  Clock* clock = nullptr;
  // Not owned; nullptr fails every Task with States.TaskFailed.
  TaskRunner* tasks = nullptr;
  // Not owned; nullptr records no history.
  EventSink* events = nullptr;
  // Event timestamps as epoch seconds (a number, the JSON protocol's form) instead of ISO-8601
  // text (the AWS CLI's rendering).
  bool epoch_timestamps = false;
  // Wait states and retry back-offs complete at once; virtual time advances instead, so
  // timestamps and execution timeouts still see the time pass.
  bool skip_waits = false;
  // Task states do not call `tasks`: each invocation is handed to the caller (TakeTaskCalls) and
  // its strand blocks until the caller reports the outcome (CompleteTask). What an engine uses to
  // run tasks elsewhere while other executions go on.
  bool defer_tasks = false;
  // A distributed Map runs as a map run of child executions (asl/map_run.h) instead of as
  // frames of this execution: each child is a deferred call of kMapRunChildResource, and
  // TakeMapRunEvents reports the map runs' starts and ends. REQUIRES: defer_tasks.
  bool map_runs = false;
  // Asked before a Task is scheduled: the reason the resource cannot be used (e.g. "The activity
  // ARN does not exist."), which fails the state with States.Runtime, or nullopt.
  std::function<std::optional<std::string>(std::string_view resource)> check_resource;
  // AWS quotas. 0 disables a limit (benchmarks).
  int64_t max_history_events = 25000;
  size_t max_payload_bytes = 262144;
  // Seeds States.MathRandom without a seed, UUIDs come from base/ids.h.
  uint64_t random_seed = 0x5eed;
  // TestState: what the run reports and what it mocks (asl/inspection.h). Not owned; nullptr
  // for executions.
  Inspection* inspection = nullptr;
  // $$.Execution.RedriveCount; TestState's context object has none (LocalStack's AWS-validated
  // test_state_configuration snapshots: Id, Input, Name, RoleArn, StartTime).
  bool redrive_count_in_context = true;
  // TestState's `context`: members that replace those of the context object ($$), one level
  // deep (e.g. {"Execution": {"Name": "x"}} keeps Execution's other members). Null for none.
  Value context_override;
};

// What the caller should do after a Step.
struct StepResult {
  enum class Kind { kContinue, kWait, kDone } kind = Kind::kContinue;
  // kWait: call Step again at or after this time, or after CompleteTask. Time::max() when only a
  // task's outcome can move the execution on.
  Time wake_time{};
};

class Execution : private EvalEnv {
 public:
  Execution(std::shared_ptr<const StateMachine> machine, ExecutionOptions options);

  // Starts a fresh execution with `input`. `input_text`, when given, is the text `input` was
  // parsed from: AWS echoes it verbatim (spacing included) in ExecutionStarted and in the first
  // state's entry, and only re-serializes what states produce.
  void Start(Value input, std::string input_text = "");
  // Resumes from a persisted state.
  void Resume(ExecutionState state);

  // Advances by one transition (or one wake-up check).
  StepResult Step();
  // Steps until the execution ends, sleeping through the clock (or skipping waits).
  // REQUIRES: !defer_tasks.
  void RunToCompletion();

  // defer_tasks: the invocations started since the last call, each to be run and completed.
  std::vector<TaskCall> TakeTaskCalls();
  // defer_tasks: every invocation in flight, e.g. to dispatch again after Resume.
  std::vector<TaskCall> TaskCallsInFlight() const;
  // Delivers the outcome of call `id`; the execution then goes on as after Step. Returns false,
  // changing nothing, when that call is no longer in flight (its execution ended or a failing
  // sibling branch stopped it). REQUIRES: the last Step returned kWait (no strand can run).
  bool CompleteTask(int64_t id, TaskOutcome outcome);
  // An activity's task was taken by a worker: records ActivityStarted. Returns false when the
  // call is no longer in flight. REQUIRES: as CompleteTask.
  bool TaskStarted(int64_t id, const std::string& worker_name);
  // A .waitForTaskToken or .sync call was accepted by its service, which answered `response`:
  // records TaskSubmitted; the call stays in flight until CompleteTask. REQUIRES: as CompleteTask.
  bool TaskSubmitted(int64_t id, Value response);
  // map_runs: the map runs started, redriven and ended since the last call.
  std::vector<MapRunEvent> TakeMapRunEvents();
  // UpdateMapRun: the running map run `arn` takes the limits that `limits` sets, for the children
  // it starts from now on and the failures still to come; a higher MaxConcurrency starts more
  // children at the next Step. Returns false when no such map run runs. REQUIRES: as CompleteTask.
  bool UpdateMapRun(const std::string& arn, const MapRunLimits& limits);
  // Ends a running execution as ABORTED (StopExecution), recording ExecutionAborted with the
  // given error and cause (either may be empty). Does nothing when the execution has ended.
  void Abort(const std::string& error, const std::string& cause);
  // RedriveExecution: a failed, timed-out or aborted execution runs again from the state that
  // did not finish (only the branches and iterations that did not succeed, for a Parallel or
  // Map), recording ExecutionRedriven. TimeoutSeconds counts from now. REQUIRES: CanRedrive().
  void Redrive();
  bool CanRedrive() const;

  const ExecutionState& state() const { return state_; }

  ExecutionState& mutable_state() { return state_; }

 private:
  // EvalEnv
  const Value& Context() override;
  const Value* Variable(std::string_view name) override;
  std::string NewUuid() override;
  uint64_t NextRandom() override;
  int64_t NowMillis() override;

  Time Now() const;
  const State& StateOf(const Frame& f) const;
  void Bind(size_t frame_index);

  EvalScope ScopeFor(const Value* input) { return EvalScope{input, this}; }

  AslError WithStatePrefix(AslError err) const;

  // Events
  int64_t Emit(std::string_view type, const char* details_key, Object details);
  // An event off the main chain: it names the current last event as its previous one but does
  // not become the last itself (AWS's MapIteration*/MapStateSucceeded/ParallelStateSucceeded).
  int64_t EmitAside(std::string_view type, const char* details_key, Object details);
  int64_t EmitStateEvent(const State& s, bool entered, const Value& payload);
  bool CheckHistoryLimit();
  // Whether an event of `type` would take the history's last id, which AWS keeps for the event
  // that ends the execution.
  bool TakesLastHistoryId(std::string_view type) const;
  AslError HistoryLimitError() const;

  // Flow (executor.cc)
  void EnterState(Frame& f);
  void RunState(Frame& f);
  // Emits the exit event and moves on: to state `next`, or ends the frame when next < 0.
  void ExitState(Frame& f, Value output, int next);

  bool recording() const { return options_.events != nullptr; }

  // TestState (asl/inspection.h): keeps a pipeline value when the inspection level asks for it.
  void Inspect(const char* field, const Value& value) {
    if (options_.inspection != nullptr && options_.inspection->record)
      options_.inspection->data[field] = value;
  }

  // TestState: a mocked Map or Parallel ends with the mock's outcome instead of running its
  // children. Returns false (nothing done) when there is no mock. `length`: the Map's items.
  bool FinishMockedContainer(Frame& f, int64_t length);

  void TransitionTo(Frame& f, int next, Value input);
  void FinishFrame(Value output);
  void FailState(Frame& f, AslError err);
  void FailFrame(AslError err);
  bool TryRetry(Frame& f, const AslError& err);
  bool TryCatch(Frame& f, const AslError& err);
  void EndExecution(ExecutionStatus status, Value output, AslError err);
  // After a failure, timeout or abort: keeps the root frame, reset to enter its state again,
  // for a redrive; a container keeps the results of the children that succeeded.
  void KeepRedrivePoint();
  // When TimeoutSeconds ends the execution; Time::max() without one.
  Time Deadline() const;

  // Input/output pipeline (states/io.cc)
  // The input after InputPath: `raw` itself when InputPath is `$`, else *holder.
  const Value* EffectiveInput(const State& s, const Value& raw, Value* holder, AslError* err);
  // The running state's effective input, or nullptr after failing the state with the path error.
  const Value* InputOrFail(Frame& f, Value* holder);
  bool ApplyResultPath(const ResultPathSpec& spec, Value raw, Value result, Value* out,
                       AslError* err);
  bool ApplyOutputPath(const State& s, Value in, Value* out, AslError* err);
  bool EvaluateAssign(const PayloadTemplate& tpl, const Value& result, Object* out, AslError* err);
  void CommitAssign(Frame& f, Object assigned);
  bool FinishWithResult(Frame& f, Value result);

  // State types (states/*.cc)
  void RunPass(Frame& f);
  void RunChoice(Frame& f);
  void RunWait(Frame& f);
  bool WaitTimestamp(const State& s, const Value& input, int64_t* ms, AslError* err);
  void FinishWait(Frame& f);
  void RunSucceed(Frame& f);
  void RunFail(Frame& f);
  void RunTask(Frame& f);
  // The rest of a Task once its outcome is known: events, then the result or the failure.
  // `submitted`: TaskSubmitted was recorded already.
  void FinishTask(Frame& f, TaskOutcome outcome, bool submitted = false);
  void EmitActivityStarted(const std::string& worker_name);
  // The frame whose call `id` is in flight, or -1.
  int FindTask(int64_t id) const;
  // Makes the blocked strand at `index` the one whose events come next (and whose state runs).
  void BindStrand(int index);
  // A Task's call once its input is made (either language): checks the resource, records
  // TaskScheduled, then runs the call or defers it.
  void ScheduleTask(Frame& f, TaskCall call);
  // Blocks the running strand on `call`, to be completed by the caller (defer_tasks).
  void DeferTask(Frame& f, TaskCall call);
  void EmitTaskScheduled(const State& s, const TaskRequest& req);
  void EmitTaskSubmitted(const State& s, const Value& response);
  void EmitTaskOutcome(const State& s, const TaskOutcome& outcome);
  void RunParallel(Frame& f);
  void RunMap(Frame& f);
  // Map runs (states/map_run.cc). Starts the map run of distributed Map `f` (after
  // EnterIterations): MapRunStarted, or MapRunRedriven when a redrive goes on with the map run
  // it kept. Returns the event's id.
  int64_t StartMapRun(Frame& f, const State& s, int64_t length);
  std::string MapRunLabel(const State& s) const;
  // map_runs: makes `child`, the next iteration of distributed Map `parent`, the call that runs
  // it as a child execution.
  void DeferChildExecution(const Frame& parent, const State& s, Frame* child);
  static bool IsChildExecution(const Frame& f);
  // The child execution of the bound frame ended with `outcome`.
  void ChildExecutionEnded(TaskOutcome outcome);
  void EmitMapRunFailed(const Frame& f, const AslError& err);
  // map_runs: tells the caller that the map run of `f` succeeded or failed.
  void NoteMapRunEnded(const Frame& f, MapRunEvent::Kind kind, const AslError& err = {});
  // ItemReader: the map run cannot read its items (S3 is out of reach) and fails as AWS fails
  // for a missing bucket.
  void FailItemReader(Frame& f);
  // A failed Parallel or Map (its children stopped): Retry, then ...StateFailed and Catch, else
  // the failure of its scope.
  void FailContainer(Frame& f, AslError err);
  // ItemBatcher: replaces f.items by the child executions' inputs, one per batch.
  bool BatchItems(Frame& f, const State& s, const EvalScope& scope, AslError* err);
  // Evaluates the Map's ItemSelector for the item at `index`, which $$.Map.Item names meanwhile.
  bool SelectItem(const State& s, const Value& item, int64_t index, const EvalScope& scope,
                  Value* out, AslError* err);
  int64_t ChildCount(const Frame& f) const;
  bool CanStartChild(const Frame& f) const;
  // Starts the container's next child as the running strand.
  void StartChild(int parent_index);
  // After a child ended (or the container started): starts the next child, finishes the
  // container when all are done, or yields while its children are blocked.
  void ContinueContainer(int index);
  // Parallel: ParallelStateStarted, then the branches start (f.effective is their input).
  void StartBranches(Frame& f);
  // Map: MapStateStarted for `length` items, the iterations ready to start.
  void EnterIterations(Frame& f, int64_t length);
  void ChildSucceeded(Value output);
  void ChildFailed(AslError err);
  // Stops the container's running children (the container fails) and resets it to kEnter.
  void StopContainer(int index);
  // The container's children results are no longer needed (it ended, or was caught).
  static void ForgetChildren(Frame& f);
  // Moves the next child to start past those that succeeded before a redrive.
  static void SkipSucceeded(Frame& f);
  void FinishContainer(Frame& f);

  // JSONata states (states/jsonata_states.cc, states/jsonata_map.cc). Their fields are
  // evaluated with $states as JsonataScope describes; a failed expression records
  // EvaluationFailed and fails the state with States.QueryEvaluationError.
  bool EvalJsonata(const JsonataTemplate& t, JsonataScope& scope, Value* out, AslError* err);
  // The state prefix and the EvaluationFailed event for a query error.
  AslError QueryFailed(AslError err);
  void RunJsonataPass(Frame& f);
  void RunJsonataChoice(Frame& f);
  void RunJsonataWait(Frame& f);
  void FinishJsonataWait(Frame& f);
  void RunJsonataSucceed(Frame& f);
  void RunJsonataFail(Frame& f);
  void RunJsonataTask(Frame& f);
  void RunJsonataParallel(Frame& f);
  void RunJsonataMap(Frame& f);
  bool SelectJsonataItem(const State& s, const Value& item, int64_t index, const Value& input,
                         Value* out, AslError* err);
  // ItemBatcher's limits and BatchInput; 0 for an absent limit.
  bool ResolveJsonataBatch(const State& s, const Value& input, int64_t* max_items,
                           int64_t* max_bytes, Value* batch_input, AslError* err);
  // A numeric field (Seconds, TimeoutSeconds, MaxConcurrency, ...): its literal or its
  // expression's result, an integer (or any number unless `integral`) >= min; unset if absent.
  bool JsonataNumber(const NumberOrPath& spec, JsonataScope& scope, double min, bool integral,
                     std::optional<double>* out, AslError* err);
  // Assign and Output after the state's work; `result` is $states.result when has_result.
  bool FinishJsonata(Frame& f, Value result, bool has_result);
  // Assign and Output of catcher `c` with $states.errorOutput, then its transition.
  void CatchJsonata(Frame& f, const Catcher& c, const AslError& err);

  // Scheduling of strands (executor.cc, executor_strands.cc)
  static bool Sleeping(const Frame& f) {
    return f.phase == FramePhase::kWaiting || f.phase == FramePhase::kRetryWait;
  }

  // A strand that cannot run now: asleep, or waiting for its task's outcome.
  static bool Blocked(const Frame& f) { return Sleeping(f) || f.phase == FramePhase::kTask; }

  // After a strand ran: blocks the strands that went to sleep and ends a run whose history is
  // full. The common tail of Step and CompleteTask.
  StepResult Settle();
  // When every strand is blocked and none sleeps, the execution waits for task outcomes (until
  // its deadline, if any); otherwise nothing can ever wake it.
  StepResult AwaitTasks();

  int IndexOf(const Frame& f) const { return static_cast<int>(&f - state_.frames.data()); }

  // The sleeping strand to wake next: the earliest wake_time, ties in tree order; -1 if none.
  int EarliestWake() const;
  bool TreeBefore(int a, int b) const;
  // The running strand at `index` went to sleep: remember its history link and yield.
  void Block(int index);
  // The strand through `index` cannot go on: the nearest container above that may start another
  // child does so; otherwise no strand runs until one wakes.
  void Yield(int index);
  // Removes a leaf frame and fixes the indexes that pointed past it.
  void RemoveFrame(int index);

  std::shared_ptr<const StateMachine> machine_;
  ExecutionOptions options_;
  ExecutionState state_;
  NoTaskRunner no_tasks_;
  // Seeded on first use: seeding costs more than a short run (TestState's one Pass state).
  std::optional<std::mt19937_64> rng_;

  std::mt19937_64& Rng() {
    if (!rng_)
      rng_.emplace(options_.random_seed);
    return *rng_;
  }

  // Evaluation binding: the frame whose context `$$` and variables describe, and which
  // FinishFrame/FailFrame end.
  size_t bound_frame_ = 0;
  bool context_valid_ = false;
  Value context_;
  const Value* map_item_value_ = nullptr;  // set while evaluating a Map's ItemSelector
  int64_t map_item_index_ = -1;
  // Assignments the next StateExited event reports (only while recording history).
  Object exit_assigned_;
  // The execution input as the caller wrote it, until the first state's entry has reported it.
  std::string start_input_text_;
  // Set when an event was dropped because the history is full; the step then ends the execution.
  bool history_full_ = false;
  // defer_tasks: invocations started and not yet taken by the caller.
  std::vector<TaskCall> new_task_calls_;
  // map_runs: map run events not yet taken by the caller.
  std::vector<MapRunEvent> map_run_events_;
};

}  // namespace stepshift::asl
