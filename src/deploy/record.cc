#include "deploy/record.h"

#include "base/json.h"

namespace stepshift::deploy {

namespace {

constexpr std::string_view kPrefix = "stepshift-deploy ";

std::string Serialize(const DeploymentRecord& r) {
  json::Object o;
  o["o"] = r.old_version;
  o["n"] = r.new_version;
  o["s"] = r.schedule_spec;
  o["k"] = r.step;
  o["t"] = static_cast<int64_t>(ToEpochSeconds(r.step_started));
  o["st"] = static_cast<int64_t>(ToEpochSeconds(r.started));
  o["by"] = r.owner;
  o["hb"] = static_cast<int64_t>(ToEpochSeconds(r.heartbeat));
  if (r.description_truncated)
    o["dt"] = true;
  o["d"] = r.user_description;
  return std::string(kPrefix) + json::Serialize(o);
}

std::string StringField(const json::Object& o, std::string_view key) {
  const json::Value* v = json::Find(o, key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

int64_t IntField(const json::Object& o, std::string_view key) {
  const json::Value* v = json::Find(o, key);
  return v && v->is_int64() ? v->as_int64() : 0;
}

}  // namespace

std::string EncodeRecord(DeploymentRecord record) {
  std::string text = Serialize(record);
  // Trim the user's description until the whole record fits (JSON escaping can make a
  // character cost more than one, hence the loop).
  while (text.size() > static_cast<size_t>(kMaxDescription) && !record.user_description.empty()) {
    size_t excess = text.size() - kMaxDescription;
    size_t keep =
        record.user_description.size() > excess ? record.user_description.size() - excess : 0;
    record.user_description.resize(keep);
    record.description_truncated = true;
    text = Serialize(record);
  }
  return text;
}

std::optional<DeploymentRecord> DecodeRecord(const std::string& description) {
  if (description.rfind(kPrefix, 0) != 0)
    return std::nullopt;
  auto parsed = json::Parse(std::string_view(description).substr(kPrefix.size()));
  if (!parsed.ok() || !parsed->is_object())
    return std::nullopt;
  const json::Object& o = parsed->as_object();
  DeploymentRecord r;
  r.old_version = StringField(o, "o");
  r.new_version = StringField(o, "n");
  r.schedule_spec = StringField(o, "s");
  r.step = static_cast<int>(IntField(o, "k"));
  r.step_started = FromEpochSeconds(static_cast<double>(IntField(o, "t")));
  r.started = FromEpochSeconds(static_cast<double>(IntField(o, "st")));
  r.owner = StringField(o, "by");
  r.heartbeat = FromEpochSeconds(static_cast<double>(IntField(o, "hb")));
  r.user_description = StringField(o, "d");
  const json::Value* truncated = json::Find(o, "dt");
  r.description_truncated = truncated && truncated->is_bool() && truncated->as_bool();
  if (r.old_version.empty() || r.schedule_spec.empty()) {
    return std::nullopt;
  }
  return r;
}

}  // namespace stepshift::deploy
