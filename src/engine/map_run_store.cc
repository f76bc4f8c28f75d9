// The execution store's map runs: one sfn_map_runs row each, written whole whenever the map run
// changes (it starts, ends, is updated or redriven, or an Express child of it closes). Their
// children are sfn_executions rows that name them (map_run_arn).
#include "base/status_macros.h"
#include "engine/execution_store.h"
#include "engine/store_columns.h"

namespace stepshift::engine::internal {

namespace {

json::Value TallyToJson(const ExpressTally& t) {
  return json::Object{{"executions", json::Array(std::begin(t.executions), std::end(t.executions))},
                      {"items", json::Array(std::begin(t.items), std::end(t.items))}};
}

bool TallyFromJson(const json::Value& v, ExpressTally* t) {
  const json::Object* o = v.if_object();
  if (o == nullptr)
    return false;
  for (auto [key, out] : {std::pair{"executions", t->executions}, std::pair{"items", t->items}}) {
    const json::Value* list = o->if_contains(key);
    if (list == nullptr || !list->is_array() || list->get_array().size() != 4)
      return false;
    for (size_t i = 0; i < 4; ++i) {
      const json::Value& n = list->get_array()[i];
      if (!n.is_int64())
        return false;
      out[i] = n.get_int64();
    }
  }
  return true;
}

void BindTime(store::Statement& s, int index, const std::optional<Time>& t) {
  if (t) {
    s.Bind(index, ToMicros(*t));
  } else {
    s.BindNull(index);
  }
}

std::optional<Time> ColumnTime(const store::Statement& q, int column) {
  if (q.IsNull(column))
    return std::nullopt;
  return FromMicros(q.ColumnInt(column));
}

}  // namespace

const char* MapRunStatusName(MapRunStatus status) {
  switch (status) {
    case MapRunStatus::kRunning:
      return "RUNNING";
    case MapRunStatus::kSucceeded:
      return "SUCCEEDED";
    case MapRunStatus::kFailed:
      return "FAILED";
    case MapRunStatus::kAborted:
      return "ABORTED";
  }
  return "RUNNING";
}

Status ExecutionStore::PrepareMapRuns() {
  ASSIGN_OR_RETURN(purge_map_runs_,
                   db_->Prepare("DELETE FROM sfn_map_runs WHERE execution_seq = ?1"));
  ASSIGN_OR_RETURN(put_map_run_,
                   db_->Prepare("INSERT OR REPLACE INTO sfn_map_runs VALUES (?1, ?2, ?3, ?4, ?5, "
                                "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"));
  return Status::Ok();
}

Status ExecutionStore::PutMapRun(const MapRunRow& r) {
  store::Statement& s = *put_map_run_;
  s.Bind(1, std::string_view(r.arn))
      .Bind(2, r.execution_seq)
      .Bind(3, std::string_view(r.state_machine_arn))
      .Bind(4, std::string_view(r.label))
      .Bind(5, static_cast<int64_t>(r.express))
      .Bind(6, std::string_view(r.config_key))
      .Bind(7, ToMicros(r.start_date))
      .Bind(8, r.item_total)
      .Bind(9, r.child_total)
      .Bind(10, static_cast<int64_t>(r.status));
  BindTime(s, 11, r.stop_date);
  s.Bind(12, static_cast<int64_t>(r.max_concurrency))
      .Bind(13, r.tolerated_failure_count)
      .Bind(14, r.tolerated_failure_percentage)
      .Bind(15, r.redrive_count);
  BindTime(s, 16, r.redrive_date);
  s.Bind(17, json::Serialize(TallyToJson(r.express_closed)));
  return s.Run();
}

Result<std::vector<MapRunRow>> ExecutionStore::LoadMapRuns() {
  ASSIGN_OR_RETURN(store::Statement q, db_->Prepare("SELECT * FROM sfn_map_runs"));
  std::vector<MapRunRow> rows;
  RETURN_IF_ERROR(store::ForEachRow(q, [&]() -> Status {
    MapRunRow& r = rows.emplace_back();
    r.arn = q.ColumnText(0);
    r.execution_seq = q.ColumnInt(1);
    r.state_machine_arn = q.ColumnText(2);
    r.label = q.ColumnText(3);
    r.express = q.ColumnInt(4) != 0;
    r.config_key = q.ColumnText(5);
    r.start_date = FromMicros(q.ColumnInt(6));
    r.item_total = q.ColumnInt(7);
    r.child_total = q.ColumnInt(8);
    int64_t status = q.ColumnInt(9);
    r.stop_date = ColumnTime(q, 10);
    r.max_concurrency = static_cast<int32_t>(q.ColumnInt(11));
    r.tolerated_failure_count = q.ColumnInt(12);
    r.tolerated_failure_percentage = q.ColumnDouble(13);
    r.redrive_count = q.ColumnInt(14);
    r.redrive_date = ColumnTime(q, 15);
    Result<json::Value> tally = json::Parse(q.ColumnText(16));
    if (status < 0 || status > static_cast<int64_t>(MapRunStatus::kAborted) || !tally.ok() ||
        !TallyFromJson(*tally, &r.express_closed)) {
      return Status::Internal("corrupt execution store: map run " + r.arn);
    }
    r.status = static_cast<MapRunStatus>(status);
    return Status::Ok();
  }));
  return rows;
}

}  // namespace stepshift::engine::internal
