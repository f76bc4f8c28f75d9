// SQLite persistence of the Lambda model: one row per function holding its whole document
// ($LATEST, versions, aliases, concurrency, tags) and one row per distinct code zip.
// Thread-safety: none; used only by the model's committer thread after Open/LoadAll.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "base/json.h"
#include "base/result.h"
#include "store/database.h"

namespace stepshift::lambdas::internal {

// One function as the model keeps it. Configurations and aliases are the JSON objects AWS
// returns (FunctionConfiguration, AliasConfiguration).
struct Function {
  std::string arn;  // unqualified
  std::string name;
  json::Object latest;
  std::map<int64_t, json::Object> versions;
  std::map<std::string, json::Object> aliases;
  int64_t next_version = 1;
  std::optional<int64_t> reserved_concurrency;
  json::Object tags;
};

using FunctionMap = std::map<std::string, std::shared_ptr<Function>>;       // by unqualified ARN
using CodeMap = std::map<std::string, std::shared_ptr<const std::string>>;  // by CodeSha256

json::Object ToDocument(const Function& function);
Result<Function> FromDocument(const json::Object& doc);

class LambdaStore {
 public:
  // Migrates `db` and prepares statements. `db` must outlive the store.
  static Result<std::unique_ptr<LambdaStore>> Open(store::Database* db);

  Status LoadAll(FunctionMap* functions, CodeMap* code);
  Status PutFunction(const Function& function);
  Status DeleteFunction(const std::string& arn);
  Status PutCode(const std::string& sha256, const std::string& zip);

 private:
  explicit LambdaStore(store::Database* db) : db_(db) {}

  store::Database* db_;
  std::optional<store::Statement> put_function_;
  std::optional<store::Statement> delete_function_;
  std::optional<store::Statement> put_code_;
};

}  // namespace stepshift::lambdas::internal
