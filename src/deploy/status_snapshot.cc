#include "deploy/status_snapshot.h"

#include <map>

#include "base/status_macros.h"
#include "deploy/executions_report.h"

namespace stepshift::deploy {

namespace {

// Read as the controller reads them (runner.cc): an alarm CloudWatch no longer knows is DELETED.
void AddAlarmStates(Api* api, json::Object* deployment) {
  const json::Value* names = json::Find(*deployment, "alarms");
  if (names == nullptr || !names->is_array() || names->as_array().empty())
    return;
  std::vector<std::string> wanted;
  for (const json::Value& name : names->as_array())
    wanted.emplace_back(name.as_string());
  Result<std::vector<aws::AlarmInfo>> found = api->DescribeAlarms(wanted);
  if (!found.ok()) {
    (*deployment)["alarms_error"] = found.status().ToString();
    return;
  }
  std::map<std::string, std::string> states;
  for (const aws::AlarmInfo& alarm : *found)
    states[alarm.name] = alarm.state_value;
  json::Object alarm_states;
  for (const std::string& name : wanted) {
    auto it = states.find(name);
    alarm_states[name] = it == states.end() ? "DELETED" : it->second;
  }
  (*deployment)["alarm_states"] = std::move(alarm_states);
}

}  // namespace

Result<json::Object> StatusSnapshot(Api* api, ExecutionsApi* executions, const AliasTarget& target,
                                    const SnapshotOptions& options) {
  ASSIGN_OR_RETURN(json::Object status, AliasStatus(api, target, options.now));
  if (status.at("deployment").is_object())
    AddAlarmStates(api, &status.at("deployment").as_object());
  std::vector<std::string> versions;
  for (const json::Value& entry : status.at("routing").as_array())
    versions.emplace_back(entry.as_object().at("version").as_string());
  status["window_seconds"] =
      std::chrono::duration_cast<std::chrono::seconds>(options.window).count();
  status["executions"] = VersionExecutions(executions, versions, options.now, options.window);
  return status;
}

}  // namespace stepshift::deploy
