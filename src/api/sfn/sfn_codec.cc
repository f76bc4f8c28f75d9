// Shapes and encodings shared by the Step Functions handlers.
#include "api/sfn/sfn_ops.h"

namespace stepshift::api::sfn {

json::Value Timestamp(Time t) {
  return ToEpochSeconds(t);
}

engine::PageRequest ReadPage(RequestReader& in) {
  engine::PageRequest page;
  page.max_results = in.Integer("maxResults", kMaxResultsShape).value_or(0);
  page.next_token = in.String("nextToken", kNextTokenShape);
  return page;
}

json::Value ArnItemPage(const engine::Page<engine::ArnItem>& page, std::string_view list_name,
                        std::string_view arn_name) {
  json::Array items;
  items.reserve(page.items.size());
  for (const engine::ArnItem& item : page.items) {
    items.push_back(
        json::Object{{arn_name, item.arn}, {"creationDate", Timestamp(item.creation_date)}});
  }
  json::Object out{{list_name, std::move(items)}};
  if (page.next_token) {
    out["nextToken"] = *page.next_token;
  }
  return out;
}

namespace {

// AWS prints a routing list the way Java's toString renders its model objects.
std::string RenderRouting(const json::Array& list) {
  std::string text = "[";
  for (size_t i = 0; i < list.size(); ++i) {
    const json::Object* item = list[i].if_object();
    const json::Value* arn = item ? item->if_contains("stateMachineVersionArn") : nullptr;
    const json::Value* weight = item ? item->if_contains("weight") : nullptr;
    text += (i > 0 ? ", " : "");
    text += "RoutingConfigurationListItem(stateMachineVersionArn=";
    text += arn && arn->is_string() ? std::string(arn->as_string()) : "null";
    text += ", weight=" + (weight && !weight->is_null() ? json::Serialize(*weight) : "null") + ")";
  }
  return text + "]";
}

}  // namespace

std::optional<std::vector<engine::RoutingEntry>> ReadRouting(RequestReader& in, bool required) {
  const json::Array* list =
      in.List(in.root(), "routingConfiguration", "routingConfiguration",
              {.required = required, .min = 1, .max = 2, .render = RenderRouting});
  if (list == nullptr) {
    return std::nullopt;
  }
  std::vector<engine::RoutingEntry> routing;
  for (size_t i = 0; i < list->size(); ++i) {
    std::string path = "routingConfiguration." + std::to_string(i + 1) + ".member";
    const json::Object* item = in.Element(*list, i);
    if (item == nullptr) {
      continue;
    }
    auto arn =
        in.String(*item, "stateMachineVersionArn", path + ".stateMachineVersionArn", kArnShape);
    auto weight =
        in.Integer(*item, "weight", path + ".weight", {.required = true, .min = 0, .max = 100});
    routing.push_back({arn.value_or(""), weight.value_or(0)});
  }
  return routing;
}

json::Value EncodeRouting(const std::vector<engine::RoutingEntry>& routing) {
  json::Array out;
  for (const engine::RoutingEntry& entry : routing) {
    out.push_back(json::Object{{"stateMachineVersionArn", entry.state_machine_version_arn},
                               {"weight", entry.weight}});
  }
  return out;
}

std::optional<json::Value> ReadEncryption(RequestReader& in) {
  const std::string path = "encryptionConfiguration";
  const json::Object* given = in.Structure(in.root(), path, path);
  if (given == nullptr) {
    return std::nullopt;
  }
  json::Object out;
  if (auto key = in.String(*given, "kmsKeyId", path + ".kmsKeyId", {.min = 1, .max = 2048})) {
    out["kmsKeyId"] = *key;
  }
  if (auto period = in.Integer(*given, "kmsDataKeyReusePeriodSeconds",
                               path + ".kmsDataKeyReusePeriodSeconds", {.min = 60, .max = 900})) {
    out["kmsDataKeyReusePeriodSeconds"] = *period;
  }
  if (auto type = in.String(
          *given, "type", path + ".type",
          {.required = true, .enum_values = {"AWS_OWNED_KEY", "CUSTOMER_MANAGED_KMS_KEY"}})) {
    out["type"] = *type;
  }
  return json::Value(std::move(out));
}

engine::Tags ReadTags(RequestReader& in) {
  engine::Tags tags;
  const json::Array* list = in.List(in.root(), "tags", "tags", {});
  for (size_t i = 0; list != nullptr && i < list->size(); ++i) {
    std::string path = "tags." + std::to_string(i + 1) + ".member";
    const json::Object* item = in.Element(*list, i);
    if (item == nullptr) {
      continue;
    }
    auto key = in.String(*item, "key", path + ".key", {.required = true, .min = 1, .max = 128});
    auto value = in.String(*item, "value", path + ".value", {.max = 256});
    tags.emplace_back(key.value_or(""), value.value_or(""));
  }
  return tags;
}

}  // namespace stepshift::api::sfn
