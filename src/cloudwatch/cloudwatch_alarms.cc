// The alarm operations of CloudWatchModel: put, describe, set state, delete, actions, history.
#include <algorithm>

#include "base/json.h"
#include "base/status_macros.h"
#include "cloudwatch/alarm_validation.h"
#include "cloudwatch/cloudwatch_model.h"
#include "cloudwatch/errors.h"
#include "cloudwatch/paging.h"

namespace stepshift::cloudwatch {

namespace {

// A bound on memory, far above what a local engine needs.
constexpr size_t kMaxAlarms = 100000;

std::string AlarmArn(const RequestContext& context, const std::string& name) {
  return "arn:aws:cloudwatch:" + context.region + ":" + context.account + ":alarm:" + name;
}

HistoryItem ConfigurationItem(const Alarm& alarm, std::string_view verb, Time now) {
  HistoryItem item;
  item.alarm_name = alarm.name;
  item.alarm_type = alarm.type;
  item.timestamp = now;
  item.item_type = "ConfigurationUpdate";
  item.summary = "Alarm \"" + alarm.name + "\" " + std::string(verb);
  json::Object data;
  std::string type = verb == "created" ? "Create" : verb == "deleted" ? "Delete" : "Update";
  data["type"] = type;
  data["version"] = "1.0";
  json::Object body;
  body["alarmName"] = alarm.name;
  body["alarmArn"] = alarm.arn;
  body["stateValue"] = StateName(alarm.state.value);
  data[type == "Create"   ? "createdAlarm"
       : type == "Delete" ? "deletedAlarm"
                          : "updatedAlarm"] = std::move(body);
  item.data = json::Serialize(data);
  return item;
}

}  // namespace

CloudWatchModel::Entry* CloudWatchModel::FindEntry(const std::string& name) {
  auto it = alarms_.find(name);
  return it == alarms_.end() ? nullptr : &it->second;
}

void CloudWatchModel::RebuildParents() {
  parents_.clear();
  for (const auto& [name, entry] : alarms_) {
    if (entry.rule) {
      for (const std::string& child : RuleAlarmNames(*entry.rule)) {
        parents_[child].insert(name);
      }
    }
  }
}

// Every child must exist, and the new rule must not make the composite its own descendant.
Status CloudWatchModel::CheckRuleChildren(const std::string& name, const RuleNode& rule) {
  std::vector<std::string> missing;
  std::vector<std::string> pending = RuleAlarmNames(rule);
  for (const std::string& child : pending) {
    if (child != name && FindEntry(child) == nullptr) {
      missing.push_back(child);
    }
  }
  if (!missing.empty()) {
    std::string list;
    for (const std::string& m : missing) {
      list += (list.empty() ? "" : ", ") + m;
    }
    return InvalidParameterValue("Could not save the composite alarm as alarms [" + list +
                                 "] in the alarm rule do not exist");
  }
  std::set<std::string> seen;
  while (!pending.empty()) {
    std::string current = pending.back();
    pending.pop_back();
    if (current == name) {
      return InvalidParameterValue("The alarm rule of " + name +
                                   " creates a cycle: the alarm refers to itself.");
    }
    const Entry* e = FindEntry(current);
    if (e != nullptr && e->rule && seen.insert(current).second) {
      for (const std::string& c : RuleAlarmNames(*e->rule)) {
        pending.push_back(c);
      }
    }
  }
  return Status::Ok();
}

Status CloudWatchModel::StoreNewAlarm(Entry entry, bool existed, Time now) {
  Pending pending;
  std::string name = entry.alarm.name;
  pending.history.push_back(ConfigurationItem(entry.alarm, existed ? "updated" : "created", now));
  pending.changed.insert(name);
  alarms_[name] = std::move(entry);
  RebuildParents();
  Entry* stored = FindEntry(name);
  if (stored->rule) {
    EvaluateComposite(stored, now, &pending, 0);
  }
  return Commit(&pending);
}

template <typename PutRequest>
Result<CloudWatchModel::Entry> CloudWatchModel::StageAlarm(const PutRequest& request,
                                                           AlarmType type, AlarmActions actions,
                                                           const RequestContext& context,
                                                           bool* existed) {
  Time now = clock_->Now();
  Entry* existing = FindEntry(request.alarm_name);
  if (existing && existing->alarm.type != type) {
    return InvalidParameterCombination("The alarm " + request.alarm_name + " already exists as a " +
                                       (type == AlarmType::kMetricAlarm ? "composite" : "metric") +
                                       " alarm.");
  }
  if (!existing && alarms_.size() >= kMaxAlarms) {
    return LimitExceeded("The maximum number of alarms has been reached.");
  }
  *existed = existing != nullptr;
  Entry entry = existing ? *existing : Entry{};
  if (!existing) {
    entry.alarm.name = request.alarm_name;
    entry.alarm.arn = AlarmArn(context, request.alarm_name);
    entry.alarm.state.updated = entry.alarm.state.transitioned = now;
    entry.alarm.tags = request.tags;
  }
  entry.alarm.type = type;
  entry.alarm.description = request.alarm_description;
  entry.alarm.actions = std::move(actions);
  entry.alarm.configuration_updated = now;
  return entry;
}

Status CloudWatchModel::PutMetricAlarm(const PutMetricAlarmRequest& request,
                                       const RequestContext& context) {
  RETURN_IF_ERROR(CheckAlarmName(request.alarm_name));
  RETURN_IF_ERROR(CheckDescription(request.alarm_description));
  RETURN_IF_ERROR(CheckTags(request.tags));
  ASSIGN_OR_RETURN(MetricAlarmSpec spec, BuildMetricAlarmSpec(request));
  ASSIGN_OR_RETURN(AlarmActions actions,
                   BuildActions(request.actions_enabled, request.ok_actions, request.alarm_actions,
                                request.insufficient_data_actions));
  {
    std::lock_guard lock(mu_);
    bool existed = false;
    ASSIGN_OR_RETURN(Entry entry, StageAlarm(request, AlarmType::kMetricAlarm, std::move(actions),
                                             context, &existed));
    entry.alarm.metric = std::move(spec);
    RETURN_IF_ERROR(PrepareMetricEntry(&entry));
    Time now = entry.alarm.configuration_updated;
    entry.next_evaluation = now;  // evaluated on the scheduler's next tick, as AWS does soon
    RETURN_IF_ERROR(StoreNewAlarm(std::move(entry), existed, now));
  }
  Wake();
  return Status::Ok();
}

Status CloudWatchModel::PutCompositeAlarm(const PutCompositeAlarmRequest& request,
                                          const RequestContext& context) {
  RETURN_IF_ERROR(CheckAlarmName(request.alarm_name));
  RETURN_IF_ERROR(CheckDescription(request.alarm_description));
  RETURN_IF_ERROR(CheckTags(request.tags));
  if (request.alarm_rule.empty() || request.alarm_rule.size() > 10240) {
    return InvalidParameterValue(
        "The parameter AlarmRule must be between 1 and 10240 "
        "characters long.");
  }
  ASSIGN_OR_RETURN(RuleNode rule, ParseAlarmRule(request.alarm_rule));
  ASSIGN_OR_RETURN(AlarmActions actions,
                   BuildActions(request.actions_enabled, request.ok_actions, request.alarm_actions,
                                request.insufficient_data_actions));
  std::lock_guard lock(mu_);
  bool existed = false;
  ASSIGN_OR_RETURN(Entry entry, StageAlarm(request, AlarmType::kCompositeAlarm, std::move(actions),
                                           context, &existed));
  RETURN_IF_ERROR(CheckRuleChildren(request.alarm_name, rule));
  entry.alarm.composite = {request.alarm_rule, request.actions_suppressor,
                           request.actions_suppressor_wait_period,
                           request.actions_suppressor_extension_period};
  entry.rule = std::move(rule);
  Time now = entry.alarm.configuration_updated;
  return StoreNewAlarm(std::move(entry), existed, now);
}

}  // namespace stepshift::cloudwatch
