// An in-memory Api for tests: one account, state machines with versions, aliases with routing
// and descriptions, alarms whose state a test scripts. Records every write so tests can assert
// the exact sequence of routings. Not thread-safe.
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "deploy/api.h"

namespace stepshift::aws {

inline bool operator==(const RoutingEntry& a, const RoutingEntry& b) {
  return a.version_arn == b.version_arn && a.weight == b.weight;
}

inline void PrintTo(const RoutingEntry& e, std::ostream* os) {
  *os << e.version_arn.substr(e.version_arn.rfind(':') + 1) << ":" << e.weight;
}

}  // namespace stepshift::aws

namespace stepshift::deploy::testing {

class FakeApi : public Api {
 public:
  static constexpr char kMachine[] = "arn:aws:states:us-east-1:123456789012:stateMachine:m";

  std::string Version(int n) const { return std::string(kMachine) + ":" + std::to_string(n); }

  std::string AliasArn(const std::string& name) const { return std::string(kMachine) + ":" + name; }

  // Publishes versions 1..n, each of a new revision.
  void PublishVersions(int n) {
    for (int i = 0; i < n; ++i) {
      NewRevision();
      PublishOne();
    }
  }

  // An update of the state machine that changes its definition (a new revision).
  void NewRevision() {
    ++revision;
    definition = "definition " + std::to_string(revision);
  }

  Result<std::string> AccountId() override { return std::string("123456789012"); }

  // The machine, or one of its versions (as Step Functions describes a version ARN).
  Result<aws::StateMachineInfo> DescribeStateMachine(const std::string& arn) override {
    ++describe_machine_calls;
    if (!machine_exists || missing_machines.count(arn)) {
      return Status(StatusCode::kNotFound, "State Machine Does Not Exist: '" + arn + "'",
                    "StateMachineDoesNotExist");
    }
    aws::StateMachineInfo info;
    info.arn = arn;
    info.revision_id = "rev-" + std::to_string(revision);
    info.definition = definition;
    info.type = machine_types.count(arn) ? machine_types.at(arn) : "STANDARD";
    if (auto it = version_revisions.find(arn); it != version_revisions.end()) {
      info.revision_id = "rev-" + std::to_string(it->second.first);
      info.definition = it->second.second;
    }
    return info;
  }

  Result<aws::WriteResult> UpdateStateMachine(
      const aws::UpdateStateMachineRequest& request) override {
    // An update that changes nothing keeps the revision, as on AWS.
    if (request.definition && *request.definition != definition) {
      ++revision;
      definition = *request.definition;
    }
    aws::WriteResult result;
    if (request.publish)
      result.version_arn = PublishOne();
    return result;
  }

  Result<aws::WriteResult> PublishVersion(const std::string&, const std::string&,
                                          const std::string&) override {
    aws::WriteResult result;
    result.version_arn = PublishOne();
    return result;
  }

  Result<std::vector<std::string>> ListVersions(const std::string&) override { return versions; }

  Status DeleteVersion(const std::string& arn) override {
    if (refuse_delete.count(arn))
      return Status(StatusCode::kFailedPrecondition, "refused", "ConflictException");
    for (const auto& [name, alias] : aliases) {
      for (const auto& e : alias.routing) {
        if (e.version_arn == arn) {
          return Status(StatusCode::kFailedPrecondition, "in use", "ConflictException");
        }
      }
    }
    std::erase(versions, arn);
    deleted.push_back(arn);
    return Status::Ok();
  }

  Result<std::vector<std::string>> ListAliases(const std::string&) override {
    std::vector<std::string> arns;
    for (const auto& [arn, alias] : aliases)
      arns.push_back(arn);
    return arns;
  }

  Result<aws::AliasInfo> DescribeAlias(const std::string& arn) override {
    if (before_describe)
      before_describe(arn);
    auto it = aliases.find(arn);
    if (it == aliases.end())
      return Status(StatusCode::kNotFound, "no alias", "ResourceNotFound");
    return it->second;
  }

  Status CreateAlias(const std::string&, const std::string& name, const Routing& routing) override {
    aws::AliasInfo alias;
    alias.arn = AliasArn(name);
    alias.name = name;
    alias.routing = routing;
    aliases[alias.arn] = alias;
    writes.push_back(routing);
    return Status::Ok();
  }

  Status UpdateAlias(const std::string& arn, const std::optional<Routing>& routing,
                     const std::optional<std::string>& description) override {
    if (fail_updates_after >= 0 && update_calls++ >= fail_updates_after) {
      return Status(StatusCode::kUnavailable, "boom", "ServiceUnavailable");
    }
    auto it = aliases.find(arn);
    if (it == aliases.end())
      return Status(StatusCode::kNotFound, "no alias", "ResourceNotFound");
    if (routing) {
      it->second.routing = *routing;
      writes.push_back(*routing);
    }
    if (description) {
      it->second.description = *description;
      descriptions.push_back(*description);
    }
    return Status::Ok();
  }

  Result<std::string> GetTag(const std::string&, const std::string& key) override {
    return tags[key];
  }

  Status SetTag(const std::string&, const std::string& key, const std::string& value) override {
    tags[key] = value;
    return Status::Ok();
  }

  Result<std::vector<aws::AlarmInfo>> DescribeAlarms(
      const std::vector<std::string>& names) override {
    ++alarm_polls;
    std::vector<aws::AlarmInfo> found;
    for (const std::string& name : names) {
      auto it = alarms.find(name);
      if (it == alarms.end())
        continue;
      aws::AlarmInfo info;
      info.name = name;
      info.state_value = alarm_state ? alarm_state(name, alarm_polls) : it->second;
      info.state_reason = "Threshold Crossed: " + name;
      found.push_back(info);
    }
    return found;
  }

  // Publishing is idempotent: the version that holds the current revision comes back.
  std::string PublishOne() {
    for (const auto& [arn, rev] : version_revisions) {
      if (rev.first == revision &&
          std::find(versions.begin(), versions.end(), arn) != versions.end())
        return arn;
    }
    versions.insert(versions.begin(), Version(++next_version));
    version_revisions[versions.front()] = {revision, definition};
    return versions.front();
  }

  bool WritesAreConditional() const override { return writes_are_conditional; }

  int next_version = 0;
  int revision = 0;
  bool writes_are_conditional = false;  // reported only: the fake's writes are never refused
  std::string definition;
  bool machine_exists = true;
  std::set<std::string> missing_machines;            // other state machines that do not exist
  std::map<std::string, std::string> machine_types;  // ARN -> "EXPRESS"; STANDARD otherwise
  int describe_machine_calls = 0;
  std::vector<std::string> versions;                                     // newest first
  std::map<std::string, std::pair<int, std::string>> version_revisions;  // arn -> revision, text
  std::map<std::string, aws::AliasInfo> aliases;
  std::map<std::string, std::string> alarms;  // name -> state
  std::map<std::string, std::string> tags;    // the state machine's
  // When set, decides an alarm's state at the Nth DescribeAlarms call (1-based, all calls).
  std::function<std::string(const std::string&, int)> alarm_state;
  std::function<void(const std::string&)> before_describe;
  std::set<std::string> refuse_delete;
  std::vector<std::string> deleted;
  std::vector<Routing> writes;
  std::vector<std::string> descriptions;  // every description written, in order
  int alarm_polls = 0;
  int fail_updates_after = -1;
  int update_calls = 0;
};

}  // namespace stepshift::deploy::testing
