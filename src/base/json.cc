#include "base/json.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace stepshift::json {

Result<Value> Parse(std::string_view text) {
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 512;
  Value value = boost::json::parse(text, ec, {}, options);
  if (ec) {
    return Status::InvalidArgument(ec.message());
  }
  return value;
}

std::string Serialize(const Value& value) {
  return boost::json::serialize(value);
}

std::string SerializeSorted(const Value& value) {
  if (value.is_array()) {
    std::string out = "[";
    for (const Value& item : value.get_array())
      out += (out.size() > 1 ? "," : "") + SerializeSorted(item);
    return out + "]";
  }
  if (!value.is_object())
    return Serialize(value);
  std::vector<std::pair<std::string_view, const Value*>> members;
  for (const auto& member : value.get_object())
    members.emplace_back(member.key(), &member.value());
  std::sort(members.begin(), members.end());
  std::string out = "{";
  for (const auto& [key, member] : members) {
    out += (out.size() > 1 ? "," : "") + Serialize(Value(key)) + ":" + SerializeSorted(*member);
  }
  return out + "}";
}

const Value* Find(const Object& object, std::string_view key) {
  return object.if_contains(key);
}

}  // namespace stepshift::json
