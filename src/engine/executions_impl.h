// Internals shared by the executions*.cc files: the Impl behind Executions' pimpl.
//
// Locking: `mu` guards the indexes and every record's published and scheduling fields. A record
// is stepped by the one thread that set its `busy` flag, which owns its interpreter state until
// it publishes the result, under `mu`, together with queueing the write (so queue order is the
// order readers saw). Nothing slow runs under `mu`: no parsing of definitions, no stepping, no
// task, no metrics delivery.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <queue>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "asl/executor.h"
#include "base/thread_pool.h"
#include "engine/execution_metrics.h"
#include "engine/execution_record.h"
#include "engine/execution_store.h"
#include "engine/executions.h"
#include "engine/map_run_record.h"
#include "engine/page_token.h"
#include "store/committer.h"

namespace stepshift::engine {

// Steps between two looks at the other ready records: fairness for an execution that loops.
inline constexpr int kSliceSteps = 1000;
// How often the timer thread flushes metrics (and looks at the other housekeeping).
inline constexpr Duration kFlushInterval = std::chrono::seconds(1);

struct Executions::Impl {
  explicit Impl(ExecutionsOptions opts) : options(opts), metrics(opts.metrics) {}

  ExecutionsOptions options;
  ControlPlane* plane = nullptr;
  std::unique_ptr<internal::ExecutionStore> store;  // used only by the committer thread
  // Declared after `store`, which its thread uses: destroyed (and drained) first.
  std::unique_ptr<store::Committer> committer;
  PageTokens tokens;
  ExecutionMetrics metrics;
  std::atomic<bool> broken{false};  // a commit failed: every later write fails too

  std::mutex rng_mu;
  std::mt19937_64 rng;

  // Definitions by config (pointer identity, as the control plane shares them) and by key.
  std::mutex snapshot_mu;
  std::unordered_map<const StateMachineConfig*, std::shared_ptr<const internal::MachineSnapshot>>
      snapshots;
  std::map<std::string, std::shared_ptr<const internal::MachineSnapshot>> snapshots_by_key;

  struct Timer {
    Time due;
    uint64_t generation;
    internal::RecordPtr record;

    bool operator>(const Timer& other) const { return due > other.due; }
  };

  std::mutex mu;
  std::condition_variable work_cv;     // workers: a record is ready, or stop
  std::condition_variable timer_cv;    // timer thread: an earlier timer, or stop
  std::condition_variable ended_cv;    // Stop: a record it waits for has ended
  std::condition_variable redrive_cv;  // Redrive: a record's history has been read back
  std::unordered_map<std::string, internal::RecordPtr> by_arn;
  std::unordered_map<std::string, std::deque<internal::RecordPtr>> by_machine;  // start order
  std::set<std::string> stored_configs;  // keys of definitions already queued for the store
  std::deque<internal::RecordPtr> ready;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers;
  std::deque<std::function<void()>> inline_tasks;  // without background threads
  int64_t next_seq = 1;
  uint64_t next_timer = 1;
  bool stopping = false;

  // Closed executions whose histories leave memory once the write (by sequence number) is
  // durable; in write order. Only when the store reads histories back.
  struct Releasable {
    internal::RecordPtr record;
    uint64_t write;       // the write that made its history complete
    int64_t event_count;  // its history then: a redrive since makes the entry stale
  };

  std::deque<Releasable> releasable;
  Time next_flush{};  // Housekeeping's, which only one thread runs
  Time next_purge{};

  // --- Tasks that wait for the outside: callbacks and activities ---
  // A deadline of a task call: its TimeoutSeconds (heartbeat 0) or its heartbeat (generation).
  struct TaskTimer {
    Time due;
    internal::RecordPtr record;
    int64_t id;
    uint64_t heartbeat;

    bool operator>(const TaskTimer& other) const { return due > other.due; }
  };

  // A GetActivityTask poll waiting for a task.
  struct Poller {
    uint64_t id;
    std::string worker;
    std::function<void(Result<ActivityTask>)> done;
  };

  // An activity task nobody has taken yet.
  struct PendingActivityTask {
    internal::RecordPtr record;
    int64_t id;
    std::string input;
  };

  struct Activity {
    ActivityDescription description;
    std::deque<PendingActivityTask> pending;
    std::deque<Poller> pollers;
  };

  // A poll's 60-second deadline.
  struct PollTimer {
    Time due;
    std::string activity;
    uint64_t poller;

    bool operator>(const PollTimer& other) const { return due > other.due; }
  };

  // The calls that SendTask* may answer, by task token.
  std::unordered_map<std::string, std::pair<internal::RecordPtr, int64_t>> task_tokens;
  std::priority_queue<TaskTimer, std::vector<TaskTimer>, std::greater<TaskTimer>> task_timers;
  std::map<std::string, Activity> activities;  // by ARN
  std::priority_queue<PollTimer, std::vector<PollTimer>, std::greater<PollTimer>> poll_timers;
  uint64_t next_poller = 1;

  // .sync calls waiting for child executions, by the child's ARN: (parent, call id).
  std::unordered_map<std::string, std::vector<std::pair<internal::RecordPtr, int64_t>>> parents;

  std::unique_ptr<ThreadPool> task_pool;
  std::vector<std::thread> threads;

  // --- Opening and starting (executions.cc) ---
  Status Load();
  // REQUIRES: the record is loaded and running. Restores its state and queues it.
  Status Reopen(const internal::RecordPtr& r, const std::string& state_text);
  // Task calls that were in flight when the store was written, to dispatch again at Open.
  std::vector<std::pair<internal::RecordPtr, asl::TaskCall>> redispatch;
  // A record for an execution of `target`, not yet admitted: checks the name and input.
  Result<internal::RecordPtr> NewRecord(const StartExecutionRequest& request,
                                        const ExecutionTarget& target);
  // Admits `r` (idempotency, indexes) and claims it for the caller, who then runs its first
  // slice (*admitted true); or answers with the identical start still running (false).
  Result<internal::RecordPtr> Admit(const internal::RecordPtr& r, bool* admitted);
  // StartExecution: the execution started, or the identical one already running.
  Result<internal::RecordPtr> Start(const StartExecutionRequest& request);
  // StopExecution. Never called under mu.
  Result<Time> Stop(const std::string& execution_arn, const std::string& error,
                    const std::string& cause);
  // Stops `r` (held by `lock`, on mu) and returns its stop date.
  Time StopLocked(std::unique_lock<std::mutex>& lock, const internal::RecordPtr& r,
                  const std::string& error, const std::string& cause);
  // RedriveExecution (executions_redrive.cc). Never called under mu.
  Result<Time> Redrive(const std::string& execution_arn, const std::string& client_token);
  // The parsed definition of `config`, shared by every config with the same content.
  // `remember`: keeps it by the config's address too, for configs that live as long as this
  // object (the control plane's and the stored ones).
  Result<std::shared_ptr<const internal::MachineSnapshot>> Snapshot(
      const std::shared_ptr<const StateMachineConfig>& config, bool remember = true);
  double Draw();

  // --- Running (executions_run.cc) ---
  // REQUIRES: mu held. Queues `r` for a worker unless it is queued or being stepped.
  void MakeReady(const internal::RecordPtr& r);
  // REQUIRES: mu held. Makes ready the records whose timers are due at `now`; fires due task
  // deadlines; collects the polls that timed out into *expired, to be answered without mu.
  void FireDue(Time now, std::vector<Poller>* expired);
  // The earliest due time of any timer, or Time::max(). REQUIRES: mu held.
  Time NextDue() const;

  // A map run started, redriven or ended in a run of steps; a start carries its ItemProcessor's
  // snapshot, made without mu, or why that does not parse.
  struct MapRunChange {
    asl::MapRunEvent event;
    std::shared_ptr<const internal::MachineSnapshot> snapshot;
    std::string error;
  };

  // What a run of steps produced, for Publish.
  struct Slice {
    asl::StepResult step;
    std::vector<asl::TaskCall> calls;            // to dispatch
    std::set<int64_t> in_flight;                 // calls the execution still waits for
    internal::EventChunkPtr events;              // new history events, if any
    std::vector<internal::TaskResult> leftover;  // outcomes not delivered yet
    std::vector<MapRunChange> map_runs;
    std::vector<std::string> open_map_runs;  // the map runs the execution still runs
  };

  // Steps a record whose `busy` flag the caller set, at most `budget` steps, then publishes
  // what happened.
  void RunSlice(const internal::RecordPtr& r, int budget = kSliceSteps);
  // Makes a slice's outcome visible, queues its write, cancels the tasks nobody waits for any
  // more, dispatches the new ones, and schedules the record's next run (or reports its end).
  void Publish(const internal::RecordPtr& r, asl::ExecutionState state, Slice slice);
  // REQUIRES: mu held. Runs `r` again now, at its wake-up time, or when an outcome arrives.
  void Schedule(const internal::RecordPtr& r, asl::StepResult step);
  Time StopDate(const internal::ExecutionRecord& r, const asl::ExecutionState& state);
  // Runs `work` on the task pool, or later in RunPending without background threads.
  void Dispatch(std::function<void()> work);
  // `resumed`: dispatched again at Open, after a restart.
  void DispatchTask(const internal::RecordPtr& r, asl::TaskCall call,
                    std::shared_ptr<asl::CancelToken> cancel, bool resumed = false);
  void OnTaskDone(const internal::RecordPtr& r, int64_t id, asl::TaskOutcome outcome);

  // --- Callbacks and activities (executions_callbacks.cc) ---
  // REQUIRES: mu held. Registers a new call: its token and its TimeoutSeconds deadline.
  internal::InFlightTask& Track(const internal::RecordPtr& r, const asl::TaskCall& call);
  // REQUIRES: mu held. A call leaves: its token stops working.
  void Untrack(internal::InFlightTask& task);
  // REQUIRES: mu held. Hands `result` to the record's next run if the call is still in flight.
  void Deliver(const internal::RecordPtr& r, internal::TaskResult result);
  // REQUIRES: mu held. Arms (again) the heartbeat deadline of call `id`.
  void ArmHeartbeat(const internal::RecordPtr& r, int64_t id);
  // REQUIRES: mu held. Queues an activity task, or hands it to a waiting poller (whose answer
  // is added to *answers, to be sent without mu).
  void OfferActivityTask(PendingActivityTask task, std::vector<std::function<void()>>* answers);
  // REQUIRES: mu held. Counts an activity task's end in the AWS/States metrics, once.
  void ActivityEnded(internal::InFlightTask& task, TaskEnd end);

  // --- Nested executions (executions_nested.cc) ---
  // Starts the child execution of a states:startExecution call and answers the call, now or
  // (.sync) when the child ends. Never called under mu.
  void StartNested(const internal::RecordPtr& r, const asl::TaskCall& call);
  // REQUIRES: mu held. Answers the .sync calls waiting for `child`, which has ended.
  void ChildEnded(const internal::ExecutionRecord& child);
  void DeliverChildEnd(const internal::RecordPtr& parent, int64_t id,
                       const internal::ExecutionRecord& child);
  // --- Map runs (executions_map_runs.cc, executions_map_children.cc) ---
  std::unordered_map<std::string, internal::MapRunPtr> map_runs;  // by ARN
  // Express children of map runs by ARN, which DescribeExecution describes (AWS keeps them,
  // unlike other Express executions).
  std::unordered_map<std::string, internal::RecordPtr> express_children;
  // Without mu: takes the map run events of a run of steps and parses new map runs' definitions.
  void TakeMapRunChanges(const internal::RecordPtr& r, asl::Execution& exec, Slice* slice);
  // REQUIRES: mu held. Applies a slice's map run changes, marks ABORTED the map runs of `r` that
  // it no longer runs, and queues their writes.
  void PublishMapRuns(const internal::RecordPtr& r, Slice& slice);
  // REQUIRES: mu held. Queues the write of the map run's row (map runs of Express executions
  // live in memory).
  void PersistMapRun(const internal::MapRunRecord& run);
  // Rebuilds the map runs at Open. REQUIRES: the executions are loaded.
  Status LoadMapRuns(
      const std::map<std::string, std::shared_ptr<const internal::MachineSnapshot>>& by_key);
  // Starts the child execution of a kMapRunChildResource call (or redrives the one of that name,
  // for a redriven map run) and answers the call when the child ends. `resumed`: dispatched
  // again at Open, when the child of that name is the call's own. Never called under mu.
  void StartMapChild(const internal::RecordPtr& r, const asl::TaskCall& call, bool resumed);
  // A new child of `run`, admitted and past its first run of steps.
  Result<internal::RecordPtr> NewMapChild(const internal::MapRunPtr& run, const std::string& name,
                                          const json::Value& input, int64_t item_count);
  // REQUIRES: mu held. Makes call `id` of `parent` wait for `child`'s end (at once if it ended).
  void AwaitChild(const internal::RecordPtr& parent, int64_t id, const internal::RecordPtr& child);
  // REQUIRES: mu held. The purge of `r` takes its map runs and their Express children along
  // (the store deletes their rows with its own).
  void ForgetMapRuns(const internal::ExecutionRecord& r);
  // REQUIRES: mu held. An Express child's end counts in its map run's tally.
  void MapChildEnded(const internal::ExecutionRecord& child);
  // REQUIRES: mu held.
  MapRunDescription DescribeMapRun(const internal::MapRunRecord& run);

  // REQUIRES: mu held. The record and call named by `token`, or an AWS error.
  Result<std::pair<internal::RecordPtr, int64_t>> FindToken(const std::string& token);
  void WorkerLoop();
  void TimerLoop();
  // Flushes metrics and purges expired executions when due. Never called under mu.
  void Housekeeping(Time now);
  // Forgets the executions that stopped before `cutoff`, in memory and on disk.
  void Purge(Time cutoff);
  // REQUIRES: mu held. Queues a write for the committer; returns its sequence number.
  uint64_t Persist(std::function<Status(internal::ExecutionStore&)> write);
  // Drops from memory the histories of closed executions that are durable by now.
  void ReleaseHistories();
};

// Whether a Task's Resource is Step Functions' own StartExecution integration.
bool IsNestedExecution(std::string_view resource);

namespace internal {

// DescribeExecution's view of a record at `now`. REQUIRES: the Executions mutex held.
ExecutionDescription Describe(const ExecutionRecord& r, Time now);
// ListExecutions' view of a record. REQUIRES: the Executions mutex held.
ExecutionListItem ListItem(const ExecutionRecord& r);
// Why the record cannot be redriven at `now` (redriveStatusReason), or nullopt.
// REQUIRES: the Executions mutex held.
std::optional<std::string> RedriveBlocker(const ExecutionRecord& r, Time now);
const char* StatusName(asl::ExecutionStatus status);

}  // namespace internal

}  // namespace stepshift::engine
