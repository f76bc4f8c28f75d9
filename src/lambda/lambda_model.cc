#include "lambda/lambda_model.h"

#include <mutex>

#include "base/ids.h"
#include "base/status_macros.h"
#include "lambda/lambda_model_impl.h"

namespace stepshift::lambdas {

using internal::Function;

Result<Function*> LambdaModel::Impl::Find(const CallContext& ctx, const std::string& name) const {
  std::string arn = FunctionArn(ctx, name);
  auto it = functions.find(arn);
  if (it == functions.end()) {
    return FunctionNotFound(arn);
  }
  return it->second.get();
}

void LambdaModel::Impl::Persist(const Function& function) {
  committer->Enqueue([store = store.get(), copy = function](store::Database&) {
    return store->PutFunction(copy);
  });
}

void LambdaModel::Impl::PersistDelete(const std::string& arn) {
  committer->Enqueue(
      [store = store.get(), arn](store::Database&) { return store->DeleteFunction(arn); });
}

void LambdaModel::Impl::KeepCode(const internal::Code& new_code) {
  if (code.emplace(new_code.sha256, new_code.zip).second) {
    committer->Enqueue([store = store.get(), new_code](store::Database&) {
      return store->PutCode(new_code.sha256, *new_code.zip);
    });
  }
}

void LambdaModel::Impl::Resynchronise(const Status& failure) {
  std::unique_lock lock(mu);
  committer->DropQueued(failure);
  internal::FunctionMap reloaded;
  internal::CodeMap reloaded_code;
  if (store->LoadAll(&reloaded, &reloaded_code).ok()) {
    functions = std::move(reloaded);
    code = std::move(reloaded_code);
  }
}

void LambdaModel::Impl::Retire(const std::string& arn) const {
  if (retire) {
    retire(arn);
  }
}

LambdaModel::LambdaModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

LambdaModel::~LambdaModel() = default;

Result<std::unique_ptr<LambdaModel>> LambdaModel::Open(store::Database* db, Clock* clock) {
  auto impl = std::make_unique<Impl>();
  impl->clock = clock;
  ASSIGN_OR_RETURN(impl->store, internal::LambdaStore::Open(db));
  RETURN_IF_ERROR(impl->store->LoadAll(&impl->functions, &impl->code));
  Impl* raw = impl.get();
  impl->committer = std::make_unique<store::Committer>(
      db, [raw](const Status& failure) { raw->Resynchronise(failure); });
  return std::unique_ptr<LambdaModel>(new LambdaModel(std::move(impl)));
}

void LambdaModel::SetRetireHook(std::function<void(const std::string&)> hook) {
  impl_->retire = std::move(hook);
}

uint64_t LambdaModel::WriteBarrier() const {
  return impl_->committer->LastQueued();
}

bool LambdaModel::IsDurable(uint64_t barrier) const {
  return impl_->committer->IsSettled(barrier);
}

void LambdaModel::WhenDurable(uint64_t barrier, std::function<void(const Status&)> done) const {
  impl_->committer->WhenDurable(barrier, std::move(done));
}

Status LambdaModel::WaitDurable(uint64_t barrier) const {
  return impl_->committer->WaitDurable(barrier);
}

Result<json::Object> LambdaModel::CreateFunction(const CallContext& ctx,
                                                 const json::Object& request) {
  const json::Value* name_member = json::Find(request, "FunctionName");
  if (name_member == nullptr || !name_member->is_string()) {
    return ValidationError(
        "1 validation error detected: Value null at 'functionName' failed to satisfy "
        "constraint: Member must not be null");
  }
  ASSIGN_OR_RETURN(FunctionRef ref, ParseFunctionName(ctx, name_member->get_string(), false));
  const json::Value* code_member = json::Find(request, "Code");
  ASSIGN_OR_RETURN(internal::Code code, internal::TakeCode(code_member && code_member->is_object()
                                                               ? code_member->get_object()
                                                               : json::Object()));
  ASSIGN_OR_RETURN(json::Object config,
                   internal::NewConfiguration(ctx, ref.name, request, code, impl_->Now()));
  auto function = std::make_shared<Function>();
  function->arn = FunctionArn(ctx, ref.name);
  function->name = ref.name;
  config["RevisionId"] = NewUuid();
  function->latest = std::move(config);
  if (const json::Value* tags = json::Find(request, "Tags"); tags && tags->is_object()) {
    function->tags = tags->get_object();
  }
  std::unique_lock lock(impl_->mu);
  if (impl_->functions.count(function->arn)) {
    return ResourceConflict("Function already exist: " + ref.name);
  }
  impl_->KeepCode(code);
  impl_->functions[function->arn] = function;
  impl_->Persist(*function);
  const json::Value* publish = json::Find(request, "Publish");
  if (publish && publish->is_bool() && publish->get_bool()) {
    lock.unlock();
    return PublishVersion(ctx, ref.name, json::Object());
  }
  return function->latest;
}

Result<json::Object> LambdaModel::GetFunctionConfiguration(
    const CallContext& ctx, const std::string& name, const std::optional<std::string>& qualifier) {
  ASSIGN_OR_RETURN(FunctionRef ref, ParseFunctionName(ctx, name, true));
  ASSIGN_OR_RETURN(std::optional<std::string> q, MergeQualifier(ref, qualifier));
  std::shared_lock lock(impl_->mu);
  ASSIGN_OR_RETURN(Function * function, impl_->Find(ctx, ref.name));
  if (q && function->aliases.count(*q)) {
    q = internal::Member(function->aliases.at(*q), "FunctionVersion");
  }
  ASSIGN_OR_RETURN(const json::Object* config,
                   internal::ConfigOf(*function, q.value_or("$LATEST")));
  return *config;
}

Result<json::Object> LambdaModel::GetFunction(const CallContext& ctx, const std::string& name,
                                              const std::optional<std::string>& qualifier,
                                              const std::string& code_location) {
  ASSIGN_OR_RETURN(json::Object config, GetFunctionConfiguration(ctx, name, qualifier));
  json::Object out;
  out["Configuration"] = config;
  out["Code"] = json::Object{{"RepositoryType", "S3"}, {"Location", code_location}};
  std::shared_lock lock(impl_->mu);
  ASSIGN_OR_RETURN(Function * function, impl_->Find(ctx, internal::Member(config, "FunctionName")));
  if (!function->tags.empty()) {
    out["Tags"] = function->tags;
  }
  if (function->reserved_concurrency) {
    out["Concurrency"] =
        json::Object{{"ReservedConcurrentExecutions", *function->reserved_concurrency}};
  }
  return out;
}

Result<json::Object> LambdaModel::Impl::UpdateLatest(
    const CallContext& ctx, const std::string& name, const json::Object& request,
    const std::function<Status(Function*)>& change) {
  ASSIGN_OR_RETURN(FunctionRef ref, ParseFunctionName(ctx, name, false));
  std::unique_lock lock(mu);
  ASSIGN_OR_RETURN(Function * function, Find(ctx, ref.name));
  RETURN_IF_ERROR(
      internal::CheckRevision(request, internal::Member(function->latest, "RevisionId")));
  RETURN_IF_ERROR(change(function));
  function->latest["LastModified"] = Now();
  function->latest["RevisionId"] = NewUuid();
  Persist(*function);
  json::Object out = function->latest;
  std::string arn = function->arn;
  lock.unlock();
  Retire(arn);
  return out;
}

Result<json::Object> LambdaModel::UpdateFunctionCode(const CallContext& ctx,
                                                     const std::string& name,
                                                     const json::Object& request) {
  ASSIGN_OR_RETURN(internal::Code code, internal::TakeCode(request));
  ASSIGN_OR_RETURN(json::Object out,
                   impl_->UpdateLatest(ctx, name, request, [&](Function* function) {
                     impl_->KeepCode(code);
                     internal::SetCode(code, &function->latest);
                     return Status::Ok();
                   }));
  const json::Value* publish = json::Find(request, "Publish");
  if (publish && publish->is_bool() && publish->get_bool()) {
    return PublishVersion(ctx, name, json::Object());
  }
  return out;
}

Result<json::Object> LambdaModel::UpdateFunctionConfiguration(const CallContext& ctx,
                                                              const std::string& name,
                                                              const json::Object& request) {
  return impl_->UpdateLatest(ctx, name, request, [&](Function* function) {
    return internal::UpdateConfiguration(request, &function->latest);
  });
}

Status LambdaModel::DeleteFunction(const CallContext& ctx, const std::string& name,
                                   const std::optional<std::string>& qualifier) {
  ASSIGN_OR_RETURN(FunctionRef ref, ParseFunctionName(ctx, name, true));
  ASSIGN_OR_RETURN(std::optional<std::string> q, MergeQualifier(ref, qualifier));
  std::unique_lock lock(impl_->mu);
  ASSIGN_OR_RETURN(Function * function, impl_->Find(ctx, ref.name));
  std::string arn = function->arn;
  if (!q) {
    impl_->functions.erase(arn);
    impl_->PersistDelete(arn);
  } else if (*q == "$LATEST") {
    return InvalidParameter("$LATEST version cannot be deleted without deleting the function.");
  } else {
    ASSIGN_OR_RETURN(const json::Object* config, internal::ConfigOf(*function, *q));
    (void)config;
    std::vector<std::string> referencing;
    for (const auto& [alias_name, alias] : function->aliases) {
      const json::Value* routing = json::Find(alias, "RoutingConfig");
      bool weighted =
          routing && json::Serialize(*routing).find("\"" + *q + "\"") != std::string::npos;
      if (internal::Member(alias, "FunctionVersion") == *q || weighted) {
        referencing.push_back(alias_name);
      }
    }
    if (!referencing.empty()) {
      std::string list;
      for (const std::string& a : referencing) {
        list += (list.empty() ? "" : ", ") + a;
      }
      return ResourceConflict(
          "Unable to delete version because the following aliases reference it: [" + list + "]");
    }
    function->versions.erase(std::stoll(*q));
    impl_->Persist(*function);
  }
  lock.unlock();
  impl_->Retire(arn);
  return Status::Ok();
}

Result<json::Object> LambdaModel::ListFunctions(const CallContext& ctx, const ListRequest& list) {
  std::string prefix = FunctionArn(ctx, "");
  std::vector<std::pair<std::string, json::Value>> items;
  std::shared_lock lock(impl_->mu);
  for (auto it = impl_->functions.lower_bound(prefix);
       it != impl_->functions.end() && it->first.starts_with(prefix); ++it) {
    items.emplace_back(it->second->name, it->second->latest);
  }
  return internal::Page(items, list, "Functions", 50);
}

}  // namespace stepshift::lambdas
