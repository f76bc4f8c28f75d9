#include "cloudwatch/cloudwatch_model.h"

#include <algorithm>

#include "base/status_macros.h"
#include "cloudwatch/errors.h"

namespace stepshift::cloudwatch {

namespace {

// Pruning is cheap but not free; once a minute keeps memory flat without showing up in
// evaluation cycles.
constexpr Duration kPruneInterval = std::chrono::minutes(1);
// CloudWatch keeps alarm history for two weeks.
constexpr Duration kHistoryRetention = std::chrono::hours(24 * 14);

// "arn:aws:cloudwatch:us-east-1:123456789012:alarm:name" -> "name".
std::optional<std::string> AlarmNameFromArn(const std::string& arn) {
  if (arn.rfind("arn:", 0) != 0) {
    return std::nullopt;
  }
  size_t at = arn.find(":alarm:");
  if (at == std::string::npos || arn.find(":cloudwatch:") == std::string::npos) {
    return std::nullopt;
  }
  return arn.substr(at + 7);
}

Status ArnNotFound(const std::string& arn) {
  return ResourceNotFoundException("Unknown resource: " + arn);
}

}  // namespace

Result<std::unique_ptr<CloudWatchModel>> CloudWatchModel::Open(store::Database* db, Clock* clock,
                                                               ModelOptions options) {
  std::unique_ptr<CloudWatchModel> model(new CloudWatchModel(db, clock, options));
  Time now = clock->Now();
  ASSIGN_OR_RETURN(model->metrics_, MetricStore::Open(db, options.retention, now));
  ASSIGN_OR_RETURN(model->alarm_store_, AlarmStore::Open(db));
  RETURN_IF_ERROR(model->alarm_store_->PruneHistory(now - kHistoryRetention));
  RETURN_IF_ERROR(model->Load());
  model->next_prune_ = now + kPruneInterval;
  return model;
}

Status CloudWatchModel::Load() {
  ASSIGN_OR_RETURN(std::vector<Alarm> alarms, alarm_store_->LoadAll());
  Time now = clock_->Now();
  for (Alarm& alarm : alarms) {
    Entry entry;
    if (alarm.type == AlarmType::kCompositeAlarm) {
      ASSIGN_OR_RETURN(entry.rule, ParseAlarmRule(alarm.composite.rule));
    }
    entry.next_evaluation = now;
    alarm.revision = ++last_revision_;
    std::string name = alarm.name;
    entry.alarm = std::move(alarm);
    if (entry.alarm.type == AlarmType::kMetricAlarm) {
      RETURN_IF_ERROR(PrepareMetricEntry(&entry));
    }
    alarms_.emplace(std::move(name), std::move(entry));
  }
  RebuildParents();
  return Status::Ok();
}

Status CloudWatchModel::PrepareMetricEntry(Entry* entry) {
  const MetricAlarmSpec& spec = entry->alarm.metric;
  entry->series_key.clear();  // an update may turn one kind of metric alarm into the other
  entry->math.reset();
  if (!spec.IsMath()) {
    entry->series_key = spec.metric.Key();
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(MathAlarmPlan math, CompileMathAlarm(spec.metrics));
  entry->math = std::make_shared<const MathAlarmPlan>(std::move(math));
  return Status::Ok();
}

Status CloudWatchModel::Commit(Pending* pending) {
  if (pending->changed.empty() && pending->history.empty()) {
    return Status::Ok();
  }
  std::lock_guard db(db_mu_);
  ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(db_));
  for (const std::string& name : pending->changed) {
    auto it = alarms_.find(name);
    if (it == alarms_.end()) {
      RETURN_IF_ERROR(alarm_store_->Delete(name));
    } else {
      it->second.alarm.revision = ++last_revision_;
      RETURN_IF_ERROR(alarm_store_->Save(it->second.alarm));
    }
  }
  for (const HistoryItem& item : pending->history) {
    RETURN_IF_ERROR(alarm_store_->AddHistory(item));
  }
  return txn.Commit();
}

void CloudWatchModel::SetWakeup(std::function<void()> wakeup) {
  std::lock_guard lock(mu_);
  wakeup_ = std::move(wakeup);
}

void CloudWatchModel::Wake() {
  std::function<void()> wakeup;
  {
    std::lock_guard lock(mu_);
    wakeup = wakeup_;
  }
  if (wakeup) {
    wakeup();
  }
}

Time CloudWatchModel::NextDue(Time now) {
  std::lock_guard lock(mu_);
  Time next = std::min(now + std::chrono::minutes(1), next_prune_);
  for (const auto& [name, entry] : alarms_) {
    if (entry.alarm.type == AlarmType::kMetricAlarm) {
      next = std::min(next, entry.next_evaluation);
    }
  }
  return next;
}

Status CloudWatchModel::TagResource(const std::string& arn, const std::vector<Tag>& tags) {
  std::lock_guard lock(mu_);
  std::optional<std::string> name = AlarmNameFromArn(arn);
  Entry* entry = name ? FindEntry(*name) : nullptr;
  if (entry == nullptr || entry->alarm.arn != arn) {
    return ArnNotFound(arn);
  }
  for (const Tag& tag : tags) {
    auto& list = entry->alarm.tags;
    auto it =
        std::find_if(list.begin(), list.end(), [&](const Tag& t) { return t.key == tag.key; });
    if (it != list.end()) {
      it->value = tag.value;
    } else {
      list.push_back(tag);
    }
  }
  Pending pending;
  pending.changed.insert(entry->alarm.name);
  return Commit(&pending);
}

Status CloudWatchModel::UntagResource(const std::string& arn,
                                      const std::vector<std::string>& keys) {
  std::lock_guard lock(mu_);
  std::optional<std::string> name = AlarmNameFromArn(arn);
  Entry* entry = name ? FindEntry(*name) : nullptr;
  if (entry == nullptr || entry->alarm.arn != arn) {
    return ArnNotFound(arn);
  }
  auto& list = entry->alarm.tags;
  list.erase(std::remove_if(list.begin(), list.end(),
                            [&](const Tag& t) {
                              return std::find(keys.begin(), keys.end(), t.key) != keys.end();
                            }),
             list.end());
  Pending pending;
  pending.changed.insert(entry->alarm.name);
  return Commit(&pending);
}

Result<std::vector<Tag>> CloudWatchModel::ListTagsForResource(const std::string& arn) {
  std::lock_guard lock(mu_);
  std::optional<std::string> name = AlarmNameFromArn(arn);
  Entry* entry = name ? FindEntry(*name) : nullptr;
  if (entry == nullptr || entry->alarm.arn != arn) {
    return ArnNotFound(arn);
  }
  return entry->alarm.tags;
}

}  // namespace stepshift::cloudwatch
