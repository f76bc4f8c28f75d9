// Function tags: TagResource, UntagResource and ListTags. Their Resource is a full, unqualified
// function ARN; AWS refuses a bare name (ValidationException), a version or alias ARN
// (InvalidParameterValueException) and a function that does not exist (ResourceNotFound).
#include <mutex>
#include <regex>

#include "base/status_macros.h"
#include "lambda/lambda_model.h"
#include "lambda/lambda_model_impl.h"

namespace stepshift::lambdas {

namespace {

// AWS's TaggableResource pattern, quoted in its validation message.
constexpr std::string_view kTaggablePattern =
    "arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:"
    "[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|code-signing-config:csc-[a-z0-9]{17}|event-"
    "source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|"
    "capacity-provider:[a-zA-Z0-9-_]+)";

// The same pattern, capturing region (1), account (2), function name (3) and qualifier (4).
const std::regex& TaggableRegex() {
  static const std::regex re(
      "arn:aws[a-zA-Z-]*:lambda:([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d):(\\d{12}):"
      "(?:function:([a-zA-Z0-9\\-_]+)(?::(\\$LATEST|[a-zA-Z0-9\\-_]+))?|code-signing-config:"
      "csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
      "[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9\\-_]+)");
  return re;
}

// The name of the function `resource` tags. Other taggable resources (event source mappings,
// code signing configurations, capacity providers) never exist here.
Result<std::string> TaggedFunction(const CallContext& ctx, const std::string& resource) {
  std::smatch m;
  if (resource.size() > 256 || !std::regex_match(resource, m, TaggableRegex())) {
    return ValidationError("1 validation error detected: Value '" + resource +
                           "' at 'resource' failed to satisfy constraint: Member must satisfy "
                           "regular expression pattern: " +
                           std::string(kTaggablePattern));
  }
  if (m[4].matched) {
    return InvalidParameter(
        "Tags on function aliases and versions are not supported. Please specify a function "
        "ARN.");
  }
  if (!m[3].matched) {
    return ResourceNotFound("The resource you requested does not exist.");
  }
  if (m[1].str() != ctx.region || m[2].str() != ctx.account) {
    return FunctionNotFound(resource);
  }
  return m[3].str();
}

}  // namespace

Status LambdaModel::TagResource(const CallContext& ctx, const std::string& resource,
                                const json::Object& request) {
  ASSIGN_OR_RETURN(std::string name, TaggedFunction(ctx, resource));
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
  std::unique_lock lock(impl_->mu);
  ASSIGN_OR_RETURN(internal::Function * function, impl_->Find(ctx, name));
  for (const auto& [key, value] : tags->get_object())
    function->tags[key] = value;
  impl_->Persist(*function);
  return Status::Ok();
}

Status LambdaModel::UntagResource(const CallContext& ctx, const std::string& resource,
                                  const std::vector<std::string>& keys) {
  ASSIGN_OR_RETURN(std::string name, TaggedFunction(ctx, resource));
  if (keys.empty()) {
    return ValidationError(
        "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: "
        "Member must not be null");
  }
  std::unique_lock lock(impl_->mu);
  ASSIGN_OR_RETURN(internal::Function * function, impl_->Find(ctx, name));
  for (const std::string& key : keys)
    function->tags.erase(key);  // AWS ignores a key the function does not carry
  impl_->Persist(*function);
  return Status::Ok();
}

Result<json::Object> LambdaModel::ListTags(const CallContext& ctx, const std::string& resource) {
  ASSIGN_OR_RETURN(std::string name, TaggedFunction(ctx, resource));
  std::shared_lock lock(impl_->mu);
  ASSIGN_OR_RETURN(internal::Function * function, impl_->Find(ctx, name));
  return json::Object{{"Tags", function->tags}};
}

}  // namespace stepshift::lambdas
