// Write-through persistence of Standard executions in SQLite (the file executions.db, apart from
// the control plane's, so that thousands of execution writes a second never queue behind a
// control-plane write): the definitions they run, one row per execution with its interpreter
// state while it runs, and its history events.
// Thread-safety: none; the committer thread uses it, and Open's caller before that.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "engine/execution_record.h"
#include "store/database.h"

namespace stepshift::engine::internal {

// What one run of steps changed: the execution's published fields, its state (absent once it
// has ended) and the events it recorded, numbered from first_event_id.
struct ExecutionProgress {
  int64_t seq = 0;
  asl::ExecutionStatus status = asl::ExecutionStatus::kRunning;
  std::optional<Time> stop_date;
  std::string output;
  std::string error;
  std::string cause;
  std::optional<std::string> state;
  int64_t first_event_id = 1;
  std::vector<std::string> events;
};

// An execution as stored; Open's caller rebuilds its record from it.
struct StoredExecution {
  ExecutionRecord record;  // the fixed and published parts; the snapshot's config only
  std::string config_key;
  std::optional<std::string> state;
};

class ExecutionStore {
 public:
  // Migrates `db` and prepares the statements. `db` must outlive the store.
  static Result<std::unique_ptr<ExecutionStore>> Open(store::Database* db);

  Result<store::Transaction> Begin() { return store::Transaction::Begin(db_); }

  // Stores a definition once (a key already stored is left alone).
  Status PutConfig(const std::string& key, const StateMachineConfig& config);
  // Stores a run of steps: the execution's row, inserted whole with the fields fixed at its start
  // when `started` is given (its first write), else updated; and its new events.
  Status SaveProgress(const ExecutionProgress& progress, const ExecutionRecord* started = nullptr);
  // Deletes the executions that stopped before `cutoff`, with their events.
  Status Purge(Time cutoff);

  Result<std::map<std::string, std::shared_ptr<const StateMachineConfig>>> LoadConfigs();
  // Every execution in start order, with its events.
  Result<std::vector<StoredExecution>> LoadExecutions();

 private:
  explicit ExecutionStore(store::Database* db) : db_(db) {}

  Status Prepare();
  Status LoadEvents(std::vector<StoredExecution>* executions);

  store::Database* db_;
  std::optional<store::Statement> put_config_;
  std::optional<store::Statement> insert_execution_;
  std::optional<store::Statement> save_progress_;
  std::optional<store::Statement> insert_events_;
  std::optional<store::Statement> purge_events_;
  std::optional<store::Statement> purge_executions_;
};

}  // namespace stepshift::engine::internal
