#include "engine/execution_store.h"

#include <algorithm>
#include <string_view>

#include "base/status_macros.h"
#include "engine/store_columns.h"
#include "store/migrations.h"

namespace stepshift::engine::internal {

namespace {

// Append-only (store/migrations.h). Times are microseconds since the epoch. The events of one run
// of steps are one row (EventChunk), clustered by execution: a few rows per execution instead of
// one per event, and no secondary index (lookups by ARN and the choice of what to purge happen in
// memory), is what keeps thousands of executions a second cheap to store.
constexpr std::string_view kMigrations[] = {
    R"sql(
CREATE TABLE sfn_execution_configs (
  key TEXT PRIMARY KEY,
  definition TEXT NOT NULL,
  role_arn TEXT NOT NULL,
  logging TEXT NOT NULL,
  tracing TEXT NOT NULL,
  encryption TEXT
) WITHOUT ROWID;
CREATE TABLE sfn_executions (
  seq INTEGER PRIMARY KEY,
  arn TEXT NOT NULL,
  name TEXT NOT NULL,
  state_machine_arn TEXT NOT NULL,
  state_machine_name TEXT NOT NULL,
  version_arn TEXT,
  alias_arn TEXT,
  config_key TEXT NOT NULL,
  revision_id TEXT,
  update_date INTEGER NOT NULL,
  input TEXT NOT NULL,
  trace_header TEXT,
  start_date INTEGER NOT NULL,
  status INTEGER NOT NULL,
  stop_date INTEGER,
  output TEXT NOT NULL,
  error TEXT NOT NULL,
  cause TEXT NOT NULL,
  state TEXT,
  event_count INTEGER NOT NULL
);
CREATE TABLE sfn_events (
  seq INTEGER NOT NULL,
  first_id INTEGER NOT NULL,
  events TEXT NOT NULL,
  PRIMARY KEY (seq, first_id)
) WITHOUT ROWID;
)sql",
    R"sql(
CREATE TABLE sfn_activities (
  arn TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  creation_date INTEGER NOT NULL,
  encryption TEXT,        -- JSON, NULL when none was given
  tags TEXT NOT NULL      -- JSON [[key, value], ...]
) WITHOUT ROWID;
)sql",
    R"sql(
ALTER TABLE sfn_executions ADD COLUMN redrive_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sfn_executions ADD COLUMN redrive_date INTEGER;
)sql",
    R"sql(
ALTER TABLE sfn_executions ADD COLUMN map_run_arn TEXT;
ALTER TABLE sfn_executions ADD COLUMN item_count INTEGER NOT NULL DEFAULT 0;
CREATE TABLE sfn_map_runs (
  arn TEXT PRIMARY KEY,
  execution_seq INTEGER NOT NULL,
  state_machine_arn TEXT NOT NULL,
  label TEXT NOT NULL,
  express INTEGER NOT NULL,
  config_key TEXT NOT NULL,
  start_date INTEGER NOT NULL,
  item_total INTEGER NOT NULL,
  child_total INTEGER NOT NULL,
  status INTEGER NOT NULL,
  stop_date INTEGER,
  max_concurrency INTEGER NOT NULL,
  tolerated_failure_count INTEGER NOT NULL,
  tolerated_failure_percentage REAL NOT NULL,
  redrive_count INTEGER NOT NULL,
  redrive_date INTEGER,
  express_closed TEXT NOT NULL  -- JSON {"executions": [4], "items": [4]}
) WITHOUT ROWID;
)sql",
};

Status Corrupt(std::string_view what) {
  return Status::Internal("corrupt execution store: " + std::string(what));
}

std::optional<int64_t> OptionalMicros(const std::optional<Time>& t) {
  if (!t)
    return std::nullopt;
  return ToMicros(*t);
}

// Reads a row of "SELECT <the columns of sfn_executions in order> ...".
Result<StoredExecution> ReadExecution(const store::Statement& row) {
  StoredExecution stored;
  stored.record = std::make_shared<ExecutionRecord>();
  ExecutionRecord& r = *stored.record;
  r.seq = row.ColumnInt(0);
  r.arn = row.ColumnText(1);
  r.name = row.ColumnText(2);
  r.state_machine_arn = row.ColumnText(3);
  r.state_machine_name = row.ColumnText(4);
  r.version_arn = row.ColumnOptionalText(5);
  r.alias_arn = row.ColumnOptionalText(6);
  stored.config_key = row.ColumnText(7);
  r.revision_id = row.ColumnOptionalText(8);
  r.update_date = FromMicros(row.ColumnInt(9));
  r.input = row.ColumnText(10);
  r.trace_header = row.ColumnOptionalText(11);
  r.start_date = FromMicros(row.ColumnInt(12));
  int64_t status = row.ColumnInt(13);
  if (status < 0 || status > static_cast<int64_t>(asl::ExecutionStatus::kAborted))
    return Corrupt("status of " + r.arn);
  r.status = static_cast<asl::ExecutionStatus>(status);
  if (!row.IsNull(14))
    r.stop_date = FromMicros(row.ColumnInt(14));
  r.output = row.ColumnText(15);
  r.error = row.ColumnText(16);
  r.cause = row.ColumnText(17);
  stored.state = row.ColumnOptionalText(18);
  r.event_count = row.ColumnInt(19);
  r.redrive_count = row.ColumnInt(20);
  if (!row.IsNull(21))
    r.redrive_date = FromMicros(row.ColumnInt(21));
  r.map_run_arn = row.ColumnOptionalText(22).value_or("");
  r.item_count = row.ColumnInt(23);
  if (r.running() && !stored.state.has_value())
    return Corrupt("state of " + r.arn);
  return stored;
}

}  // namespace

Result<std::unique_ptr<ExecutionStore>> ExecutionStore::Open(store::Database* db,
                                                             store::Database* reader) {
  RETURN_IF_ERROR(store::Migrate(db, "sfn_executions", kMigrations));
  std::unique_ptr<ExecutionStore> s(new ExecutionStore(db, reader));
  RETURN_IF_ERROR(s->Prepare());
  return s;
}

Status ExecutionStore::Prepare() {
  ASSIGN_OR_RETURN(put_config_, db_->Prepare("INSERT OR IGNORE INTO sfn_execution_configs "
                                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  ASSIGN_OR_RETURN(insert_execution_,
                   db_->Prepare("INSERT INTO sfn_executions VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                                "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, "
                                "?21, ?22, ?23, ?24)"));
  ASSIGN_OR_RETURN(save_progress_,
                   db_->Prepare("UPDATE sfn_executions SET status = ?14, stop_date = ?15, "
                                "output = ?16, error = ?17, cause = ?18, state = ?19, "
                                "event_count = ?20, redrive_count = ?21, redrive_date = ?22 "
                                "WHERE seq = ?1"));
  ASSIGN_OR_RETURN(insert_events_, db_->Prepare("INSERT INTO sfn_events VALUES (?1, ?2, ?3)"));
  ASSIGN_OR_RETURN(purge_events_, db_->Prepare("DELETE FROM sfn_events WHERE seq = ?1"));
  ASSIGN_OR_RETURN(purge_execution_, db_->Prepare("DELETE FROM sfn_executions WHERE seq = ?1"));
  RETURN_IF_ERROR(PrepareMapRuns());
  constexpr std::string_view kEventsOf =
      "SELECT first_id, events FROM sfn_events WHERE seq = ?1 ORDER BY first_id";
  ASSIGN_OR_RETURN(load_events_, db_->Prepare(kEventsOf));
  if (reader_ != nullptr) {
    ASSIGN_OR_RETURN(read_events_, reader_->Prepare(kEventsOf));
  }
  return Status::Ok();
}

Status ExecutionStore::PutConfig(const std::string& key, const StateMachineConfig& config) {
  put_config_->Bind(1, std::string_view(key));
  BindConfig(*put_config_, 2, config);
  return put_config_->Run();
}

Status ExecutionStore::SaveProgress(const ExecutionProgress& p, const ExecutionRecord* started) {
  // Both statements take the seq at ?1 and the changing columns at ?14..?22; the insert takes
  // the fixed ones at ?2..?13 and ?23..?24.
  store::Statement& s = started != nullptr ? *insert_execution_ : *save_progress_;
  if (started != nullptr) {
    const ExecutionRecord& r = *started;
    s.Bind(2, std::string_view(r.arn))
        .Bind(3, std::string_view(r.name))
        .Bind(4, std::string_view(r.state_machine_arn))
        .Bind(5, std::string_view(r.state_machine_name))
        .BindOptional(6, r.version_arn)
        .BindOptional(7, r.alias_arn)
        .Bind(8, std::string_view(r.snapshot->key))
        .BindOptional(9, r.revision_id)
        .Bind(10, ToMicros(r.update_date))
        .Bind(11, std::string_view(r.input))
        .BindOptional(12, r.trace_header)
        .Bind(13, ToMicros(r.start_date))
        .BindOptional(23, r.map_run_arn.empty() ? std::nullopt : std::optional(r.map_run_arn))
        .Bind(24, r.item_count);
  }
  s.Bind(1, p.seq).Bind(14, static_cast<int64_t>(p.status));
  if (std::optional<int64_t> stop = OptionalMicros(p.stop_date)) {
    s.Bind(15, *stop);
  } else {
    s.BindNull(15);
  }
  s.Bind(16, std::string_view(p.output))
      .Bind(17, std::string_view(p.error))
      .Bind(18, std::string_view(p.cause))
      .BindOptional(19, p.state)
      .Bind(20, p.event_count)
      .Bind(21, p.redrive_count);
  if (std::optional<int64_t> redriven = OptionalMicros(p.redrive_date)) {
    s.Bind(22, *redriven);
  } else {
    s.BindNull(22);
  }
  RETURN_IF_ERROR(s.Run());
  if (p.events == nullptr)
    return Status::Ok();
  return insert_events_->Bind(1, p.seq)
      .Bind(2, p.events->first_id)
      .Bind(3, std::string_view(p.events->lines))
      .Run();
}

Status ExecutionStore::PutActivity(const ActivityDescription& activity) {
  ASSIGN_OR_RETURN(
      store::Statement s,
      db_->Prepare("INSERT OR REPLACE INTO sfn_activities VALUES (?1, ?2, ?3, ?4, ?5)"));
  json::Array tags;
  for (const auto& [key, value] : activity.tags)
    tags.push_back(json::Array{key, value});
  s.Bind(1, std::string_view(activity.activity_arn))
      .Bind(2, std::string_view(activity.name))
      .Bind(3, ToMicros(activity.creation_date))
      .BindOptional(4, activity.encryption.is_null()
                           ? std::nullopt
                           : std::optional(json::Serialize(activity.encryption)))
      .Bind(5, json::Serialize(tags));
  return s.Run();
}

Status ExecutionStore::DeleteActivity(const std::string& arn) {
  ASSIGN_OR_RETURN(store::Statement s, db_->Prepare("DELETE FROM sfn_activities WHERE arn = ?1"));
  return s.Bind(1, std::string_view(arn)).Run();
}

Result<std::vector<ActivityDescription>> ExecutionStore::LoadActivities() {
  std::vector<ActivityDescription> activities;
  ASSIGN_OR_RETURN(store::Statement q,
                   db_->Prepare("SELECT arn, name, creation_date, encryption, tags "
                                "FROM sfn_activities"));
  while (true) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row)
      return activities;
    ActivityDescription& a = activities.emplace_back();
    a.activity_arn = q.ColumnText(0);
    a.name = q.ColumnText(1);
    a.creation_date = FromMicros(q.ColumnInt(2));
    if (std::optional<std::string> encryption = q.ColumnOptionalText(3)) {
      ASSIGN_OR_RETURN(a.encryption, json::Parse(*encryption));
    }
    ASSIGN_OR_RETURN(json::Value tags, json::Parse(q.ColumnText(4)));
    for (const json::Value& tag : tags.is_array() ? tags.get_array() : json::Array()) {
      const json::Array* pair = tag.if_array();
      if (pair == nullptr || pair->size() != 2 || !pair->at(0).is_string() ||
          !pair->at(1).is_string()) {
        return Status(StatusCode::kInternal, "bad tags of activity " + a.activity_arn);
      }
      a.tags.emplace_back(pair->at(0).get_string(), pair->at(1).get_string());
    }
  }
}

Status ExecutionStore::Purge(const std::vector<int64_t>& seqs) {
  for (int64_t seq : seqs) {
    RETURN_IF_ERROR(purge_events_->Bind(1, seq).Run());
    RETURN_IF_ERROR(purge_execution_->Bind(1, seq).Run());
    RETURN_IF_ERROR(purge_map_runs_->Bind(1, seq).Run());
  }
  return Status::Ok();
}

Result<std::map<std::string, std::shared_ptr<const StateMachineConfig>>>
ExecutionStore::LoadConfigs() {
  std::map<std::string, std::shared_ptr<const StateMachineConfig>> configs;
  ASSIGN_OR_RETURN(store::Statement q,
                   db_->Prepare("SELECT key, definition, role_arn, logging, tracing, encryption "
                                "FROM sfn_execution_configs"));
  while (true) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row)
      break;
    ASSIGN_OR_RETURN(configs[q.ColumnText(0)], ReadConfig(q, 1));
  }
  return configs;
}

Result<std::vector<StoredExecution>> ExecutionStore::LoadExecutions() {
  std::vector<StoredExecution> executions;
  ASSIGN_OR_RETURN(store::Statement q, db_->Prepare("SELECT * FROM sfn_executions ORDER BY seq"));
  while (true) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row)
      break;
    ASSIGN_OR_RETURN(StoredExecution stored, ReadExecution(q));
    ExecutionRecord& r = *stored.record;
    if (r.running() || !reads_events()) {
      ASSIGN_OR_RETURN(r.events, QueryEvents(*load_events_, r.seq));
      int64_t loaded =
          r.events.empty() ? 0 : r.events.back()->first_id + r.events.back()->count - 1;
      if (loaded != r.event_count)
        return Corrupt("events of " + r.arn);
    }
    executions.push_back(std::move(stored));
  }
  return executions;
}

Result<std::vector<EventChunkPtr>> ExecutionStore::ReadEvents(int64_t seq) {
  std::lock_guard<std::mutex> lock(reader_mu_);
  return QueryEvents(*read_events_, seq);
}

Result<std::vector<EventChunkPtr>> ExecutionStore::QueryEvents(store::Statement& query,
                                                               int64_t seq) {
  struct ResetOnExit {
    store::Statement& q;

    ~ResetOnExit() { q.Reset(); }
  } reset{query};

  std::vector<EventChunkPtr> chunks;
  int64_t next_id = 1;
  query.Bind(1, seq);
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row)
      return chunks;
    auto chunk = std::make_shared<EventChunk>();
    chunk->first_id = query.ColumnInt(0);
    chunk->lines = query.ColumnText(1);
    chunk->count = std::count(chunk->lines.begin(), chunk->lines.end(), '\n') + 1;
    if (chunk->first_id != next_id)
      return Corrupt("event ids of execution " + std::to_string(seq));
    next_id += chunk->count;
    chunks.push_back(std::move(chunk));
  }
}

}  // namespace stepshift::engine::internal
