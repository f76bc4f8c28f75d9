// Versions, aliases, concurrency and invoke resolution.
#include <cmath>
#include <mutex>
#include <sstream>

#include "base/ids.h"
#include "base/status_macros.h"
#include "lambda/lambda_model.h"
#include "lambda/lambda_model_impl.h"

namespace stepshift::lambdas {

using internal::Function;

namespace internal {

Result<const json::Object*> ConfigOf(const Function& function, const std::string& qualifier) {
  if (qualifier == "$LATEST") {
    return &function.latest;
  }
  if (IsVersionNumber(qualifier)) {
    auto it = function.versions.find(std::stoll(qualifier));
    if (it != function.versions.end()) {
      return &it->second;
    }
  }
  return FunctionNotFound(function.arn + ":" + qualifier);
}

Status CheckRevision(const json::Object& request, const std::string& current) {
  const json::Value* given = json::Find(request, "RevisionId");
  if (given && given->is_string() && given->get_string() != current) {
    return RevisionMismatch();
  }
  return Status::Ok();
}

json::Object Page(const std::vector<std::pair<std::string, json::Value>>& items,
                  const ListRequest& list, std::string_view member, int64_t default_max) {
  int64_t max = list.max_items.value_or(default_max);
  json::Array page;
  json::Object out;
  size_t start = 0;
  if (list.marker) {
    while (start < items.size() && items[start].first <= *list.marker) {
      ++start;
    }
  }
  for (size_t i = start; i < items.size(); ++i) {
    if (int64_t(page.size()) == max) {
      out["NextMarker"] = items[i - 1].first;
      break;
    }
    page.push_back(items[i].second);
  }
  out[member] = std::move(page);
  return out;
}

}  // namespace internal

namespace {

// AdditionalVersionWeights as AWS checks it against the alias's FunctionVersion. Returns the
// RoutingConfig member to store (an empty map clears it).
Result<json::Object> CheckRouting(const Function& function, const std::string& primary,
                                  const json::Value& routing) {
  const json::Value* weights =
      routing.is_object() ? json::Find(routing.get_object(), "AdditionalVersionWeights") : nullptr;
  if (!weights || !weights->is_object() || weights->get_object().empty()) {
    return json::Object();
  }
  const json::Object& map = weights->get_object();
  if (map.size() > 1) {
    return InvalidParameter("Number of items in AdditionalVersionWeights cannot be greater than 1");
  }
  const auto& [key, value] = *map.begin();
  double weight = value.is_number() ? value.to_number<double>() : -1;
  std::ostringstream shown;
  shown << "{" << std::string(key) << "=" << json::Serialize(value) << "}";
  if (weight < 0.0 || weight > 1.0) {
    return ValidationError("1 validation error detected: Value '" + shown.str() +
                           "' at 'routingConfig.additionalVersionWeights' failed to satisfy "
                           "constraint: Map value must satisfy constraint: [Member must have "
                           "value less than or equal to 1.0, Member must have value greater than "
                           "or equal to 0.0, Member must not be null]");
  }
  if (!IsVersionNumber(key)) {
    return ValidationError("1 validation error detected: Value '" + shown.str() +
                           "' at 'routingConfig.additionalVersionWeights' failed to satisfy "
                           "constraint: Map keys must satisfy constraint: [Member must have length "
                           "less than or equal to 1024, Member must have length greater than or "
                           "equal to 1, Member must satisfy regular expression pattern: [0-9]+, "
                           "Member must not be null]");
  }
  if (key == primary) {
    return InvalidParameter("Invalid function version " + primary + ". Function version " +
                            primary + " is already included in routing configuration.");
  }
  if (primary == "$LATEST") {
    return InvalidParameter(
        "$LATEST is not supported for an alias pointing to more than 1 version");
  }
  ASSIGN_OR_RETURN(const json::Object* target, internal::ConfigOf(function, std::string(key)));
  ASSIGN_OR_RETURN(const json::Object* main, internal::ConfigOf(function, primary));
  // AWS routes one alias to two versions only when both run with the same execution role and
  // the same dead-letter queue (or none).
  if (internal::Member(*main, "Role") != internal::Member(*target, "Role")) {
    return InvalidParameter("Specified versions must be associated with the same execution role");
  }
  auto dead_letter = [](const json::Object* config) {
    const json::Value* dlq = json::Find(*config, "DeadLetterConfig");
    return dlq ? json::Serialize(*dlq) : std::string();
  };
  if (dead_letter(main) != dead_letter(target)) {
    return InvalidParameter(
        "Specified versions must be associated with the same dead letter queue configuration");
  }
  return json::Object{{"AdditionalVersionWeights", json::Object{{key, weight}}}};
}

// Sets FunctionVersion, Description and RoutingConfig of `alias` from `request`, checked.
Status ApplyAlias(const Function& function, const json::Object& request, json::Object* alias) {
  if (const json::Value* v = json::Find(request, "FunctionVersion"); v && v->is_string()) {
    std::string version(v->get_string());
    ASSIGN_OR_RETURN(const json::Object* config, internal::ConfigOf(function, version));
    (void)config;
    (*alias)["FunctionVersion"] = version;
  }
  if (const json::Value* v = json::Find(request, "Description"); v && v->is_string()) {
    (*alias)["Description"] = *v;
  }
  const json::Value* routing = json::Find(request, "RoutingConfig");
  const json::Value* current = json::Find(*alias, "RoutingConfig");
  json::Value effective = routing ? *routing : current ? *current : json::Value();
  ASSIGN_OR_RETURN(json::Object checked,
                   CheckRouting(function, internal::Member(*alias, "FunctionVersion"), effective));
  if (checked.empty()) {
    alias->erase("RoutingConfig");
  } else {
    (*alias)["RoutingConfig"] = std::move(checked);
  }
  (*alias)["RevisionId"] = NewUuid();
  return Status::Ok();
}

Status AliasNotFound(const Function& function, const std::string& alias) {
  return ResourceNotFound("Cannot find alias arn: " + function.arn + ":" + alias);
}

}  // namespace

Result<json::Object> LambdaModel::PublishVersion(const CallContext& ctx, const std::string& name,
                                                 const json::Object& request) {
  ASSIGN_OR_RETURN(FunctionRef ref, ParseFunctionName(ctx, name, false));
  std::unique_lock lock(impl_->mu);
  ASSIGN_OR_RETURN(Function * function, impl_->Find(ctx, ref.name));
  RETURN_IF_ERROR(
      internal::CheckRevision(request, internal::Member(function->latest, "RevisionId")));
  std::string current_sha = internal::Member(function->latest, "CodeSha256");
  if (const json::Value* sha = json::Find(request, "CodeSha256");
      sha && sha->is_string() && sha->get_string() != current_sha) {
    return InvalidParameter("CodeSHA256 (" + std::string(sha->get_string()) +
                            ") is different from current CodeSHA256 in $LATEST (" + current_sha +
                            "). Please try again with the CodeSHA256 in $LATEST.");
  }
  // As AWS: when neither the code nor the configuration changed since the newest version,
  // publishing returns that version instead of a copy.
  if (!function->versions.empty()) {
    const json::Object& newest = function->versions.rbegin()->second;
    if (internal::PublishedState(newest) == internal::PublishedState(function->latest)) {
      return newest;
    }
  }
  int64_t number = function->next_version++;
  json::Object version = function->latest;
  version["Version"] = std::to_string(number);
  version["FunctionArn"] = function->arn + ":" + std::to_string(number);
  version["RevisionId"] = NewUuid();
  if (const json::Value* d = json::Find(request, "Description"); d && d->is_string()) {
    version["Description"] = *d;
  }
  version.erase("LastUpdateStatus");
  function->versions[number] = version;
  function->latest["RevisionId"] = NewUuid();  // AWS changes $LATEST's revision on publish
  impl_->Persist(*function);
  return version;
}

Result<json::Object> LambdaModel::ListVersionsByFunction(const CallContext& ctx,
                                                         const std::string& name,
                                                         const ListRequest& list) {
  ASSIGN_OR_RETURN(FunctionRef ref, ParseFunctionName(ctx, name, false));
  std::shared_lock lock(impl_->mu);
  ASSIGN_OR_RETURN(Function * function, impl_->Find(ctx, ref.name));
  json::Object latest = function->latest;
  latest["FunctionArn"] = function->arn + ":$LATEST";
  // Markers are zero-padded positions so that $LATEST sorts first and 10 after 9.
  std::vector<std::pair<std::string, json::Value>> items{{"0000000000", latest}};
  for (const auto& [number, config] : function->versions) {
    std::string key = std::to_string(number);
    items.emplace_back(std::string(10 - key.size(), '0') + key, config);
  }
  return internal::Page(items, list, "Versions", 50);
}

Result<json::Object> LambdaModel::CreateAlias(const CallContext& ctx, const std::string& name,
                                              const json::Object& request) {
  ASSIGN_OR_RETURN(FunctionRef ref, ParseFunctionName(ctx, name, false));
  const json::Value* alias_name = json::Find(request, "Name");
  std::string alias_text =
      alias_name && alias_name->is_string() ? std::string(alias_name->get_string()) : "";
  if (!IsValidAliasName(alias_text)) {
    return ValidationError("1 validation error detected: Value '" + alias_text +
                           "' at 'name' failed to satisfy constraint: Member must satisfy regular "
                           "expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)");
  }
  std::unique_lock lock(impl_->mu);
  ASSIGN_OR_RETURN(Function * function, impl_->Find(ctx, ref.name));
  if (function->aliases.count(alias_text)) {
    return ResourceConflict("Alias already exists: " + function->arn + ":" + alias_text);
  }
  json::Object alias{{"AliasArn", function->arn + ":" + alias_text},
                     {"Name", alias_text},
                     {"FunctionVersion", ""},
                     {"Description", ""}};
  RETURN_IF_ERROR(ApplyAlias(*function, request, &alias));
  function->aliases[alias_text] = alias;
  impl_->Persist(*function);
  return alias;
}

Result<json::Object> LambdaModel::GetAlias(const CallContext& ctx, const std::string& name,
                                           const std::string& alias) {
  ASSIGN_OR_RETURN(FunctionRef ref, ParseFunctionName(ctx, name, false));
  std::shared_lock lock(impl_->mu);
  ASSIGN_OR_RETURN(Function * function, impl_->Find(ctx, ref.name));
  auto it = function->aliases.find(alias);
  if (it == function->aliases.end()) {
    return AliasNotFound(*function, alias);
  }
  return it->second;
}

Result<json::Object> LambdaModel::UpdateAlias(const CallContext& ctx, const std::string& name,
                                              const std::string& alias,
                                              const json::Object& request) {
  ASSIGN_OR_RETURN(FunctionRef ref, ParseFunctionName(ctx, name, false));
  std::unique_lock lock(impl_->mu);
  ASSIGN_OR_RETURN(Function * function, impl_->Find(ctx, ref.name));
  auto it = function->aliases.find(alias);
  if (it == function->aliases.end()) {
    return AliasNotFound(*function, alias);
  }
  RETURN_IF_ERROR(internal::CheckRevision(request, internal::Member(it->second, "RevisionId")));
  json::Object updated = it->second;
  RETURN_IF_ERROR(ApplyAlias(*function, request, &updated));
  it->second = updated;
  impl_->Persist(*function);
  return updated;
}

Status LambdaModel::DeleteAlias(const CallContext& ctx, const std::string& name,
                                const std::string& alias) {
  ASSIGN_OR_RETURN(FunctionRef ref, ParseFunctionName(ctx, name, false));
  std::unique_lock lock(impl_->mu);
  ASSIGN_OR_RETURN(Function * function, impl_->Find(ctx, ref.name));
  // AWS answers 204 for an alias that does not exist.
  if (function->aliases.erase(alias) > 0) {
    impl_->Persist(*function);
  }
  return Status::Ok();
}

Result<json::Object> LambdaModel::ListAliases(const CallContext& ctx, const std::string& name,
                                              const std::optional<std::string>& function_version,
                                              const ListRequest& list) {
  ASSIGN_OR_RETURN(FunctionRef ref, ParseFunctionName(ctx, name, false));
  std::shared_lock lock(impl_->mu);
  ASSIGN_OR_RETURN(Function * function, impl_->Find(ctx, ref.name));
  std::vector<std::pair<std::string, json::Value>> items;
  for (const auto& [alias_name, alias] : function->aliases) {
    if (!function_version || internal::Member(alias, "FunctionVersion") == *function_version) {
      items.emplace_back(alias_name, alias);
    }
  }
  return internal::Page(items, list, "Aliases", 50);
}

Result<json::Object> LambdaModel::PutFunctionConcurrency(const CallContext& ctx,
                                                         const std::string& name,
                                                         const json::Object& request) {
  ASSIGN_OR_RETURN(FunctionRef ref, ParseFunctionName(ctx, name, false));
  const json::Value* n = json::Find(request, "ReservedConcurrentExecutions");
  if (!n || !n->is_int64() || n->get_int64() < 0) {
    return ValidationError(
        "1 validation error detected: Value '" + (n ? json::Serialize(*n) : "null") +
        "' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value "
        "greater than or equal to 0");
  }
  std::unique_lock lock(impl_->mu);
  ASSIGN_OR_RETURN(Function * function, impl_->Find(ctx, ref.name));
  function->reserved_concurrency = n->get_int64();
  impl_->Persist(*function);
  return json::Object{{"ReservedConcurrentExecutions", n->get_int64()}};
}

Result<json::Object> LambdaModel::GetFunctionConcurrency(const CallContext& ctx,
                                                         const std::string& name) {
  ASSIGN_OR_RETURN(FunctionRef ref, ParseFunctionName(ctx, name, false));
  std::shared_lock lock(impl_->mu);
  ASSIGN_OR_RETURN(Function * function, impl_->Find(ctx, ref.name));
  json::Object out;
  if (function->reserved_concurrency) {
    out["ReservedConcurrentExecutions"] = *function->reserved_concurrency;
  }
  return out;
}

Status LambdaModel::DeleteFunctionConcurrency(const CallContext& ctx, const std::string& name) {
  ASSIGN_OR_RETURN(FunctionRef ref, ParseFunctionName(ctx, name, false));
  std::unique_lock lock(impl_->mu);
  ASSIGN_OR_RETURN(Function * function, impl_->Find(ctx, ref.name));
  function->reserved_concurrency.reset();
  impl_->Persist(*function);
  return Status::Ok();
}

Result<InvokeTarget> LambdaModel::ResolveInvoke(const CallContext& ctx, const std::string& name,
                                                const std::optional<std::string>& qualifier,
                                                double uniform) {
  ASSIGN_OR_RETURN(FunctionRef ref, ParseFunctionName(ctx, name, true));
  ASSIGN_OR_RETURN(std::optional<std::string> q, MergeQualifier(ref, qualifier));
  std::shared_lock lock(impl_->mu);
  ASSIGN_OR_RETURN(Function * function, impl_->Find(ctx, ref.name));
  InvokeTarget target;
  target.function_name = function->name;
  target.function_arn = function->arn;
  target.invoked_arn = q ? function->arn + ":" + *q : function->arn;
  target.resource = q ? function->name + ":" + *q : function->name;
  target.reserved_concurrency = function->reserved_concurrency;
  std::string version = q.value_or("$LATEST");
  if (auto alias = function->aliases.find(version); alias != function->aliases.end()) {
    target.via_alias = true;
    version = internal::Member(alias->second, "FunctionVersion");
    const json::Value* routing = json::Find(alias->second, "RoutingConfig");
    if (routing && routing->is_object()) {
      const json::Object& weights =
          routing->get_object().at("AdditionalVersionWeights").as_object();
      if (!weights.empty() && uniform < weights.begin()->value().to_number<double>()) {
        version = std::string(weights.begin()->key());
      }
    }
  }
  ASSIGN_OR_RETURN(const json::Object* config, internal::ConfigOf(*function, version));
  target.executed_version = version;
  target.config = *config;
  return target;
}

Result<std::shared_ptr<const std::string>> LambdaModel::Code(const std::string& sha256) const {
  std::shared_lock lock(impl_->mu);
  auto it = impl_->code.find(sha256);
  if (it == impl_->code.end()) {
    return Status::NotFound("no code with CodeSha256 " + sha256);
  }
  return it->second;
}

}  // namespace stepshift::lambdas
