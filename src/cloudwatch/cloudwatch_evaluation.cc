// Alarm evaluation of CloudWatchModel: metric alarms on their period boundaries, composite alarms
// whenever a child changes state, and the state transitions with their history entries.
#include <algorithm>

#include "base/json.h"
#include "base/status_macros.h"
#include "cloudwatch/alarm_evaluator.h"
#include "cloudwatch/cloudwatch_model.h"
#include "cloudwatch/state_reason.h"

namespace stepshift::cloudwatch {

namespace {

// Composites of composites re-evaluate recursively; cycles are rejected at put time, and this
// bound keeps a pathological chain from recursing without limit.
constexpr int kMaxCompositeDepth = 64;
constexpr Duration kPruneInterval = std::chrono::minutes(1);
constexpr Duration kHistoryRetention = std::chrono::hours(24 * 14);

std::string StateJson(StateValue value, const std::string& reason, const std::string& data) {
  std::string out = "{\"stateValue\":\"" + std::string(StateName(value)) +
                    "\",\"stateReason\":" + json::Serialize(json::Value(reason));
  if (!data.empty() && json::Parse(data).ok()) {
    out += ",\"stateReasonData\":" + data;
  }
  return out + "}";
}

HistoryItem StateUpdateItem(const Alarm& alarm, const AlarmState& old_state, Time now) {
  HistoryItem item;
  item.alarm_name = alarm.name;
  item.alarm_type = alarm.type;
  item.timestamp = now;
  item.item_type = "StateUpdate";
  item.summary = "Alarm updated from " + std::string(StateName(old_state.value)) + " to " +
                 std::string(StateName(alarm.state.value));
  item.data =
      "{\"version\":\"1.0\",\"oldState\":" +
      StateJson(old_state.value, old_state.reason, old_state.reason_data) +
      ",\"newState\":" + StateJson(alarm.state.value, alarm.state.reason, alarm.state.reason_data) +
      "}";
  return item;
}

}  // namespace

void CloudWatchModel::ApplyState(Entry* entry, StateValue value, std::string reason,
                                 std::string reason_data, Time now, Pending* pending, int depth) {
  AlarmState old_state = entry->alarm.state;
  entry->alarm.state = {value, std::move(reason), std::move(reason_data), now, now};
  pending->history.push_back(StateUpdateItem(entry->alarm, old_state, now));
  pending->changed.insert(entry->alarm.name);
  ++pending->transitions;
  EvaluateParents(entry->alarm.name, now, pending, depth + 1);
}

void CloudWatchModel::EvaluateParents(const std::string& child, Time now, Pending* pending,
                                      int depth) {
  auto it = parents_.find(child);
  if (it == parents_.end() || depth > kMaxCompositeDepth) {
    return;
  }
  // Copy: a parent's transition may re-enter this map for its own parents.
  std::set<std::string> parents = it->second;
  for (const std::string& name : parents) {
    if (Entry* parent = FindEntry(name)) {
      EvaluateComposite(parent, now, pending, depth);
    }
  }
}

void CloudWatchModel::EvaluateComposite(Entry* entry, Time now, Pending* pending, int depth) {
  auto state_of = [this](const std::string& name) -> std::optional<StateValue> {
    const Entry* e = FindEntry(name);
    return e ? std::optional(e->alarm.state.value) : std::nullopt;
  };
  StateValue next = EvaluateRule(*entry->rule, state_of) ? StateValue::kAlarm : StateValue::kOk;
  if (next == entry->alarm.state.value) {
    return;
  }
  // The children whose state explains the result, most recently transitioned first.
  std::vector<const Alarm*> triggering;
  std::vector<const Alarm*> all;
  for (const std::string& name : RuleAlarmNames(*entry->rule)) {
    if (const Entry* child = FindEntry(name)) {
      all.push_back(&child->alarm);
      if (child->alarm.state.value == next) {
        triggering.push_back(&child->alarm);
      }
    }
  }
  if (triggering.empty()) {
    triggering = all;
  }
  std::stable_sort(triggering.begin(), triggering.end(), [](const Alarm* a, const Alarm* b) {
    return a->state.transitioned > b->state.transitioned;
  });
  std::string reason = "The alarm rule evaluated to " +
                       std::string(next == StateValue::kAlarm ? "TRUE" : "FALSE") + ".";
  std::string data = "{\"triggeringAlarms\":[";
  for (size_t i = 0; i < triggering.size(); ++i) {
    const Alarm* a = triggering[i];
    if (i == 0) {
      reason = a->arn + " transitioned to " + std::string(StateName(a->state.value)) + " at " +
               FormatLongDate(a->state.transitioned);
    }
    data += std::string(i ? "," : "") + "{\"arn\":" + json::Serialize(json::Value(a->arn)) +
            ",\"state\":{\"value\":\"" + std::string(StateName(a->state.value)) +
            "\",\"timestamp\":\"" + FormatReasonTimestamp(a->state.transitioned) + "\"}}";
  }
  data += "]}";
  ApplyState(entry, next, std::move(reason), std::move(data), now, pending, depth);
}

void CloudWatchModel::FillMetricRange(const Entry& entry, int64_t start_ms,
                                      std::vector<PeriodDatapoint>* range) {
  const MetricAlarmSpec& spec = entry.alarm.metric;
  const Series* series = metrics_->Find(entry.series_key);
  if (series == nullptr) {
    return;
  }
  const int64_t step = int64_t{spec.period} * 1000;
  std::optional<int> unit;
  if (spec.unit) {
    unit = UnitIndex(*spec.unit);
  }
  const Statistic& stat = spec.statistic;
  PeriodAggregates buckets = metrics_->Aggregate(
      *series, range->front().start,
      Time(std::chrono::milliseconds(start_ms + step * static_cast<int64_t>(range->size()))),
      spec.period, unit, stat.IsExtended());
  for (auto& [bucket_start, aggregate] : buckets) {
    PeriodDatapoint& slot = (*range)[(bucket_start - start_ms) / step];
    slot.value = aggregate.Compute(stat);
    slot.sample_count = aggregate.sample_count();
  }
}

// The values of the query that returns data, one per period; metric math has no sample counts.
void CloudWatchModel::FillMathRange(const Entry& entry, int64_t start_ms,
                                    std::vector<PeriodDatapoint>* range) {
  const MathAlarmPlan& math = *entry.math;
  const int64_t step = int64_t{entry.alarm.metric.period} * 1000;
  const int64_t end_ms = start_ms + step * static_cast<int64_t>(range->size());
  std::vector<bool> wanted(math.plan.queries().size());
  wanted[math.returned] = true;
  auto fetch = [this](const MetricDataQuery& q, const MathWindow& w) {
    return FetchSeries(*q.metric_stat, w);
  };
  auto values = math.plan.Evaluate(wanted, start_ms, end_ms, fetch);
  if (!values.ok()) {
    return;  // Invariant: the plan was checked over empty data when the alarm was put.
  }
  for (const auto& [t, v] : (*values)[math.returned]->series[0].points) {
    if (t >= start_ms && t < end_ms && (t - start_ms) % step == 0) {
      (*range)[(t - start_ms) / step].value = v;
    }
  }
}

void CloudWatchModel::EvaluateMetricEntry(Entry* entry, Time now, Pending* pending) {
  const MetricAlarmSpec& spec = entry->alarm.metric;
  const int64_t step = int64_t{spec.period} * 1000;
  // The newest complete period ends at the last boundary at or before now.
  const int64_t end = UnixMillis(now) / step * step;
  const int range_size = EvaluationRange(spec);
  const int64_t start = end - step * range_size;
  entry->next_evaluation = Time(std::chrono::milliseconds(end + step));

  std::vector<PeriodDatapoint> range(range_size);
  for (int i = 0; i < range_size; ++i) {
    range[i].start = Time(std::chrono::milliseconds(start + step * i));
  }
  if (entry->math) {
    FillMathRange(*entry, start, &range);
  } else {
    FillMetricRange(*entry, start, &range);
  }
  std::optional<Evaluation> result =
      EvaluateMetricAlarm(spec, entry->alarm.state.value, range, now);
  if (result) {
    ApplyState(entry, result->state, std::move(result->reason), std::move(result->reason_data), now,
               pending, 0);
  }
}

Result<int> CloudWatchModel::Evaluate(Time now, bool all) {
  std::lock_guard lock(mu_);
  Pending pending;
  {
    std::lock_guard metrics(metrics_mu_);
    for (auto& [name, entry] : alarms_) {
      if (entry.alarm.type == AlarmType::kMetricAlarm && (all || entry.next_evaluation <= now)) {
        EvaluateMetricEntry(&entry, now, &pending);
      }
    }
    if (now >= next_prune_) {
      next_prune_ = now + kPruneInterval;
      std::lock_guard db(db_mu_);
      RETURN_IF_ERROR(metrics_->Prune(now));
      RETURN_IF_ERROR(alarm_store_->PruneHistory(now - kHistoryRetention));
    }
  }
  RETURN_IF_ERROR(Commit(&pending));
  return pending.transitions;
}

Result<int> CloudWatchModel::EvaluateDue(Time now) {
  return Evaluate(now, false);
}

Result<int> CloudWatchModel::EvaluateAll(Time now) {
  return Evaluate(now, true);
}

}  // namespace stepshift::cloudwatch
