#include "lambda/lambda_store.h"

#include <string_view>

#include "base/base64.h"
#include "base/status_macros.h"
#include "store/migrations.h"

namespace stepshift::lambdas::internal {

namespace {

// Append-only (store/migrations.h). Zips are stored base64-encoded: they are read back whole,
// and text keeps the Statement API as it is.
constexpr std::string_view kMigrations[] = {
    R"sql(
CREATE TABLE lambda_functions (
  arn TEXT PRIMARY KEY,
  document TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE lambda_code (
  sha256 TEXT PRIMARY KEY,
  zip TEXT NOT NULL
) WITHOUT ROWID;
)sql",
};

std::string Text(const json::Object& doc, std::string_view key) {
  const json::Value* v = json::Find(doc, key);
  return v && v->is_string() ? std::string(v->get_string()) : "";
}

}  // namespace

json::Object ToDocument(const Function& function) {
  json::Object doc;
  doc["Arn"] = function.arn;
  doc["Name"] = function.name;
  doc["Latest"] = function.latest;
  json::Object versions;
  for (const auto& [number, config] : function.versions) {
    versions[std::to_string(number)] = config;
  }
  doc["Versions"] = std::move(versions);
  json::Object aliases;
  for (const auto& [name, alias] : function.aliases) {
    aliases[name] = alias;
  }
  doc["Aliases"] = std::move(aliases);
  doc["NextVersion"] = function.next_version;
  if (function.reserved_concurrency) {
    doc["ReservedConcurrency"] = *function.reserved_concurrency;
  }
  doc["Tags"] = function.tags;
  return doc;
}

Result<Function> FromDocument(const json::Object& doc) {
  Function f;
  f.arn = Text(doc, "Arn");
  f.name = Text(doc, "Name");
  const json::Value* latest = json::Find(doc, "Latest");
  const json::Value* versions = json::Find(doc, "Versions");
  const json::Value* aliases = json::Find(doc, "Aliases");
  const json::Value* next = json::Find(doc, "NextVersion");
  if (f.arn.empty() || !latest || !latest->is_object() || !versions || !versions->is_object() ||
      !aliases || !aliases->is_object() || !next || !next->is_int64()) {
    return Status::Internal("corrupt Lambda function document");
  }
  f.latest = latest->get_object();
  for (const auto& [number, config] : versions->get_object()) {
    f.versions[std::stoll(std::string(number))] = config.as_object();
  }
  for (const auto& [name, alias] : aliases->get_object()) {
    f.aliases[std::string(name)] = alias.as_object();
  }
  f.next_version = next->get_int64();
  if (const json::Value* c = json::Find(doc, "ReservedConcurrency"); c && c->is_int64()) {
    f.reserved_concurrency = c->get_int64();
  }
  if (const json::Value* tags = json::Find(doc, "Tags"); tags && tags->is_object()) {
    f.tags = tags->get_object();
  }
  return f;
}

Result<std::unique_ptr<LambdaStore>> LambdaStore::Open(store::Database* db) {
  RETURN_IF_ERROR(store::Migrate(db, "lambda", kMigrations));
  std::unique_ptr<LambdaStore> s(new LambdaStore(db));
  ASSIGN_OR_RETURN(s->put_function_,
                   db->Prepare("INSERT OR REPLACE INTO lambda_functions VALUES (?, ?)"));
  ASSIGN_OR_RETURN(s->delete_function_, db->Prepare("DELETE FROM lambda_functions WHERE arn = ?"));
  ASSIGN_OR_RETURN(s->put_code_, db->Prepare("INSERT OR IGNORE INTO lambda_code VALUES (?, ?)"));
  return s;
}

Status LambdaStore::LoadAll(FunctionMap* functions, CodeMap* code) {
  ASSIGN_OR_RETURN(store::Statement rows, db_->Prepare("SELECT document FROM lambda_functions"));
  RETURN_IF_ERROR(store::ForEachRow(rows, [&]() -> Status {
    ASSIGN_OR_RETURN(json::Value doc, json::Parse(rows.ColumnText(0)));
    if (!doc.is_object()) {
      return Status::Internal("corrupt Lambda function document");
    }
    ASSIGN_OR_RETURN(Function f, FromDocument(doc.get_object()));
    std::string arn = f.arn;
    (*functions)[arn] = std::make_shared<Function>(std::move(f));
    return Status::Ok();
  }));
  ASSIGN_OR_RETURN(store::Statement zips, db_->Prepare("SELECT sha256, zip FROM lambda_code"));
  return store::ForEachRow(zips, [&]() -> Status {
    std::string zip;
    if (!Base64Decode(zips.ColumnText(1), &zip)) {
      return Status::Internal("corrupt Lambda code row");
    }
    (*code)[zips.ColumnText(0)] = std::make_shared<const std::string>(std::move(zip));
    return Status::Ok();
  });
}

Status LambdaStore::PutFunction(const Function& function) {
  std::string doc = json::Serialize(ToDocument(function));
  put_function_->Reset();
  put_function_->Bind(1, std::string_view(function.arn)).Bind(2, std::string_view(doc));
  return put_function_->Run();
}

Status LambdaStore::DeleteFunction(const std::string& arn) {
  delete_function_->Reset();
  delete_function_->Bind(1, std::string_view(arn));
  return delete_function_->Run();
}

Status LambdaStore::PutCode(const std::string& sha256, const std::string& zip) {
  std::string encoded = Base64Encode(zip);
  put_code_->Reset();
  put_code_->Bind(1, std::string_view(sha256)).Bind(2, std::string_view(encoded));
  return put_code_->Run();
}

}  // namespace stepshift::lambdas::internal
