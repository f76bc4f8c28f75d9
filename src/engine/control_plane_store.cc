#include "engine/control_plane_store.h"

#include <chrono>

#include "base/status_macros.h"
#include "engine/schema.h"
#include "engine/store_columns.h"

namespace stepshift::engine::internal {

namespace {

std::string TagsToJson(const Tags& tags) {
  json::Array array;
  for (const auto& [key, value] : tags) {
    array.push_back(json::Array{json::Value(key), json::Value(value)});
  }
  return json::Serialize(array);
}

Result<Tags> TagsFromJson(const std::string& text) {
  ASSIGN_OR_RETURN(json::Value value, ParseColumn(text));
  Tags tags;
  for (const json::Value& pair : value.as_array()) {
    tags.emplace_back(pair.as_array()[0].as_string(), pair.as_array()[1].as_string());
  }
  return tags;
}

std::string RoutingToJson(const std::vector<RoutingEntry>& routing) {
  json::Array array;
  for (const RoutingEntry& entry : routing) {
    array.push_back(json::Object{{"stateMachineVersionArn", entry.state_machine_version_arn},
                                 {"weight", entry.weight}});
  }
  return json::Serialize(array);
}

Result<std::vector<RoutingEntry>> RoutingFromJson(const std::string& text) {
  ASSIGN_OR_RETURN(json::Value value, ParseColumn(text));
  std::vector<RoutingEntry> routing;
  for (const json::Value& item : value.as_array()) {
    const json::Object& entry = item.as_object();
    routing.push_back({std::string(entry.at("stateMachineVersionArn").as_string()),
                       entry.at("weight").to_number<int64_t>()});
  }
  return routing;
}

}  // namespace

Result<std::unique_ptr<ControlPlaneStore>> ControlPlaneStore::Open(store::Database* db) {
  RETURN_IF_ERROR(MigrateSchema(db));
  std::unique_ptr<ControlPlaneStore> store(new ControlPlaneStore(db));
  RETURN_IF_ERROR(store->Prepare());
  return store;
}

Status ControlPlaneStore::Prepare() {
  ASSIGN_OR_RETURN(
      put_machine_,
      db_->Prepare(
          // An upsert, not INSERT OR REPLACE: REPLACE deletes the old row first, and the foreign
          // keys would cascade that delete to the versions and aliases.
          "INSERT INTO sfn_state_machines (arn, name, type, creation_date, update_date, "
          "definition, role_arn, logging, tracing, encryption, revision_id, next_version, "
          "next_alias_seq, tags) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
          "?14) "
          "ON CONFLICT (arn) DO UPDATE SET update_date = ?5, definition = ?6, role_arn = ?7, "
          "logging = ?8, tracing = ?9, encryption = ?10, revision_id = ?11, next_version = ?12, "
          "next_alias_seq = ?13, tags = ?14"));
  ASSIGN_OR_RETURN(delete_machine_, db_->Prepare("DELETE FROM sfn_state_machines WHERE arn = ?1"));
  ASSIGN_OR_RETURN(
      put_version_,
      db_->Prepare(
          "INSERT OR REPLACE INTO sfn_versions (state_machine_arn, number, definition, role_arn, "
          "logging, tracing, encryption, revision_id, description, creation_date) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
  ASSIGN_OR_RETURN(
      delete_version_,
      db_->Prepare("DELETE FROM sfn_versions WHERE state_machine_arn = ?1 AND number = ?2"));
  ASSIGN_OR_RETURN(
      put_alias_,
      db_->Prepare(
          "INSERT OR REPLACE INTO sfn_aliases (state_machine_arn, name, description, routing, "
          "creation_date, update_date, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  ASSIGN_OR_RETURN(
      delete_alias_,
      db_->Prepare("DELETE FROM sfn_aliases WHERE state_machine_arn = ?1 AND name = ?2"));
  return Status::Ok();
}

Status ControlPlaneStore::PutStateMachine(const MachineHeader& m) {
  store::Statement& stmt = *put_machine_;
  stmt.Bind(1, std::string_view(m.arn))
      .Bind(2, std::string_view(m.name))
      .Bind(3, std::string_view(m.type))
      .Bind(4, ToMicros(m.creation_date))
      .Bind(5, ToMicros(m.update_date));
  BindConfig(stmt, 6, *m.config);
  stmt.BindOptional(11, m.revision_id)
      .Bind(12, m.next_version)
      .Bind(13, m.next_alias_seq)
      .Bind(14, std::string_view(TagsToJson(m.tags)));
  return stmt.Run();
}

Status ControlPlaneStore::DeleteStateMachine(const std::string& arn) {
  // The foreign keys cascade to the versions and aliases.
  return delete_machine_->Bind(1, std::string_view(arn)).Run();
}

Status ControlPlaneStore::PutVersion(const std::string& machine_arn, const Version& v) {
  store::Statement& stmt = *put_version_;
  stmt.Bind(1, std::string_view(machine_arn)).Bind(2, v.number);
  BindConfig(stmt, 3, *v.config);
  stmt.BindOptional(8, v.revision_id)
      .BindOptional(9, v.description)
      .Bind(10, ToMicros(v.creation_date));
  return stmt.Run();
}

Status ControlPlaneStore::DeleteVersion(const std::string& machine_arn, int64_t number) {
  return delete_version_->Bind(1, std::string_view(machine_arn)).Bind(2, number).Run();
}

Status ControlPlaneStore::PutAlias(const std::string& machine_arn, const Alias& a) {
  return put_alias_->Bind(1, std::string_view(machine_arn))
      .Bind(2, std::string_view(a.name))
      .BindOptional(3, a.description)
      .Bind(4, std::string_view(RoutingToJson(a.routing)))
      .Bind(5, ToMicros(a.creation_date))
      .Bind(6, ToMicros(a.update_date))
      .Bind(7, a.seq)
      .Run();
}

Status ControlPlaneStore::DeleteAlias(const std::string& machine_arn, const std::string& name) {
  return delete_alias_->Bind(1, std::string_view(machine_arn))
      .Bind(2, std::string_view(name))
      .Run();
}

Result<MachineMap> ControlPlaneStore::LoadAll() {
  ASSIGN_OR_RETURN(
      store::Statement stmt,
      db_->Prepare(
          "SELECT arn, name, type, creation_date, update_date, definition, role_arn, logging, "
          "tracing, encryption, revision_id, next_version, next_alias_seq, tags "
          "FROM sfn_state_machines"));
  MachineMap machines;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) {
      break;
    }
    auto m = std::make_unique<StateMachine>();
    m->arn = stmt.ColumnText(0);
    m->name = stmt.ColumnText(1);
    m->type = stmt.ColumnText(2);
    m->creation_date = FromMicros(stmt.ColumnInt(3));
    m->update_date = FromMicros(stmt.ColumnInt(4));
    ASSIGN_OR_RETURN(m->config, ReadConfig(stmt, 5));
    m->revision_id = stmt.ColumnOptionalText(10);
    m->next_version = stmt.ColumnInt(11);
    m->next_alias_seq = stmt.ColumnInt(12);
    ASSIGN_OR_RETURN(m->tags, TagsFromJson(stmt.ColumnText(13)));
    machines.emplace(m->arn, std::move(m));
  }
  RETURN_IF_ERROR(LoadVersions(&machines));
  RETURN_IF_ERROR(LoadAliases(&machines));
  return machines;
}

Status ControlPlaneStore::LoadVersions(MachineMap* machines) {
  ASSIGN_OR_RETURN(
      store::Statement stmt,
      db_->Prepare(
          "SELECT state_machine_arn, number, definition, role_arn, logging, tracing, encryption, "
          "revision_id, description, creation_date FROM sfn_versions"));
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) {
      return Status::Ok();
    }
    auto it = machines->find(stmt.ColumnText(0));
    if (it == machines->end()) {
      continue;  // unreachable with foreign keys on; tolerate rather than fail to start
    }
    Version v;
    v.number = stmt.ColumnInt(1);
    ASSIGN_OR_RETURN(v.config, ReadConfig(stmt, 2));
    v.revision_id = stmt.ColumnOptionalText(7);
    v.description = stmt.ColumnOptionalText(8);
    v.creation_date = FromMicros(stmt.ColumnInt(9));
    // Share the state machine's config when the version froze its current revision.
    StateMachine& m = *it->second;
    if (v.revision_id == m.revision_id && v.config->definition == m.config->definition) {
      v.config = m.config;
    }
    m.versions.emplace(v.number, std::move(v));
  }
}

Status ControlPlaneStore::LoadAliases(MachineMap* machines) {
  ASSIGN_OR_RETURN(
      store::Statement stmt,
      db_->Prepare(
          "SELECT state_machine_arn, name, description, routing, creation_date, update_date, seq "
          "FROM sfn_aliases"));
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) {
      return Status::Ok();
    }
    auto it = machines->find(stmt.ColumnText(0));
    if (it == machines->end()) {
      continue;
    }
    Alias a;
    a.name = stmt.ColumnText(1);
    a.description = stmt.ColumnOptionalText(2);
    ASSIGN_OR_RETURN(a.routing, RoutingFromJson(stmt.ColumnText(3)));
    a.creation_date = FromMicros(stmt.ColumnInt(4));
    a.update_date = FromMicros(stmt.ColumnInt(5));
    a.seq = stmt.ColumnInt(6);
    it->second->aliases.emplace(a.name, std::move(a));
  }
}

}  // namespace stepshift::engine::internal
