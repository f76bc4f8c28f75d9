// Internals of Executions: one record per execution, and the parsed definitions they share.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "asl/definition.h"
#include "asl/execution_state.h"
#include "asl/map_run.h"
#include "asl/task_runner.h"
#include "engine/control_plane.h"
#include "engine/execution_metrics.h"

namespace stepshift::engine {
struct SyncExecutionResult;
}

namespace stepshift::engine::internal {

struct MapRunRecord;

// A definition as executions run it: the config (kept alive and stored once, under `key`) and its
// parsed form.
struct MachineSnapshot {
  std::shared_ptr<const StateMachineConfig> config;
  std::shared_ptr<const asl::StateMachine> machine;
  std::string key;
};

// The history events of one run of steps: their JSON texts in GetExecutionHistory's form, one per
// line (serialized JSON has no raw newline), exactly as stored. Immutable once made, so a record
// and the store's queued write share it.
struct EventChunk {
  int64_t first_id = 1;
  int64_t count = 0;
  std::string lines;
};

using EventChunkPtr = std::shared_ptr<const EventChunk>;

// What happened to a task call, to be delivered to the interpreter by the record's next run.
struct TaskResult {
  enum class Kind { kOutcome, kStarted, kSubmitted } kind = Kind::kOutcome;
  int64_t id = 0;
  asl::TaskOutcome outcome;  // kOutcome; kSubmitted: the service's response in `output`
  std::string worker;        // kStarted: the activity worker's name
};

// A task call in flight, as the engine tracks it.
struct InFlightTask {
  std::shared_ptr<asl::CancelToken> cancel;
  std::string token;     // what SendTask* name it by (activities and callbacks); or empty
  std::string activity;  // the activity ARN, for an activity task
  std::optional<double> heartbeat_seconds;
  uint64_t heartbeat = 0;        // generation of its heartbeat timer; older ones are stale
  bool waits_for_token = false;  // .waitForTaskToken: the runner only submits it
  std::string child;             // a running .sync or map run child, stopped with this call
  bool child_as_json = false;    // .sync:2
  bool map_child = false;        // a map run's child execution (asl::kMapRunChildResource)
  // An activity's metrics: where they go and when it was scheduled and taken by a worker.
  const MetricTarget* metric = nullptr;
  Time scheduled{};
  std::optional<Time> started;
};

struct ExecutionRecord {
  // Fixed at the start.
  int64_t seq = 0;  // start order, and the row id of Standard executions
  std::string arn;
  std::string name;
  std::string state_machine_arn;
  std::string state_machine_name;
  bool express = false;
  std::optional<std::string> version_arn;
  std::optional<std::string> alias_arn;
  std::string input;        // as sent
  asl::Value parsed_input;  // until the first run of steps takes it
  std::optional<std::string> trace_header;
  std::shared_ptr<const MachineSnapshot> snapshot;
  std::optional<std::string> revision_id;
  Time update_date;
  Time start_date;
  const MetricTarget* metrics = nullptr;  // owned by the ExecutionMetrics
  // A map run's child: the map run, and the items it processes (1, or its batch's).
  std::string map_run_arn;
  int64_t item_count = 0;

  // Published: what readers see. Guarded by the Executions mutex.
  asl::ExecutionStatus status = asl::ExecutionStatus::kRunning;
  std::optional<Time> stop_date;
  std::string output;
  std::string error;
  std::string cause;
  std::vector<EventChunkPtr> events;  // the history, in order, unless it is on disk
  int64_t event_count = 0;
  bool events_on_disk = false;  // closed, its history durable and read back from the store
  int64_t redrive_count = 0;
  std::optional<Time> redrive_date;
  std::string redrive_token;  // the clientToken of the last redrive, which repeats it

  // Scheduling, guarded by the Executions mutex.
  bool busy = false;                // a thread is stepping it (and owns `state`)
  bool queued = false;              // waiting for a worker
  bool stored = false;              // its row is queued for the store (Standard executions)
  uint64_t timer = 0;               // the generation of its pending timer; older ones are stale
  std::vector<TaskResult> results;  // task outcomes not yet delivered
  std::optional<std::pair<std::string, std::string>> stop;  // StopExecution's error and cause
  std::map<int64_t, InFlightTask> tasks;                    // calls in flight, by id
  // A RedriveExecution is reading its closed history back from the store. The record stays
  // closed meanwhile; other redrives wait for the read, and the purge leaves it alone.
  bool redriving = false;
  // StartSyncExecution: called once the execution has ended.
  std::function<void(SyncExecutionResult)> on_end;
  // The map runs its distributed Maps started, in start order, and the UpdateMapRun changes for
  // its next run of steps to hand to the interpreter.
  std::vector<std::shared_ptr<MapRunRecord>> map_runs;
  std::vector<std::pair<std::string, asl::MapRunLimits>> map_run_updates;

  // The interpreter's state, owned by whoever has set `busy`. Empty before the first step; after
  // a failure, timeout or abort, where a redrive goes on.
  asl::ExecutionState state;
  bool started = false;
  bool redrive = false;  // the next run of steps redrives the execution

  bool running() const { return status == asl::ExecutionStatus::kRunning; }
};

using RecordPtr = std::shared_ptr<ExecutionRecord>;

}  // namespace stepshift::engine::internal
