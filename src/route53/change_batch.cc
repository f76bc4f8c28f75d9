// ChangeResourceRecordSets' validation and application, with Route 53's messages.
#include <map>
#include <set>

#include "route53/route53_model.h"

namespace stepshift::route53 {

namespace {

Status InvalidChangeBatch(const std::vector<std::string>& messages) {
  std::string joined;
  for (const std::string& m : messages) {
    joined += (joined.empty() ? "" : ", ") + m;
  }
  return Status(StatusCode::kInvalidArgument, "[" + joined + "]", "InvalidChangeBatch");
}

std::string Describe(const RecordSet& r) {
  std::string out = "[name='" + r.name + "', type='" + r.type + "'";
  if (r.set_identifier) {
    out += ", set-identifier='" + *r.set_identifier + "'";
  }
  return out + "]";
}

std::string ChangeLabel(const Change& c) {
  return "[Action=" + c.action + ", Name=" + c.record.name + ", Type=" + c.record.type +
         ", SetIdentifier=" + c.record.set_identifier.value_or("null") + "]";
}

// Shape rules a change must meet before it is checked against the zone (InvalidInput).
Status CheckShape(const Change& c, size_t index) {
  const RecordSet& r = c.record;
  if (c.action != "CREATE" && c.action != "DELETE" && c.action != "UPSERT") {
    return InvalidInput("1 validation error detected: Value '" + c.action +
                        "' at 'changeBatch.changes." + std::to_string(index) +
                        ".member.action' failed to satisfy constraint: "
                        "Member must satisfy enum value set: [UPSERT, DELETE, CREATE]");
  }
  if (r.weight && (*r.weight < 0 || *r.weight > 255)) {
    return InvalidInput(
        "1 validation error detected: Value '" + std::to_string(*r.weight) +
        "' at 'changeBatch.changes." + std::to_string(index) +
        ".member.resourceRecordSet.weight' failed to satisfy constraint: Member "
        "must have value " +
        (*r.weight < 0 ? "greater than or equal to 0" : "less than or equal to 255"));
  }
  bool has_records = r.ttl && !r.values.empty();
  if (r.alias_target.has_value() == has_records) {
    return InvalidInput(
        "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and "
        "ResourceRecords], or TrafficPolicyInstanceId], but found " +
        std::string(has_records ? "more than one" : "none") + " in Change with " + ChangeLabel(c));
  }
  if (r.weight && !r.set_identifier) {
    return InvalidInput("Invalid request: Missing field 'SetIdentifier' in Change with " +
                        ChangeLabel(c));
  }
  if (r.set_identifier && !r.weight) {
    return InvalidInput("Invalid request: Missing field 'Weight' in Change with " + ChangeLabel(c));
  }
  return Status::Ok();
}

bool InZone(const std::string& name, const std::string& zone) {
  return name == zone || (name.size() > zone.size() &&
                          name.compare(name.size() - zone.size(), zone.size(), zone) == 0 &&
                          name[name.size() - zone.size() - 1] == '.');
}

// Conflicts with the other record sets of the same name (after the change applied).
std::optional<std::string> Conflict(const RecordSet& r, const HostedZone& zone) {
  for (const auto& [key, other] : zone.records) {
    if (other.name != r.name || KeyOf(other) == KeyOf(r)) {
      continue;
    }
    if (r.type == "CNAME" || other.type == "CNAME") {
      return "RRSet of type CNAME with DNS name " + r.name +
             " is not permitted as it conflicts with other records with the same DNS name in "
             "zone " +
             zone.name;
    }
    if (other.type == r.type && other.set_identifier.has_value() != r.set_identifier.has_value()) {
      return "RRSet with DNS name " + r.name + ", type " + r.type +
             (r.set_identifier ? ", SetIdentifier " + *r.set_identifier : "") +
             " cannot be created as " + (r.set_identifier ? "a non-weighted" : "weighted") +
             " sets exist with the same name and type.";
    }
  }
  return std::nullopt;
}

}  // namespace

Status ApplyChangeBatch(const ChangeBatch& batch, HostedZone* zone) {
  std::vector<std::string> messages;
  // Each record set appears once in a batch, except the DELETE-then-CREATE pair that replaces it
  // (the way to change a record before UPSERT existed, and a conditional write: the DELETE must
  // match the current values exactly).
  std::map<RecordKey, std::string> seen;
  for (size_t i = 0; i < batch.changes.size(); ++i) {
    const Change& c = batch.changes[i];
    Status shape = CheckShape(c, i + 1);
    if (!shape.ok()) {
      return shape;
    }
    const RecordSet& r = c.record;
    RecordKey key = KeyOf(r);
    auto [previous, first] = seen.emplace(key, c.action);
    const bool replaces = !first && previous->second == "DELETE" && c.action == "CREATE";
    if (replaces)
      previous->second = c.action;
    if (!first && !replaces) {
      messages.push_back(
          "The request contains an invalid set of changes for a resource record "
          "set '" +
          r.type + " " + r.name + "'");
      continue;
    }
    if (!InZone(r.name, zone->name)) {
      messages.push_back("RRSet with DNS name " + r.name + " is not permitted in zone " +
                         zone->name);
      continue;
    }
    auto existing = zone->records.find(key);
    if (c.action == "CREATE" && existing != zone->records.end()) {
      messages.push_back("Tried to create resource record set " + Describe(r) +
                         " but it already exists");
    } else if (c.action == "DELETE" && existing == zone->records.end()) {
      messages.push_back("Tried to delete resource record set " + Describe(r) +
                         " but it was not found");
    } else if (c.action == "DELETE" && !(existing->second == r)) {
      messages.push_back("Tried to delete resource record set " + Describe(r) +
                         " but the values provided do not match the current values");
    } else if (c.action == "DELETE") {
      zone->records.erase(existing);
    } else {
      zone->records[key] = r;
      if (auto conflict = Conflict(r, *zone)) {
        messages.push_back(*conflict);
      }
    }
  }
  return messages.empty() ? Status::Ok() : InvalidChangeBatch(messages);
}

}  // namespace stepshift::route53
