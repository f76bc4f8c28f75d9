#include "deploy/record.h"

#include <cmath>

#include "base/json.h"

namespace stepshift::deploy {

namespace {

constexpr std::string_view kPrefix = "stepshift-deploy ";

// ["P", step, new failed, new completed, old failed, old completed, p, at, flags]: positional,
// as every character the extras take is one the alias description has not got. Flags: 1 held,
// 2 dry run.
json::Array EncodeVerdict(const RecordedVerdict& v) {
  return json::Array{v.outcome.substr(0, 1),
                     v.step,
                     v.new_failed,
                     v.new_completed,
                     v.old_failed,
                     v.old_completed,
                     std::round(v.p_value * 1e4) / 1e4,
                     static_cast<int64_t>(ToEpochSeconds(v.at)),
                     (v.held ? 1 : 0) | (v.dry_run ? 2 : 0)};
}

std::optional<RecordedVerdict> DecodeVerdict(const json::Value* value) {
  if (value == nullptr || !value->is_array() || value->as_array().size() != 9)
    return std::nullopt;
  const json::Array& a = value->as_array();
  for (size_t i : {1, 2, 3, 4, 5, 7, 8}) {
    if (!a[i].is_int64())
      return std::nullopt;
  }
  if (!a[0].is_string() || !a[6].is_number())
    return std::nullopt;
  static const std::pair<const char*, const char*> kOutcomes[] = {
      {"P", "PASS"}, {"F", "FAIL"}, {"I", "INCONCLUSIVE"}};
  RecordedVerdict v;
  for (const auto& [letter, name] : kOutcomes) {
    if (a[0].as_string() == letter)
      v.outcome = name;
  }
  if (v.outcome.empty())
    return std::nullopt;
  v.step = static_cast<int>(a[1].as_int64());
  v.new_failed = a[2].as_int64();
  v.new_completed = a[3].as_int64();
  v.old_failed = a[4].as_int64();
  v.old_completed = a[5].as_int64();
  v.p_value = a[6].to_number<double>();
  v.at = FromEpochSeconds(static_cast<double>(a[7].as_int64()));
  v.held = (a[8].as_int64() & 1) != 0;
  v.dry_run = (a[8].as_int64() & 2) != 0;
  return v;
}

std::optional<std::vector<std::string>> DecodeAlarms(const json::Value* value) {
  if (value == nullptr || !value->is_array())
    return std::nullopt;
  std::vector<std::string> names;
  for (const json::Value& name : value->as_array()) {
    if (!name.is_string())
      return std::nullopt;
    names.emplace_back(name.as_string());
  }
  return names;
}

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
  if (r.alarms)
    o["a"] = json::Array(r.alarms->begin(), r.alarms->end());
  if (r.verdict)
    o["v"] = EncodeVerdict(*r.verdict);
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
  // What status shows gives way before the user's description does: first the verdict, then
  // the alarm names.
  const auto too_long = [&] { return text.size() > static_cast<size_t>(kMaxDescription); };
  if (too_long() && record.verdict) {
    record.verdict.reset();
    text = Serialize(record);
  }
  if (too_long() && record.alarms) {
    record.alarms.reset();
    text = Serialize(record);
  }
  // Trim the user's description until the whole record fits (JSON escaping can make a
  // character cost more than one, hence the loop).
  while (too_long() && !record.user_description.empty()) {
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
  r.alarms = DecodeAlarms(json::Find(o, "a"));
  r.verdict = DecodeVerdict(json::Find(o, "v"));
  if (r.old_version.empty() || r.schedule_spec.empty()) {
    return std::nullopt;
  }
  return r;
}

}  // namespace stepshift::deploy
