#include "deploy/admin.h"

#include <algorithm>

#include "base/status_macros.h"
#include "deploy/deployer.h"
#include "deploy/owner.h"
#include "deploy/record.h"
#include "deploy/schedule.h"
#include "deploy/status_view.h"

namespace stepshift::deploy {

namespace {

long VersionOrder(const std::string& arn) {
  try {
    return std::stol(VersionNumber(arn));
  } catch (...) {  // not a version ARN: sorts first
    return -1;
  }
}

// The version to return to when no record says it.
Result<std::string> PreviousVersion(Api* api, const std::string& machine_arn,
                                    const Routing& routing) {
  std::vector<aws::RoutingEntry> live;
  for (const auto& e : routing) {
    if (e.weight > 0)
      live.push_back(e);
  }
  const bool named = !live.empty() && VersionOrder(live[0].version_arn) < 0;
  if (named) {
    // Named versions (Route 53's records) have no numbers; ListVersions names the old one last.
    ASSIGN_OR_RETURN(std::vector<std::string> versions, api->ListVersions(machine_arn));
    if (versions.empty() || (live.size() == 1 && live[0].version_arn == versions.back()))
      return Status::FailedPrecondition("the old version already has all the traffic");
    return versions.back();
  }
  if (live.size() == 2) {
    return VersionOrder(live[0].version_arn) < VersionOrder(live[1].version_arn)
               ? live[0].version_arn
               : live[1].version_arn;
  }
  ASSIGN_OR_RETURN(std::vector<std::string> versions, api->ListVersions(machine_arn));
  const std::string current = live.empty() ? "" : live[0].version_arn;
  for (const std::string& arn : versions) {
    if (VersionOrder(arn) < VersionOrder(current))
      return arn;
  }
  return Status::FailedPrecondition(
      "no version older than " +
      (current.empty() ? "(none)" : "version " + VersionNumber(current)));
}

json::Value RecordedVerdictJson(const std::optional<RecordedVerdict>& verdict) {
  if (!verdict)
    return nullptr;
  const RecordedVerdict& v = *verdict;
  return json::Object{
      {"verdict", v.outcome},
      {"step", v.step},
      {"new", json::Object{{"failed", v.new_failed}, {"completed", v.new_completed}}},
      {"stable", json::Object{{"failed", v.old_failed}, {"completed", v.old_completed}}},
      {"p_value", v.p_value},
      {"time", FormatIso8601(v.at)},
      {"held", v.held},
      {"dry_run", v.dry_run}};
}

// The "deployment" of AliasStatus(): the record, with its step's weight and end from the
// schedule it names.
json::Object DeploymentFields(const DeploymentRecord& record, const std::string& machine,
                              const AliasTarget& target, Time now) {
  json::Object deployment;
  deployment["old_version"] = machine + ":" + record.old_version;
  deployment["new_version"] = record.new_version.empty()
                                  ? json::Value(nullptr)
                                  : json::Value(machine + ":" + record.new_version);
  deployment["schedule"] = record.schedule_spec;
  auto options = DecodeScheduleSpec(record.schedule_spec);
  auto schedule = options.ok() ? BuildSchedule(*options) : Result<Schedule>(options.status());
  deployment["strategy"] = options.ok() ? StrategyName(options->strategy) : "";
  deployment["steps"] = schedule.ok() ? static_cast<int64_t>(schedule->size()) : 0;
  deployment["step"] = record.step + 1;
  const bool stepping =
      schedule.ok() && record.step >= 0 && record.step < static_cast<int>(schedule->size());
  deployment["new_weight"] = stepping ? json::Value((*schedule)[record.step].new_weight) : nullptr;
  deployment["step_started"] = FormatIso8601(record.step_started);
  deployment["step_ends"] =
      stepping ? json::Value(FormatIso8601(record.step_started + (*schedule)[record.step].window))
               : nullptr;
  deployment["started"] = FormatIso8601(record.started);
  deployment["owner"] = record.owner;
  deployment["heartbeat"] = FormatIso8601(record.heartbeat);
  const OwnerCheck owner{record.owner, record.heartbeat, now, target.stale_after};
  deployment["controller"] = DescribeOwner(owner);
  deployment["controller_running"] = OwnerIsRunning(owner);
  deployment["alarms"] =
      record.alarms ? json::Value(json::Array(record.alarms->begin(), record.alarms->end()))
                    : nullptr;
  deployment["verdict"] = RecordedVerdictJson(record.verdict);
  return deployment;
}

}  // namespace

Result<aws::AliasInfo> DescribeTarget(Api* api, const std::string& machine_arn,
                                      const std::string& alias) {
  const std::string alias_arn = machine_arn + ":" + alias;
  Result<aws::AliasInfo> found = api->DescribeAlias(alias_arn);
  const bool missing =
      !found.ok() && (found.status().kind() == "ResourceNotFound" || found.status().IsNotFound());
  if (!missing)
    return found;
  // Step Functions answers ResourceNotFound for the alias of a missing state machine too.
  Result<aws::StateMachineInfo> machine = api->DescribeStateMachine(machine_arn);
  if (!machine.ok() && machine.status().kind() == "StateMachineDoesNotExist")
    return Status::NotFound("state machine " + machine_arn + " does not exist");
  return Status::NotFound("alias " + alias_arn + " does not exist");
}

RunResult RollbackAlias(Api* api, const AliasTarget& target, Reporter* reporter) {
  auto machine = ResolveMachineArn(api, target.state_machine, target.partition, target.region);
  if (!machine.ok())
    return {Outcome::kFailed, machine.status().ToString()};
  const std::string alias_arn = *machine + ":" + target.alias;
  auto alias = DescribeTarget(api, *machine, target.alias);
  if (!alias.ok() && alias.status().IsNotFound())
    return {Outcome::kRefused, alias.status().message()};
  if (!alias.ok())
    return {Outcome::kFailed, alias.status().ToString()};
  std::optional<DeploymentRecord> record = DecodeRecord(alias->description);
  std::string previous;
  std::string description = alias->description;
  if (record) {
    previous = *machine + ":" + record->old_version;
    description = record->user_description;
  } else {
    auto found = PreviousVersion(api, *machine, alias->routing);
    if (!found.ok())
      return {Outcome::kRefused, "nothing to roll back to: " + found.status().message()};
    previous = *found;
  }
  Routing routing = {{previous, 100}};
  if (Status ok = api->UpdateAlias(alias_arn, routing, description); !ok.ok()) {
    return {Outcome::kFailed, ok.ToString()};
  }
  json::Object fields;
  fields["decision"] = "rollback";
  fields["routing"] = DescribeRouting(routing);
  fields["from"] = DescribeRouting(alias->routing);
  reporter->Event("decision", std::move(fields),
                  "rolled back " + alias_arn + ": " + DescribeRouting(alias->routing) + " -> " +
                      DescribeRouting(routing));
  return {Outcome::kDeployed, "version " + VersionNumber(previous) + " receives 100%"};
}

Result<json::Object> AliasStatus(Api* api, const AliasTarget& target, Time now) {
  ASSIGN_OR_RETURN(std::string machine,
                   ResolveMachineArn(api, target.state_machine, target.partition, target.region));
  ASSIGN_OR_RETURN(aws::AliasInfo alias, DescribeTarget(api, machine, target.alias));
  json::Object status;
  status["alias"] = alias.arn.empty() ? machine + ":" + target.alias : alias.arn;
  json::Array routing;
  for (const auto& e : alias.routing) {
    routing.push_back(json::Object{{"version", e.version_arn}, {"weight", e.weight}});
  }
  status["routing"] = std::move(routing);
  std::optional<DeploymentRecord> record = DecodeRecord(alias.description);
  status["description"] = record ? record->user_description : alias.description;
  if (!record) {
    status["deployment"] = nullptr;
    return status;
  }
  status["deployment"] = DeploymentFields(*record, machine, target, now);
  return status;
}

std::string FormatStatus(const json::Object& status, Time now) {
  std::string text = "alias:   " + std::string(status.at("alias").as_string()) + "\nrouting:";
  for (const auto& entry : status.at("routing").as_array()) {
    const json::Object& e = entry.as_object();
    text += " " + VersionLabel(std::string(e.at("version").as_string())) + " " +
            std::to_string(e.at("weight").to_number<int64_t>()) + "%";
  }
  text += "\n";
  const json::Value& d = status.at("deployment");
  if (d.is_null())
    return text + "deployment: none in progress\n";
  const json::Object& dep = d.as_object();
  auto str = [&](const char* key) { return std::string(dep.at(key).as_string()); };
  const std::string new_version =
      dep.at("new_version").is_null() ? "(being published)" : VersionNumber(str("new_version"));
  text += "deployment: in progress (or interrupted): version " + VersionNumber(str("old_version")) +
          " -> " + new_version + ", step " + std::to_string(dep.at("step").as_int64()) + "/" +
          std::to_string(dep.at("steps").as_int64()) + " (" + str("schedule") + "), started " +
          str("started") + " by " + str("controller") +
          (dep.at("controller_running").as_bool()
               ? " (controller running)"
               : " (controller gone: resume with the same `stepshift deploy` command, or "
                 "`stepshift rollback`)") +
          "\n";
  text += "alarms:  " + AlarmsText(dep) + "\n";
  const json::Value* verdict = json::Find(dep, "verdict");
  return text + "verdict: " +
         (verdict && verdict->is_object() ? VerdictText(verdict->as_object(), dep, now)
                                          : std::string("none recorded")) +
         "\n";
}

}  // namespace stepshift::deploy
