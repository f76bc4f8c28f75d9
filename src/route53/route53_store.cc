#include "route53/route53_store.h"

#include <string_view>

#include "base/status_macros.h"
#include "store/migrations.h"

namespace stepshift::route53::internal {

namespace {

// Append-only (store/migrations.h). Times are milliseconds since the epoch.
constexpr std::string_view kMigrations[] = {
    R"sql(
CREATE TABLE route53_zones (
  id TEXT PRIMARY KEY,
  document TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE route53_changes (
  id TEXT PRIMARY KEY,
  submitted_at INTEGER NOT NULL,
  comment TEXT
) WITHOUT ROWID;
)sql",
};

}  // namespace

json::Object ZoneDocument(const HostedZone& zone) {
  json::Array records;
  for (const auto& [key, record] : zone.records) {
    records.push_back(ToJson(record));
  }
  return json::Object{{"Id", zone.id},
                      {"Name", zone.name},
                      {"CallerReference", zone.caller_reference},
                      {"Comment", zone.comment},
                      {"PrivateZone", zone.private_zone},
                      {"Records", std::move(records)}};
}

Result<HostedZone> ZoneFromDocument(const json::Object& doc) {
  HostedZone zone;
  const json::Value* records = json::Find(doc, "Records");
  if (!json::Find(doc, "Id") || !records || !records->is_array()) {
    return Status::Internal("corrupt Route 53 zone document");
  }
  zone.id = std::string(doc.at("Id").as_string());
  zone.name = std::string(doc.at("Name").as_string());
  zone.caller_reference = std::string(doc.at("CallerReference").as_string());
  zone.comment = std::string(doc.at("Comment").as_string());
  zone.private_zone = doc.at("PrivateZone").as_bool();
  for (const json::Value& value : records->get_array()) {
    ASSIGN_OR_RETURN(RecordSet record, RecordFromJson(value));
    zone.records[KeyOf(record)] = std::move(record);
  }
  return zone;
}

Result<std::unique_ptr<Route53Store>> Route53Store::Open(store::Database* db) {
  RETURN_IF_ERROR(store::Migrate(db, "route53", kMigrations));
  std::unique_ptr<Route53Store> s(new Route53Store(db));
  ASSIGN_OR_RETURN(s->put_zone_, db->Prepare("INSERT OR REPLACE INTO route53_zones VALUES (?, ?)"));
  ASSIGN_OR_RETURN(s->delete_zone_, db->Prepare("DELETE FROM route53_zones WHERE id = ?"));
  ASSIGN_OR_RETURN(s->put_change_,
                   db->Prepare("INSERT OR REPLACE INTO route53_changes VALUES (?, ?, ?)"));
  return s;
}

Status Route53Store::Load(ZoneMap* zones, ChangeMap* changes) {
  ASSIGN_OR_RETURN(store::Statement rows, db_->Prepare("SELECT document FROM route53_zones"));
  RETURN_IF_ERROR(store::ForEachRow(rows, [&]() -> Status {
    ASSIGN_OR_RETURN(json::Value doc, json::Parse(rows.ColumnText(0)));
    if (!doc.is_object()) {
      return Status::Internal("corrupt Route 53 zone document");
    }
    ASSIGN_OR_RETURN(HostedZone zone, ZoneFromDocument(doc.get_object()));
    std::string id = zone.id;
    (*zones)[id] = std::move(zone);
    return Status::Ok();
  }));
  ASSIGN_OR_RETURN(store::Statement change_rows,
                   db_->Prepare("SELECT id, submitted_at, comment FROM route53_changes"));
  return store::ForEachRow(change_rows, [&]() -> Status {
    ChangeInfo change;
    change.id = change_rows.ColumnText(0);
    change.submitted_at = Time(std::chrono::milliseconds(change_rows.ColumnInt(1)));
    change.comment = change_rows.ColumnOptionalText(2);
    (*changes)[change.id] = std::move(change);
    return Status::Ok();
  });
}

Status Route53Store::PutZone(const HostedZone& zone) {
  std::string doc = json::Serialize(ZoneDocument(zone));
  put_zone_->Bind(1, std::string_view(zone.id)).Bind(2, std::string_view(doc));
  return put_zone_->Run();
}

Status Route53Store::DeleteZone(const std::string& id) {
  delete_zone_->Bind(1, std::string_view(id));
  return delete_zone_->Run();
}

Status Route53Store::PutChange(const ChangeInfo& change) {
  put_change_->Bind(1, std::string_view(change.id))
      .Bind(2, int64_t(UnixMillis(change.submitted_at)))
      .BindOptional(3, change.comment);
  return put_change_->Run();
}

}  // namespace stepshift::route53::internal
