// Reading and changing existing alarms: DescribeAlarms, DescribeAlarmsForMetric, SetAlarmState,
// DeleteAlarms, Enable/DisableAlarmActions, DescribeAlarmHistory.
#include <algorithm>

#include "base/json.h"
#include "base/status_macros.h"
#include "cloudwatch/cloudwatch_model.h"
#include "cloudwatch/errors.h"
#include "cloudwatch/paging.h"
#include "cloudwatch/validation.h"

namespace stepshift::cloudwatch {

namespace {

bool HasActionPrefix(const Alarm& alarm, const std::string& prefix) {
  for (const auto* list :
       {&alarm.actions.ok, &alarm.actions.alarm, &alarm.actions.insufficient_data}) {
    for (const std::string& a : *list) {
      if (a.rfind(prefix, 0) == 0) {
        return true;
      }
    }
  }
  return false;
}

Result<std::set<AlarmType>> ParseTypes(const std::vector<std::string>& names,
                                       std::set<AlarmType> fallback) {
  if (names.empty()) {
    return fallback;
  }
  std::set<AlarmType> types;
  for (const std::string& n : names) {
    std::optional<AlarmType> t = ParseAlarmType(n);
    if (!t) {
      return InvalidParameterValue("The value " + n +
                                   " for parameter AlarmTypes is not supported.");
    }
    types.insert(*t);
  }
  return types;
}

Status CheckDescribe(const DescribeAlarmsRequest& r) {
  if (r.alarm_names.size() > 100) {
    return InvalidParameterValue(
        "The collection AlarmNames must not have a size greater than "
        "100.");
  }
  int selectors = (!r.alarm_names.empty() ? 1 : 0) + (r.alarm_name_prefix ? 1 : 0) +
                  (r.children_of_alarm_name ? 1 : 0) + (r.parents_of_alarm_name ? 1 : 0);
  if (selectors > 1) {
    return InvalidParameterCombination(
        "AlarmNames, AlarmNamePrefix, ChildrenOfAlarmName and ParentsOfAlarmName are mutually "
        "exclusive.");
  }
  if (r.max_records && (*r.max_records < 1 || *r.max_records > 100)) {
    return InvalidParameterValue("The parameter MaxRecords must be between 1 and 100.");
  }
  if (r.state_value && !ParseState(*r.state_value)) {
    return InvalidParameterValue("The value " + *r.state_value +
                                 " for parameter StateValue is not supported.");
  }
  return Status::Ok();
}

bool MatchesMetric(const Alarm& alarm, const DescribeAlarmsForMetricRequest& r) {
  const MetricAlarmSpec& m = alarm.metric;
  if (alarm.type != AlarmType::kMetricAlarm || m.IsMath() ||
      m.metric.namespace_name != r.namespace_name || m.metric.metric_name != r.metric_name) {
    return false;
  }
  if ((r.statistic && (m.statistic.IsExtended() || m.statistic.text != *r.statistic)) ||
      (r.extended_statistic &&
       (!m.statistic.IsExtended() || m.statistic.text != *r.extended_statistic))) {
    return false;
  }
  if ((r.period && m.period != *r.period) || (r.unit && m.unit != r.unit)) {
    return false;
  }
  if (r.dimensions) {
    MetricId wanted{r.namespace_name, r.metric_name, *r.dimensions};
    wanted.Normalize();
    return wanted.dimensions == m.metric.dimensions;
  }
  return true;
}

}  // namespace

std::vector<const CloudWatchModel::Entry*> CloudWatchModel::FilterAlarms(
    const DescribeAlarmsRequest& r, const std::set<AlarmType>& types) {
  std::vector<const Entry*> candidates;
  if (!r.alarm_names.empty()) {
    std::vector<std::string> names = r.alarm_names;
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    for (const std::string& n : names) {
      if (const Entry* e = FindEntry(n)) {
        candidates.push_back(e);
      }
    }
  } else if (r.children_of_alarm_name) {
    const Entry* parent = FindEntry(*r.children_of_alarm_name);
    std::vector<std::string> names;
    if (parent && parent->rule) {
      names = RuleAlarmNames(*parent->rule);
    }
    std::sort(names.begin(), names.end());
    for (const std::string& n : names) {
      if (const Entry* e = FindEntry(n)) {
        candidates.push_back(e);
      }
    }
  } else if (r.parents_of_alarm_name) {
    auto it = parents_.find(*r.parents_of_alarm_name);
    if (it != parents_.end()) {
      for (const std::string& n : it->second) {
        if (const Entry* e = FindEntry(n)) {
          candidates.push_back(e);
        }
      }
    }
  } else {
    const std::string prefix = r.alarm_name_prefix.value_or("");
    for (auto it = alarms_.lower_bound(prefix);
         it != alarms_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
      candidates.push_back(&it->second);
    }
  }
  std::optional<StateValue> state;
  if (r.state_value) {
    state = ParseState(*r.state_value);
  }
  std::vector<const Entry*> out;
  for (const Entry* e : candidates) {
    if (types.count(e->alarm.type) && (!state || e->alarm.state.value == *state) &&
        (!r.action_prefix || HasActionPrefix(e->alarm, *r.action_prefix))) {
      out.push_back(e);
    }
  }
  return out;
}

Result<DescribeAlarmsResult> CloudWatchModel::DescribeAlarms(const DescribeAlarmsRequest& r) {
  RETURN_IF_ERROR(CheckDescribe(r));
  // Without AlarmTypes CloudWatch returns metric alarms only.
  ASSIGN_OR_RETURN(std::set<AlarmType> types, ParseTypes(r.alarm_types, {AlarmType::kMetricAlarm}));
  std::optional<std::string> after;
  if (r.next_token) {
    after = DecodeToken(*r.next_token);
    if (!after) {
      return InvalidNextToken("The service returned an invalid NextToken.");
    }
  }
  const size_t limit = static_cast<size_t>(r.max_records.value_or(50));
  DescribeAlarmsResult result;
  std::lock_guard lock(mu_);
  size_t taken = 0;
  for (const Entry* e : FilterAlarms(r, types)) {
    if (after && e->alarm.name <= *after) {
      continue;
    }
    if (taken == limit) {
      result.next_token = EncodeToken(after.value_or(""));
      break;
    }
    auto& list =
        e->alarm.type == AlarmType::kMetricAlarm ? result.metric_alarms : result.composite_alarms;
    list.push_back(e->alarm);
    after = e->alarm.name;
    ++taken;
  }
  return result;
}

Result<std::vector<Alarm>> CloudWatchModel::DescribeAlarmsForMetric(
    const DescribeAlarmsForMetricRequest& r) {
  RETURN_IF_ERROR(CheckNamespace(r.namespace_name, "Namespace", true));
  RETURN_IF_ERROR(CheckLength(r.metric_name, "MetricName", 255));
  std::lock_guard lock(mu_);
  std::vector<Alarm> out;
  for (const auto& [name, entry] : alarms_) {
    if (MatchesMetric(entry.alarm, r)) {
      out.push_back(entry.alarm);
    }
  }
  return out;
}

Status CloudWatchModel::SetAlarmState(const SetAlarmStateRequest& r) {
  RETURN_IF_ERROR(CheckLength(r.alarm_name, "AlarmName", 255));
  std::optional<StateValue> state = ParseState(r.state_value);
  if (!state) {
    return InvalidParameterValue("The value " + r.state_value +
                                 " for parameter StateValue is not supported.");
  }
  RETURN_IF_ERROR(CheckLength(r.state_reason, "StateReason", 1023, 0));
  if (r.state_reason_data) {
    RETURN_IF_ERROR(CheckLength(*r.state_reason_data, "StateReasonData", 4000, 0));
    if (!r.state_reason_data->empty() && !json::Parse(*r.state_reason_data).ok()) {
      return InvalidFormat("Unable to parse StateReasonData: it must be a JSON document.");
    }
  }
  std::lock_guard lock(mu_);
  Entry* entry = FindEntry(r.alarm_name);
  if (entry == nullptr) {
    return ResourceNotFound("Alarm " + r.alarm_name + " does not exist");
  }
  if (entry->alarm.state.value == *state) {
    return Status::Ok();  // CloudWatch records nothing when the state does not change
  }
  // The state holds until the alarm's next scheduled evaluation decides otherwise. An evaluation
  // already due (a new alarm's first) belongs before this call: run late by the scheduler
  // thread, it would undo the state just set, so it moves to the next period boundary.
  Time now = clock_->Now();
  if (entry->alarm.type == AlarmType::kMetricAlarm && entry->next_evaluation <= now) {
    const int64_t step = int64_t{entry->alarm.metric.period} * 1000;
    entry->next_evaluation = Time(std::chrono::milliseconds(UnixMillis(now) / step * step + step));
  }
  Pending pending;
  ApplyState(entry, *state, r.state_reason, r.state_reason_data.value_or(""), now, &pending, 0);
  return Commit(&pending);
}

Status CloudWatchModel::DeleteAlarms(const std::vector<std::string>& names) {
  if (names.size() > 100) {
    return InvalidParameterValue(
        "The collection AlarmNames must not have a size greater than "
        "100.");
  }
  std::lock_guard lock(mu_);
  Pending pending;
  Time now = clock_->Now();
  for (const std::string& name : names) {
    auto it = alarms_.find(name);
    if (it == alarms_.end()) {
      continue;  // deleting an unknown alarm is not an error on CloudWatch
    }
    HistoryItem item;
    item.alarm_name = name;
    item.alarm_type = it->second.alarm.type;
    item.timestamp = now;
    item.item_type = "ConfigurationUpdate";
    item.summary = "Alarm \"" + name + "\" deleted";
    item.data = "{\"type\":\"Delete\",\"version\":\"1.0\",\"deletedAlarm\":{\"alarmName\":" +
                json::Serialize(json::Value(name)) + "}}";
    pending.history.push_back(std::move(item));
    pending.changed.insert(name);
    alarms_.erase(it);
  }
  RebuildParents();
  return Commit(&pending);
}

Status CloudWatchModel::SetAlarmActionsEnabled(const std::vector<std::string>& names,
                                               bool enabled) {
  if (names.size() > 100) {
    return InvalidParameterValue(
        "The collection AlarmNames must not have a size greater than "
        "100.");
  }
  std::lock_guard lock(mu_);
  Pending pending;
  for (const std::string& name : names) {
    if (Entry* e = FindEntry(name)) {
      e->alarm.actions.enabled = enabled;
      pending.changed.insert(name);
    }
  }
  return Commit(&pending);
}

Result<DescribeAlarmHistoryResult> CloudWatchModel::DescribeAlarmHistory(
    const DescribeAlarmHistoryRequest& r) {
  HistoryQuery q;
  q.alarm_name = r.alarm_name;
  ASSIGN_OR_RETURN(q.alarm_types, ParseTypes(r.alarm_types, {}));
  static const std::set<std::string> kItemTypes = {"ConfigurationUpdate", "StateUpdate", "Action"};
  if (r.history_item_type && !kItemTypes.count(*r.history_item_type)) {
    return InvalidParameterValue("The value " + *r.history_item_type +
                                 " for parameter HistoryItemType is not supported.");
  }
  q.item_type = r.history_item_type;
  q.start = r.start_date;
  q.end = r.end_date;
  if (r.max_records && (*r.max_records < 1 || *r.max_records > 100)) {
    return InvalidParameterValue("The parameter MaxRecords must be between 1 and 100.");
  }
  q.limit = r.max_records.value_or(100);
  q.ascending = r.scan_by.value_or("") == "TimestampAscending";
  if (r.next_token) {
    q.after_id = DecodeOffsetToken(*r.next_token);
    if (!q.after_id) {
      return InvalidNextToken("The service returned an invalid NextToken.");
    }
  }
  std::lock_guard lock(mu_);
  std::lock_guard db(db_mu_);
  ASSIGN_OR_RETURN(auto rows, alarm_store_->QueryHistory(q));
  DescribeAlarmHistoryResult result;
  for (size_t i = 0; i < rows.size() && static_cast<int>(i) < q.limit; ++i) {
    result.items.push_back(std::move(rows[i].second));
  }
  if (static_cast<int>(rows.size()) > q.limit) {
    result.next_token = EncodeOffsetToken(rows[q.limit - 1].first);
  }
  return result;
}

}  // namespace stepshift::cloudwatch
