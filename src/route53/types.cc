#include "route53/types.h"

#include <cctype>

namespace stepshift::route53 {

std::string NormalizeName(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == '*') {
      out += "\\052";
    } else {
      out += char(std::tolower(uint8_t(c)));
    }
  }
  if (out.empty() || out.back() != '.') {
    out += '.';
  }
  return out;
}

std::string ReversedLabels(std::string_view name) {
  if (!name.empty() && name.back() == '.') {
    name.remove_suffix(1);
  }
  std::string out;
  while (!name.empty()) {
    size_t dot = name.rfind('.');
    std::string_view label = dot == std::string_view::npos ? name : name.substr(dot + 1);
    out += (out.empty() ? "" : ".") + std::string(label);
    name = dot == std::string_view::npos ? std::string_view() : name.substr(0, dot);
  }
  return out;
}

RecordKey KeyOf(const RecordSet& record) {
  return {ReversedLabels(record.name), record.type, record.set_identifier.value_or("")};
}

json::Value ToJson(const RecordSet& r) {
  json::Object o{{"Name", r.name}, {"Type", r.type}};
  if (r.set_identifier) {
    o["SetIdentifier"] = *r.set_identifier;
  }
  if (r.weight) {
    o["Weight"] = *r.weight;
  }
  if (r.ttl) {
    o["TTL"] = *r.ttl;
  }
  json::Array values;
  for (const std::string& v : r.values) {
    values.push_back(json::Value(v));
  }
  o["Values"] = std::move(values);
  if (r.alias_target) {
    o["AliasTarget"] =
        json::Object{{"HostedZoneId", r.alias_target->hosted_zone_id},
                     {"DNSName", r.alias_target->dns_name},
                     {"EvaluateTargetHealth", r.alias_target->evaluate_target_health}};
  }
  if (r.health_check_id) {
    o["HealthCheckId"] = *r.health_check_id;
  }
  return o;
}

Result<RecordSet> RecordFromJson(const json::Value& value) {
  if (!value.is_object()) {
    return Status::Internal("corrupt Route 53 record");
  }
  const json::Object& o = value.get_object();
  auto text = [&](std::string_view key) -> std::optional<std::string> {
    const json::Value* v = json::Find(o, key);
    return v && v->is_string() ? std::optional<std::string>(std::string(v->get_string()))
                               : std::nullopt;
  };
  auto number = [&](std::string_view key) -> std::optional<int64_t> {
    const json::Value* v = json::Find(o, key);
    return v && v->is_int64() ? std::optional<int64_t>(v->get_int64()) : std::nullopt;
  };
  RecordSet r;
  r.name = text("Name").value_or("");
  r.type = text("Type").value_or("");
  r.set_identifier = text("SetIdentifier");
  r.weight = number("Weight");
  r.ttl = number("TTL");
  r.health_check_id = text("HealthCheckId");
  if (const json::Value* values = json::Find(o, "Values"); values && values->is_array()) {
    for (const json::Value& v : values->get_array()) {
      r.values.push_back(v.is_string() ? std::string(v.get_string()) : "");
    }
  }
  if (const json::Value* a = json::Find(o, "AliasTarget"); a && a->is_object()) {
    const json::Object& alias = a->get_object();
    const json::Value* evaluate = json::Find(alias, "EvaluateTargetHealth");
    r.alias_target = AliasTarget{std::string(alias.at("HostedZoneId").as_string()),
                                 std::string(alias.at("DNSName").as_string()),
                                 evaluate && evaluate->is_bool() && evaluate->get_bool()};
  }
  return r;
}

}  // namespace stepshift::route53
