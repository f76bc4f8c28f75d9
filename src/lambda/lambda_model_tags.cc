// Function tags: TagResource and ListTags.
#include <mutex>

#include "base/status_macros.h"
#include "lambda/lambda_model.h"
#include "lambda/lambda_model_impl.h"

namespace stepshift::lambdas {

Status LambdaModel::TagResource(const CallContext& ctx, const std::string& resource,
                                const json::Object& request) {
  const json::Value* tags = json::Find(request, "Tags");
  if (tags == nullptr || !tags->is_object()) {
    return ValidationError(
        "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member "
        "must not be null");
  }
  for (const auto& [key, value] : tags->get_object()) {
    if (!value.is_string())
      return InvalidParameter("Tag values must be strings: " + std::string(key));
  }
  ASSIGN_OR_RETURN(FunctionRef ref, ParseFunctionName(ctx, resource, false));
  std::unique_lock lock(impl_->mu);
  ASSIGN_OR_RETURN(internal::Function * function, impl_->Find(ctx, ref.name));
  for (const auto& [key, value] : tags->get_object())
    function->tags[key] = value;
  impl_->Persist(*function);
  return Status::Ok();
}

Result<json::Object> LambdaModel::ListTags(const CallContext& ctx, const std::string& resource) {
  ASSIGN_OR_RETURN(FunctionRef ref, ParseFunctionName(ctx, resource, false));
  std::shared_lock lock(impl_->mu);
  ASSIGN_OR_RETURN(internal::Function * function, impl_->Find(ctx, ref.name));
  return json::Object{{"Tags", function->tags}};
}

}  // namespace stepshift::lambdas
