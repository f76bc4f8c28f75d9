// TagResource, UntagResource and ListTagsForResource.
#include "api/sfn/sfn_ops.h"
#include "base/status_macros.h"
#include "engine/arn.h"
#include "engine/errors.h"

namespace stepshift::api::sfn {

namespace {

const StringShape kTagKeyShape{.required = true, .min = 1, .max = 128};

// Activities keep their tags with the executions; state machines in the control plane.
Result<engine::Tags> ActivityTags(const OpContext& ctx, const std::string& arn) {
  Result<engine::ActivityDescription> d = ctx.executions->DescribeActivity(arn);
  if (!d.ok())
    return engine::ResourceNotFound("Resource not found: '" + arn + "'");
  return d->tags;
}

}  // namespace

Result<json::Value> TagResource(const OpContext& ctx, RequestReader& in) {
  auto arn = in.String("resourceArn", kArnShape);
  engine::Tags tags;
  if (const json::Array* list = in.List(in.root(), "tags", "tags", {.required = true})) {
    for (size_t i = 0; i < list->size(); ++i) {
      std::string path = "tags." + std::to_string(i + 1) + ".member";
      const json::Object* item = in.Element(*list, i);
      if (item == nullptr) {
        continue;
      }
      auto key = in.String(*item, "key", path + ".key", kTagKeyShape);
      auto value = in.String(*item, "value", path + ".value", {.max = 256});
      tags.emplace_back(key.value_or(""), value.value_or(""));
    }
  }
  RETURN_IF_ERROR(in.Finish());
  RETURN_IF_ERROR(engine::IsActivityResource(*arn) ? ctx.executions->TagActivity(*arn, tags)
                                                   : ctx.plane->TagResource(*arn, tags));
  return json::Value(json::Object());
}

Result<json::Value> UntagResource(const OpContext& ctx, RequestReader& in) {
  auto arn = in.String("resourceArn", kArnShape);
  std::vector<std::string> keys;
  if (const json::Array* list = in.List(in.root(), "tagKeys", "tagKeys", {.required = true})) {
    for (size_t i = 0; i < list->size(); ++i) {
      std::string path = "tagKeys." + std::to_string(i + 1) + ".member";
      keys.push_back(in.StringElement(*list, i, path, kTagKeyShape).value_or(""));
    }
  }
  RETURN_IF_ERROR(in.Finish());
  RETURN_IF_ERROR(engine::IsActivityResource(*arn) ? ctx.executions->UntagActivity(*arn, keys)
                                                   : ctx.plane->UntagResource(*arn, keys));
  return json::Value(json::Object());
}

Result<json::Value> ListTagsForResource(const OpContext& ctx, RequestReader& in) {
  auto arn = in.String("resourceArn", kArnShape);
  RETURN_IF_ERROR(in.Finish());
  ASSIGN_OR_RETURN(engine::Tags tags, engine::IsActivityResource(*arn)
                                          ? ActivityTags(ctx, *arn)
                                          : ctx.plane->ListTagsForResource(*arn));
  json::Array out;
  for (const auto& [key, value] : tags) {
    out.push_back(json::Object{{"key", key}, {"value", value}});
  }
  return json::Value(json::Object{{"tags", std::move(out)}});
}

}  // namespace stepshift::api::sfn
