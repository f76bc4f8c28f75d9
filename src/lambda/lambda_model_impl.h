// Internals shared by the lambda_model*.cc files.
#pragma once

#include <memory>
#include <shared_mutex>
#include <string>

#include "lambda/errors.h"
#include "lambda/function_config.h"
#include "lambda/lambda_model.h"
#include "lambda/lambda_store.h"
#include "store/committer.h"

namespace stepshift::lambdas {

struct LambdaModel::Impl {
  Clock* clock = nullptr;
  std::unique_ptr<internal::LambdaStore> store;  // used only by the committer thread
  // Declared after `store`, which its thread uses: destroyed (and drained) first.
  std::unique_ptr<store::Committer> committer;
  // Guards `functions` and `code`: shared for reads, exclusive for writes.
  mutable std::shared_mutex mu;
  internal::FunctionMap functions;
  internal::CodeMap code;
  std::function<void(const std::string&)> retire;  // set once, before serving

  std::string Now() const { return internal::LambdaTimestamp(clock->Now()); }

  // REQUIRES: `mu` held. FunctionNotFound (for `name`'s unqualified ARN) when absent.
  Result<internal::Function*> Find(const CallContext& ctx, const std::string& name) const;
  // REQUIRES: `mu` held exclusively, the change already made. Queues the function's document.
  void Persist(const internal::Function& function);
  void PersistDelete(const std::string& arn);
  // REQUIRES: `mu` held exclusively. Keeps `code` and queues it when new.
  void KeepCode(const internal::Code& code);
  // After a failed commit, on the committer thread: reloads the model from the database.
  void Resynchronise(const Status& failure);
  void Retire(const std::string& arn) const;
  // Applies `change` to $LATEST of `name` after the request's RevisionId check, stamps it (new
  // LastModified and revisions), persists it and retires its warm environments. Returns the
  // new configuration.
  Result<json::Object> UpdateLatest(const CallContext& ctx, const std::string& name,
                                    const json::Object& request,
                                    const std::function<Status(internal::Function*)>& change);
};

namespace internal {

// The configuration a qualifier names ("$LATEST" or a version number); aliases are not
// configurations. FunctionNotFound for the qualified ARN otherwise.
Result<const json::Object*> ConfigOf(const Function& function, const std::string& qualifier);

// Checks RevisionId against `current` when the request carries one.
Status CheckRevision(const json::Object& request, const std::string& current);

// The page of `items` (in key order) after `list.marker`, with NextMarker when more remain.
// `default_max` applies when MaxItems is absent.
json::Object Page(const std::vector<std::pair<std::string, json::Value>>& items,
                  const ListRequest& list, std::string_view member, int64_t default_max);

}  // namespace internal
}  // namespace stepshift::lambdas
