// The Lambda control plane behind `stepshift serve`: functions ($LATEST and published versions),
// aliases with weighted routing, reserved concurrency and tags, with AWS's shapes and errors.
// Requests and results are the restJson1 members as JSON objects (FunctionConfiguration,
// AliasConfiguration, ...), exactly as AWS returns them; the wire layer adds only transport.
//
// Errors: Status values whose kind() is AWS's error shape and whose message is AWS's text
// (lambda/errors.h).
// Durability: group commit, as the Step Functions control plane (engine/control_plane.h): a
// mutating call updates memory and queues its SQLite write; the server holds the response until
// WriteBarrier() is durable.
// Thread-safety: every method may be called concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/json.h"
#include "base/result.h"
#include "lambda/names.h"

namespace stepshift::store {
class Database;
}

namespace stepshift::lambdas {

// Marker and MaxItems of the List* operations. The marker is opaque to clients.
struct ListRequest {
  std::optional<std::string> marker;
  std::optional<int64_t> max_items;
};

// Where an Invoke goes once its qualifier (and an alias's weights) are resolved.
struct InvokeTarget {
  std::string function_name;
  std::string function_arn;      // unqualified
  std::string invoked_arn;       // as invoked: qualified when a qualifier was given
  std::string resource;          // "name" or "name:qualifier": the Resource metric dimension
  std::string executed_version;  // "$LATEST" or "N"
  bool via_alias = false;
  json::Object config;  // the executed version's FunctionConfiguration
  std::optional<int64_t> reserved_concurrency;
};

class LambdaModel {
 public:
  // Loads every function from `db` (migrating it first). Owns neither `db` nor `clock`.
  static Result<std::unique_ptr<LambdaModel>> Open(store::Database* db, Clock* clock);
  ~LambdaModel();

  Result<json::Object> CreateFunction(const CallContext& ctx, const json::Object& request);
  // GetFunction's {Configuration, Code, Tags, Concurrency}; `code_location` is the URL given
  // as Code.Location.
  Result<json::Object> GetFunction(const CallContext& ctx, const std::string& name,
                                   const std::optional<std::string>& qualifier,
                                   const std::string& code_location);
  Result<json::Object> GetFunctionConfiguration(const CallContext& ctx, const std::string& name,
                                                const std::optional<std::string>& qualifier);
  Result<json::Object> UpdateFunctionCode(const CallContext& ctx, const std::string& name,
                                          const json::Object& request);
  Result<json::Object> UpdateFunctionConfiguration(const CallContext& ctx, const std::string& name,
                                                   const json::Object& request);
  // Without a qualifier: the function, its versions and aliases. With one: that version.
  Status DeleteFunction(const CallContext& ctx, const std::string& name,
                        const std::optional<std::string>& qualifier);
  Result<json::Object> ListFunctions(const CallContext& ctx, const ListRequest& list);

  Result<json::Object> PublishVersion(const CallContext& ctx, const std::string& name,
                                      const json::Object& request);
  Result<json::Object> ListVersionsByFunction(const CallContext& ctx, const std::string& name,
                                              const ListRequest& list);

  Result<json::Object> CreateAlias(const CallContext& ctx, const std::string& name,
                                   const json::Object& request);
  Result<json::Object> GetAlias(const CallContext& ctx, const std::string& name,
                                const std::string& alias);
  Result<json::Object> UpdateAlias(const CallContext& ctx, const std::string& name,
                                   const std::string& alias, const json::Object& request);
  Status DeleteAlias(const CallContext& ctx, const std::string& name, const std::string& alias);
  Result<json::Object> ListAliases(const CallContext& ctx, const std::string& name,
                                   const std::optional<std::string>& function_version,
                                   const ListRequest& list);

  Result<json::Object> PutFunctionConcurrency(const CallContext& ctx, const std::string& name,
                                              const json::Object& request);
  Result<json::Object> GetFunctionConcurrency(const CallContext& ctx, const std::string& name);
  Status DeleteFunctionConcurrency(const CallContext& ctx, const std::string& name);
  // TagResource ({"Tags": {key: value}} merged into the function's tags), UntagResource (the
  // tagKeys removed) and ListTags ({"Tags": {...}}). `resource` must be the function's full,
  // unqualified ARN: ValidationException for anything else that is not an ARN (a bare name),
  // InvalidParameterValueException for a version or alias ARN, ResourceNotFoundException for a
  // function that does not exist.
  Status TagResource(const CallContext& ctx, const std::string& resource,
                     const json::Object& request);
  Status UntagResource(const CallContext& ctx, const std::string& resource,
                       const std::vector<std::string>& keys);
  Result<json::Object> ListTags(const CallContext& ctx, const std::string& resource);

  // Resolves an Invoke's FunctionName and Qualifier. An alias with an additional version picks
  // it when `uniform` (in [0, 1)) falls below its weight, as Lambda's weighted routing does.
  Result<InvokeTarget> ResolveInvoke(const CallContext& ctx, const std::string& name,
                                     const std::optional<std::string>& qualifier, double uniform);
  // The zip whose CodeSha256 is `sha256`; NotFound when no function has it.
  Result<std::shared_ptr<const std::string>> Code(const std::string& sha256) const;

  // Called (outside the model's lock) with a function's unqualified ARN when the code or
  // configuration its warm environments run may have changed or gone.
  void SetRetireHook(std::function<void(const std::string&)> hook);

  uint64_t WriteBarrier() const;
  bool IsDurable(uint64_t barrier) const;
  void WhenDurable(uint64_t barrier, std::function<void(const Status&)> done) const;
  Status WaitDurable(uint64_t barrier) const;

  struct Impl;

 private:
  explicit LambdaModel(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace stepshift::lambdas
