#include "cloudwatch/alarm_store.h"

#include "base/status_macros.h"
#include "cloudwatch/alarm_json.h"
#include "store/migrations.h"

namespace stepshift::cloudwatch {

namespace {

// Append-only migrations (store/migrations.h).
constexpr std::string_view kMigrations[] = {R"sql(
CREATE TABLE IF NOT EXISTS cw_alarms (
  name TEXT PRIMARY KEY,
  doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cw_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  alarm_name TEXT NOT NULL,
  alarm_type TEXT NOT NULL,
  ts INTEGER NOT NULL,
  item_type TEXT NOT NULL,
  summary TEXT NOT NULL,
  data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS cw_history_name ON cw_history(alarm_name, ts);
)sql"};

std::string HistorySql(const HistoryQuery& q) {
  std::string sql =
      "SELECT id, alarm_name, alarm_type, ts, item_type, summary, data FROM cw_history WHERE 1";
  if (q.alarm_name) {
    sql += " AND alarm_name = :name";
  }
  if (q.alarm_types.size() == 1) {
    sql += " AND alarm_type = :type";
  }
  if (q.item_type) {
    sql += " AND item_type = :item";
  }
  if (q.start) {
    sql += " AND ts >= :start";
  }
  if (q.end) {
    sql += " AND ts <= :end";
  }
  const char* cmp = q.ascending ? ">" : "<";
  if (q.after_id) {
    sql += std::string(" AND id ") + cmp + " :after";
  }
  sql += q.ascending ? " ORDER BY id ASC" : " ORDER BY id DESC";
  sql += " LIMIT :limit";
  return sql;
}

}  // namespace

Result<std::unique_ptr<AlarmStore>> AlarmStore::Open(store::Database* db) {
  std::unique_ptr<AlarmStore> store(new AlarmStore(db));
  RETURN_IF_ERROR(store::Migrate(db, "cloudwatch_alarms", kMigrations));
  ASSIGN_OR_RETURN(store::Statement save,
                   db->Prepare("INSERT INTO cw_alarms (name, doc) VALUES (?, ?) "
                               "ON CONFLICT(name) DO UPDATE SET doc = excluded.doc"));
  ASSIGN_OR_RETURN(store::Statement add,
                   db->Prepare("INSERT INTO cw_history (alarm_name, alarm_type, ts, item_type, "
                               "summary, data) VALUES (?, ?, ?, ?, ?, ?)"));
  store->save_.emplace(std::move(save));
  store->add_history_.emplace(std::move(add));
  return store;
}

Result<std::vector<Alarm>> AlarmStore::LoadAll() {
  ASSIGN_OR_RETURN(store::Statement stmt, db_->Prepare("SELECT doc FROM cw_alarms"));
  std::vector<Alarm> alarms;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) {
      break;
    }
    ASSIGN_OR_RETURN(json::Value doc, json::Parse(stmt.ColumnText(0)));
    ASSIGN_OR_RETURN(Alarm alarm, AlarmFromJson(doc));
    alarms.push_back(std::move(alarm));
  }
  return alarms;
}

Status AlarmStore::Save(const Alarm& alarm) {
  save_->Bind(1, alarm.name).Bind(2, json::Serialize(AlarmToJson(alarm)));
  return save_->Run();
}

Status AlarmStore::Delete(const std::string& name) {
  ASSIGN_OR_RETURN(store::Statement stmt, db_->Prepare("DELETE FROM cw_alarms WHERE name = ?"));
  stmt.Bind(1, name);
  return stmt.Run();
}

Status AlarmStore::AddHistory(const HistoryItem& item) {
  add_history_->Bind(1, item.alarm_name)
      .Bind(2, AlarmTypeName(item.alarm_type))
      .Bind(3, UnixMillis(item.timestamp))
      .Bind(4, item.item_type)
      .Bind(5, item.summary)
      .Bind(6, item.data);
  return add_history_->Run();
}

Result<std::vector<std::pair<int64_t, HistoryItem>>> AlarmStore::QueryHistory(
    const HistoryQuery& q) {
  ASSIGN_OR_RETURN(store::Statement stmt, db_->Prepare(HistorySql(q)));
  int index = 1;
  if (q.alarm_name) {
    stmt.Bind(index++, *q.alarm_name);
  }
  if (q.alarm_types.size() == 1) {
    stmt.Bind(index++, AlarmTypeName(*q.alarm_types.begin()));
  }
  if (q.item_type) {
    stmt.Bind(index++, *q.item_type);
  }
  if (q.start) {
    stmt.Bind(index++, UnixMillis(*q.start));
  }
  if (q.end) {
    stmt.Bind(index++, UnixMillis(*q.end));
  }
  if (q.after_id) {
    stmt.Bind(index++, *q.after_id);
  }
  stmt.Bind(index, int64_t{q.limit + 1});
  std::vector<std::pair<int64_t, HistoryItem>> rows;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) {
      break;
    }
    HistoryItem item;
    item.alarm_name = stmt.ColumnText(1);
    item.alarm_type = ParseAlarmType(stmt.ColumnText(2)).value_or(AlarmType::kMetricAlarm);
    item.timestamp = Time(std::chrono::milliseconds(stmt.ColumnInt(3)));
    item.item_type = stmt.ColumnText(4);
    item.summary = stmt.ColumnText(5);
    item.data = stmt.ColumnText(6);
    rows.emplace_back(stmt.ColumnInt(0), std::move(item));
  }
  return rows;
}

Status AlarmStore::PruneHistory(Time before) {
  ASSIGN_OR_RETURN(store::Statement stmt, db_->Prepare("DELETE FROM cw_history WHERE ts < ?"));
  stmt.Bind(1, UnixMillis(before));
  return stmt.Run();
}

}  // namespace stepshift::cloudwatch
