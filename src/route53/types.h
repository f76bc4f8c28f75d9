// Route 53's hosted zones, resource record sets and changes, as the model keeps them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "base/clock.h"
#include "base/json.h"
#include "base/result.h"

namespace stepshift::route53 {

struct AliasTarget {
  std::string hosted_zone_id;
  std::string dns_name;
  bool evaluate_target_health = false;
  bool operator==(const AliasTarget&) const = default;
};

// A resource record set: simple, weighted (SetIdentifier + Weight) or alias.
struct RecordSet {
  std::string name;  // normalized: lower case, trailing dot, '*' as \052
  std::string type;
  std::optional<std::string> set_identifier;
  std::optional<int64_t> weight;
  std::optional<int64_t> ttl;
  std::vector<std::string> values;  // ResourceRecords
  std::optional<AliasTarget> alias_target;
  std::optional<std::string> health_check_id;
  bool operator==(const RecordSet&) const = default;
};

// Records are listed by name with its labels reversed, then type, then SetIdentifier.
using RecordKey = std::tuple<std::string, std::string, std::string>;
RecordKey KeyOf(const RecordSet& record);

struct HostedZone {
  std::string id;  // "Z..." without the "/hostedzone/" prefix
  std::string name;
  std::string caller_reference;
  std::string comment;
  bool private_zone = false;
  std::map<RecordKey, RecordSet> records;
};

struct ChangeInfo {
  std::string id;      // "C..." without the "/change/" prefix
  std::string status;  // PENDING or INSYNC
  Time submitted_at;
  std::optional<std::string> comment;
};

struct Change {
  std::string action;  // CREATE, DELETE, UPSERT
  RecordSet record;
};

struct ChangeBatch {
  std::optional<std::string> comment;
  std::vector<Change> changes;
};

// "Www.Example.com" -> "www.example.com."; '*' becomes "\052" as Route 53 returns it.
std::string NormalizeName(std::string_view name);
// "www.example.com." -> "com.example.www": the order ListResourceRecordSets sorts names in.
std::string ReversedLabels(std::string_view name);

json::Value ToJson(const RecordSet& record);
Result<RecordSet> RecordFromJson(const json::Value& value);

}  // namespace stepshift::route53
