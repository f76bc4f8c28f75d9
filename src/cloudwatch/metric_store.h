// Raw datapoints per metric: in memory for fast evaluation, and in SQLite so they survive a
// restart. Samples older than the retention are dropped from both (see Prune), so memory and disk
// stay flat under steady load.
// Thread-safety: none; the owner (CloudWatchModel) serialises all calls.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "cloudwatch/sample_log.h"
#include "cloudwatch/statistics.h"
#include "cloudwatch/types.h"
#include "store/database.h"

namespace stepshift::cloudwatch {

struct Series {
  int64_t id = 0;
  MetricId metric;
  SampleLog samples;
  int64_t last_ts_ms = 0;  // newest sample ever put, kept after pruning (ListMetrics)
};

// The samples for one metric in one PutMetricData call.
struct MetricSamples {
  MetricId metric;
  std::vector<Sample> samples;
};

// Aggregates of one metric per period start (epoch-aligned), only for periods with data.
using PeriodAggregates = std::map<int64_t, Aggregate>;

struct ListMetricsFilter {
  std::optional<std::string> namespace_name;
  std::optional<std::string> metric_name;
  std::vector<std::pair<std::string, std::optional<std::string>>> dimensions;
  std::optional<Time> active_since;
};

class MetricStore {
 public:
  // Creates the tables if needed and loads the samples newer than now - retention.
  static Result<std::unique_ptr<MetricStore>> Open(store::Database* db, Duration retention,
                                                   Time now);

  // Stores the samples in one transaction, then adds them to memory. Nothing is kept on failure.
  Status Put(const std::vector<MetricSamples>& batch);

  // nullptr when the metric has never received data.
  const Series* Find(const std::string& key) const;

  // Aggregates samples with start <= ts < end into periods of `period_seconds`, aligned to the
  // epoch. `unit` (a UnitIndex) filters samples when set.
  PeriodAggregates Aggregate(const Series& series, Time start, Time end, int period_seconds,
                             std::optional<int> unit, bool keep_values) const;

  // Metrics matching the filter, ordered by key.
  std::vector<const Series*> List(const ListMetricsFilter& filter) const;

  // Drops samples older than now - retention, and metrics without data for two weeks.
  Status Prune(Time now);

  size_t series_count() const { return series_.size(); }

 private:
  MetricStore(store::Database* db, Duration retention) : db_(db), retention_(retention) {}

  Status Load(Time now);
  Result<Series*> FindOrCreate(const MetricId& metric);
  Status WriteBatch(const std::vector<MetricSamples>& batch, std::vector<Series*>* targets,
                    std::vector<std::string>* created);
  Status WriteSamples(const Series& series, const std::vector<Sample>& samples);

  store::Database* db_;
  Duration retention_;
  std::optional<store::Statement> insert_sample_;
  std::optional<store::Statement> insert_metric_;
  std::optional<store::Statement> update_last_ts_;
  std::unordered_map<std::string, std::unique_ptr<Series>> series_;
};

}  // namespace stepshift::cloudwatch
