// Write-through persistence of Standard executions in SQLite (the file executions.db, apart from
// the control plane's, so that thousands of execution writes a second never queue behind a
// control-plane write): the definitions they run, one row per execution with its interpreter
// state while it runs, its history events, and the map runs of its distributed Maps.
// Thread-safety: the committer thread uses it, and Open's caller before that; only ReadEvents,
// on a connection of its own, may be called from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "engine/execution_record.h"
#include "engine/executions.h"
#include "engine/map_run_record.h"
#include "store/database.h"

namespace stepshift::engine::internal {

// What one run of steps changed: the execution's published fields, its state (absent once it
// has ended) and the events it recorded (null when none).
struct ExecutionProgress {
  int64_t seq = 0;
  asl::ExecutionStatus status = asl::ExecutionStatus::kRunning;
  std::optional<Time> stop_date;
  std::string output;
  std::string error;
  std::string cause;
  std::optional<std::string> state;  // while running, and after a failure (for a redrive)
  int64_t event_count = 0;           // in all, after this run
  EventChunkPtr events;
  int64_t redrive_count = 0;
  std::optional<Time> redrive_date;
};

// An execution as stored; Open's caller completes its record.
struct StoredExecution {
  RecordPtr record;  // the fixed and published parts, its events when loaded; no snapshot
  std::string config_key;
  std::optional<std::string> state;
};

class ExecutionStore {
 public:
  // Migrates `db` and prepares the statements. `reader`, when given, is a read-only connection
  // to the same file (Database::OpenReader) for ReadEvents; both must outlive the store.
  static Result<std::unique_ptr<ExecutionStore>> Open(store::Database* db,
                                                      store::Database* reader = nullptr);

  // Whether closed executions' events can be read back (ReadEvents), so that memory need not
  // keep them.
  bool reads_events() const { return reader_ != nullptr; }

  // The stored events of execution `seq`. REQUIRES: reads_events().
  Result<std::vector<EventChunkPtr>> ReadEvents(int64_t seq);

  Result<store::Transaction> Begin() { return store::Transaction::Begin(db_); }

  // Stores a definition once (a key already stored is left alone).
  Status PutConfig(const std::string& key, const StateMachineConfig& config);
  // Stores a run of steps: the execution's row, inserted whole with the fields fixed at its start
  // when `started` is given (its first write), else updated; and its new events.
  Status SaveProgress(const ExecutionProgress& progress, const ExecutionRecord* started = nullptr);
  // Activities: rare writes, so their statements are prepared when used.
  Status PutActivity(const ActivityDescription& activity);
  Status DeleteActivity(const std::string& arn);
  Result<std::vector<ActivityDescription>> LoadActivities();

  // Map runs (map_run_store.cc): writes a map run's row whole; reads every one back.
  Status PutMapRun(const MapRunRow& row);
  Result<std::vector<MapRunRow>> LoadMapRuns();

  // Deletes these executions with their events and map runs.
  Status Purge(const std::vector<int64_t>& seqs);

  Result<std::map<std::string, std::shared_ptr<const StateMachineConfig>>> LoadConfigs();
  // Every execution in start order, with its events: all of them, or only the running ones' when
  // the store reads events back.
  Result<std::vector<StoredExecution>> LoadExecutions();

 private:
  ExecutionStore(store::Database* db, store::Database* reader) : db_(db), reader_(reader) {}

  Status Prepare();
  Status PrepareMapRuns();  // map_run_store.cc
  // Reads the events of `seq` with `query` (SELECT first_id, events ... WHERE seq = ?1).
  static Result<std::vector<EventChunkPtr>> QueryEvents(store::Statement& query, int64_t seq);

  store::Database* db_;
  store::Database* reader_;
  std::mutex reader_mu_;  // guards reader_ and read_events_
  std::optional<store::Statement> read_events_;
  std::optional<store::Statement> load_events_;
  std::optional<store::Statement> put_config_;
  std::optional<store::Statement> insert_execution_;
  std::optional<store::Statement> save_progress_;
  std::optional<store::Statement> insert_events_;
  std::optional<store::Statement> purge_events_;
  std::optional<store::Statement> purge_execution_;
  std::optional<store::Statement> purge_map_runs_;
  std::optional<store::Statement> put_map_run_;
};

}  // namespace stepshift::engine::internal
