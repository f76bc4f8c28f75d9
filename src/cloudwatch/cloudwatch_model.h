// The CloudWatch model behind `stepshift serve`: metrics (raw datapoints with bounded retention),
// statistics, metric and composite alarms evaluated as CloudWatch evaluates them, alarm history
// and tags, all persisted in SQLite. Wire-agnostic: the api/cloudwatch codecs translate requests.
//
// Thread-safety: every public method is thread-safe. Three mutexes, always taken in this order:
// mu_ (alarms), metrics_mu_ (datapoints) and db_mu_ (the model's database connection). Ingest
// takes only the last two, so DescribeAlarms never waits behind a PutMetricData writing its
// batch to SQLite, and PutMetricData never waits behind alarm requests. Evaluation is driven from
// outside: AlarmScheduler calls EvaluateDue() on period boundaries; tests call it directly with a
// FakeClock.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "cloudwatch/alarm.h"
#include "cloudwatch/alarm_rule.h"
#include "cloudwatch/alarm_store.h"
#include "cloudwatch/math_alarm.h"
#include "cloudwatch/math_value.h"
#include "cloudwatch/metric_store.h"
#include "cloudwatch/requests.h"
#include "cloudwatch/state_reason.h"
#include "store/database.h"

namespace stepshift::cloudwatch {

struct ModelOptions {
  // How long raw datapoints are kept (memory and disk). Alarms and statistics can look back no
  // further than this.
  Duration retention = std::chrono::hours(24);
};

class CloudWatchModel {
 public:
  // Does not own `db` or `clock`, which must outlive the model. `db` must not be used by anyone
  // else while the model exists (give the model its own connection). Creates the tables, loads
  // alarms and the datapoints within retention.
  static Result<std::unique_ptr<CloudWatchModel>> Open(store::Database* db, Clock* clock,
                                                       ModelOptions options = {});

  // Metrics. Errors carry CloudWatch's codes (see errors.h) and messages.
  Status PutMetricData(const PutMetricDataRequest& request);
  Result<GetMetricStatisticsResult> GetMetricStatistics(const GetMetricStatisticsRequest& request);
  Result<GetMetricDataResult> GetMetricData(const GetMetricDataRequest& request);
  Result<ListMetricsResult> ListMetrics(const ListMetricsRequest& request);

  // Alarms.
  Status PutMetricAlarm(const PutMetricAlarmRequest& request, const RequestContext& context);
  Status PutCompositeAlarm(const PutCompositeAlarmRequest& request, const RequestContext& context);
  Result<DescribeAlarmsResult> DescribeAlarms(const DescribeAlarmsRequest& request);
  Result<std::vector<Alarm>> DescribeAlarmsForMetric(const DescribeAlarmsForMetricRequest& request);
  Status SetAlarmState(const SetAlarmStateRequest& request);
  Status DeleteAlarms(const std::vector<std::string>& names);
  Status SetAlarmActionsEnabled(const std::vector<std::string>& names, bool enabled);
  Result<DescribeAlarmHistoryResult> DescribeAlarmHistory(
      const DescribeAlarmHistoryRequest& request);

  // Tags of alarms, by alarm ARN.
  Status TagResource(const std::string& arn, const std::vector<Tag>& tags);
  Status UntagResource(const std::string& arn, const std::vector<std::string>& keys);
  Result<std::vector<Tag>> ListTagsForResource(const std::string& arn);

  // Evaluates every metric alarm whose next evaluation time is <= now (each alarm's evaluations
  // fall on multiples of its period), re-evaluates composites whose children changed, and prunes
  // expired datapoints once a minute. Returns the number of alarms that changed state.
  Result<int> EvaluateDue(Time now);
  // Evaluates every metric alarm now, due or not (demo and tests).
  Result<int> EvaluateAll(Time now);
  // The earliest time EvaluateDue has work, at most a minute ahead.
  Time NextDue(Time now);
  // Called (without the model's lock held) when an alarm was put, so the scheduler can wake up.
  void SetWakeup(std::function<void()> wakeup);

  Clock* clock() const { return clock_; }

 private:
  struct Entry {
    Alarm alarm;
    std::optional<RuleNode> rule;               // composite alarms
    std::string series_key;                     // metric alarms: MetricId::Key()
    std::shared_ptr<const MathAlarmPlan> math;  // metric math alarms
    Time next_evaluation;
  };

  // Writes collected while the lock is held and committed in one transaction.
  struct Pending {
    std::set<std::string> changed;
    std::vector<HistoryItem> history;
    int transitions = 0;
  };

  CloudWatchModel(store::Database* db, Clock* clock, ModelOptions options)
      : db_(db), clock_(clock), options_(options) {}

  Status Load();
  // Fills in what evaluating a metric alarm needs (series key, or compiled metric math).
  static Status PrepareMetricEntry(Entry* entry);
  Status Commit(Pending* pending);
  void Wake();

  // Alarm helpers (cloudwatch_alarms.cc).
  Entry* FindEntry(const std::string& name);
  Status CheckRuleChildren(const std::string& name, const RuleNode& rule);
  void RebuildParents();
  // REQUIRES: mu_ held. The entry Put{Metric,Composite}Alarm stores: the alarm of that name with
  // what every alarm type has (description, actions, tags when new) updated, or a new one.
  // Refuses a name the other alarm type holds and a full quota; `*existed` tells which it was.
  template <typename PutRequest>
  Result<Entry> StageAlarm(const PutRequest& request, AlarmType type, AlarmActions actions,
                           const RequestContext& context, bool* existed);
  Status StoreNewAlarm(Entry entry, bool existed, Time now);
  void ApplyState(Entry* entry, StateValue value, std::string reason, std::string reason_data,
                  Time now, Pending* pending, int depth);
  void EvaluateParents(const std::string& child, Time now, Pending* pending, int depth);
  void EvaluateComposite(Entry* entry, Time now, Pending* pending, int depth);
  std::vector<const Entry*> FilterAlarms(const DescribeAlarmsRequest& request,
                                         const std::set<AlarmType>& types);

  // REQUIRES: mu_ held. The query's statistic per period of the window (cloudwatch_metric_data.cc).
  TimeSeries FetchSeries(const MetricStatQuery& query, const MathWindow& window);

  // Evaluation (cloudwatch_evaluation.cc).
  void EvaluateMetricEntry(Entry* entry, Time now, Pending* pending);
  // REQUIRES: mu_ held. Fill `range` (consecutive periods from start_ms) with the alarm's values.
  void FillMetricRange(const Entry& entry, int64_t start_ms, std::vector<PeriodDatapoint>* range);
  void FillMathRange(const Entry& entry, int64_t start_ms, std::vector<PeriodDatapoint>* range);
  Result<int> Evaluate(Time now, bool all);

  std::mutex mu_;          // alarms_, parents_, alarm_store_'s memory, next_prune_, wakeup_
  std::mutex metrics_mu_;  // metrics_
  std::mutex db_mu_;       // every use of db_ (through metrics_ or alarm_store_)
  store::Database* db_;
  Clock* clock_;
  ModelOptions options_;
  std::unique_ptr<MetricStore> metrics_;
  std::unique_ptr<AlarmStore> alarm_store_;
  std::map<std::string, Entry> alarms_;  // by name: ordered for prefixes and pagination
  std::unordered_map<std::string, std::set<std::string>> parents_;  // child -> composites
  Time next_prune_;
  uint64_t last_revision_ = 0;
  std::function<void()> wakeup_;
};

}  // namespace stepshift::cloudwatch
