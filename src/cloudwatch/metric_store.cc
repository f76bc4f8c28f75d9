#include "cloudwatch/metric_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>

#include "base/json.h"
#include "base/status_macros.h"
#include "store/migrations.h"

namespace stepshift::cloudwatch {

namespace {

constexpr std::string_view kCreateTables = R"sql(
CREATE TABLE IF NOT EXISTS cw_metrics (
  id INTEGER PRIMARY KEY,
  metric_key TEXT NOT NULL UNIQUE,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  dimensions TEXT NOT NULL,
  last_ts INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS cw_samples (
  metric_id INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  count REAL NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL,
  value REAL,
  unit INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS cw_samples_ts ON cw_samples(ts);
)sql";

// Samples arrive at any time of the last two weeks: an index on ts took each batch of random-time
// rows to about every leaf page of the index (megabytes of WAL per commit, under the model's
// lock). Indexed by the hour instead, a new row goes at the end of its hour's run of entries
// (rowids only grow), so a batch touches about one page per hour it spans.
constexpr std::string_view kIndexByHour = R"sql(
ALTER TABLE cw_samples ADD COLUMN hour INTEGER NOT NULL DEFAULT 0;
UPDATE cw_samples SET hour = ts / 3600000;
DROP INDEX IF EXISTS cw_samples_ts;
CREATE INDEX cw_samples_hour ON cw_samples(hour);
)sql";

// Append-only migrations (store/migrations.h).
constexpr std::string_view kMigrations[] = {kCreateTables, kIndexByHour};

constexpr int64_t kHourMs = 3'600'000;

// Metrics are listed for two weeks after their last datapoint, as on CloudWatch.
constexpr int64_t kMetricListingMs = 14LL * 24 * 3600 * 1000;

int64_t ToMs(Time t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string DimensionsJson(const std::vector<Dimension>& dims) {
  json::Array array;
  for (const Dimension& d : dims) {
    array.push_back(json::Array{json::Value(d.name), json::Value(d.value)});
  }
  return json::Serialize(array);
}

std::vector<Dimension> ParseDimensions(const std::string& text) {
  std::vector<Dimension> dims;
  auto parsed = json::Parse(text);
  if (!parsed.ok() || !parsed->is_array()) {
    return dims;
  }
  for (const json::Value& pair : parsed->as_array()) {
    const json::Array& a = pair.as_array();
    dims.push_back({std::string(a.at(0).as_string()), std::string(a.at(1).as_string())});
  }
  return dims;
}

int64_t FloorTo(int64_t ms, int64_t step) {
  int64_t q = ms / step;
  if (ms % step != 0 && ms < 0) {
    --q;
  }
  return q * step;
}

bool MatchesDimensions(const MetricId& metric, const ListMetricsFilter& filter) {
  for (const auto& wanted : filter.dimensions) {
    auto it = std::find_if(metric.dimensions.begin(), metric.dimensions.end(),
                           [&](const Dimension& d) { return d.name == wanted.first; });
    if (it == metric.dimensions.end() || (wanted.second && it->value != *wanted.second)) {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<MetricStore>> MetricStore::Open(store::Database* db, Duration retention,
                                                       Time now) {
  std::unique_ptr<MetricStore> store(new MetricStore(db, retention));
  RETURN_IF_ERROR(store::Migrate(db, "cloudwatch_metrics", kMigrations));
  ASSIGN_OR_RETURN(store::Statement insert_sample,
                   db->Prepare("INSERT INTO cw_samples VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  ASSIGN_OR_RETURN(store::Statement insert_metric,
                   db->Prepare("INSERT INTO cw_metrics (metric_key, namespace, name, dimensions, "
                               "last_ts) VALUES (?, ?, ?, ?, ?)"));
  ASSIGN_OR_RETURN(store::Statement update_last_ts,
                   db->Prepare("UPDATE cw_metrics SET last_ts = ? WHERE id = ? AND last_ts < ?"));
  store->insert_sample_.emplace(std::move(insert_sample));
  store->insert_metric_.emplace(std::move(insert_metric));
  store->update_last_ts_.emplace(std::move(update_last_ts));
  RETURN_IF_ERROR(store->Prune(now));
  RETURN_IF_ERROR(store->Load(now));
  return store;
}

Status MetricStore::Load(Time now) {
  ASSIGN_OR_RETURN(store::Statement metrics,
                   db_->Prepare("SELECT id, namespace, name, dimensions, last_ts FROM cw_metrics"));
  std::unordered_map<int64_t, Series*> by_id;
  while (true) {
    ASSIGN_OR_RETURN(bool row, metrics.Step());
    if (!row) {
      break;
    }
    auto series = std::make_unique<Series>();
    series->id = metrics.ColumnInt(0);
    series->metric.namespace_name = metrics.ColumnText(1);
    series->metric.metric_name = metrics.ColumnText(2);
    series->metric.dimensions = ParseDimensions(metrics.ColumnText(3));
    series->last_ts_ms = metrics.ColumnInt(4);
    by_id[series->id] = series.get();
    series_[series->metric.Key()] = std::move(series);
  }
  ASSIGN_OR_RETURN(store::Statement samples,
                   db_->Prepare("SELECT metric_id, ts, count, sum, min, max, value, unit FROM "
                                "cw_samples WHERE hour >= ? AND ts >= ?"));
  const int64_t cutoff = ToMs(now - retention_);
  samples.Bind(1, cutoff / kHourMs).Bind(2, cutoff);
  while (true) {
    ASSIGN_OR_RETURN(bool row, samples.Step());
    if (!row) {
      break;
    }
    auto it = by_id.find(samples.ColumnInt(0));
    if (it == by_id.end()) {
      continue;
    }
    Sample s{samples.ColumnInt(1),
             samples.ColumnDouble(2),
             samples.ColumnDouble(3),
             samples.ColumnDouble(4),
             samples.ColumnDouble(5),
             samples.IsNull(6) ? std::nan("") : samples.ColumnDouble(6),
             static_cast<int>(samples.ColumnInt(7))};
    it->second->samples.Insert(s);
  }
  return Status::Ok();
}

Result<Series*> MetricStore::FindOrCreate(const MetricId& metric) {
  std::string key = metric.Key();
  auto it = series_.find(key);
  if (it != series_.end()) {
    return it->second.get();
  }
  insert_metric_->Bind(1, key)
      .Bind(2, metric.namespace_name)
      .Bind(3, metric.metric_name)
      .Bind(4, DimensionsJson(metric.dimensions))
      .Bind(5, int64_t{0});
  RETURN_IF_ERROR(insert_metric_->Run());
  auto series = std::make_unique<Series>();
  series->id = sqlite3_last_insert_rowid(db_->handle());
  series->metric = metric;
  Series* raw = series.get();
  series_[key] = std::move(series);
  return raw;
}

Status MetricStore::WriteSamples(const Series& series, const std::vector<Sample>& samples) {
  int64_t newest = 0;
  for (const Sample& s : samples) {
    insert_sample_->Bind(1, series.id).Bind(2, s.ts_ms).Bind(3, s.count).Bind(4, s.sum);
    insert_sample_->Bind(5, s.min).Bind(6, s.max).Bind(8, int64_t{s.unit});
    insert_sample_->Bind(9, s.ts_ms / kHourMs);
    if (s.IsStatisticSet()) {
      insert_sample_->BindNull(7);
    } else {
      insert_sample_->Bind(7, s.value);
    }
    RETURN_IF_ERROR(insert_sample_->Run());
    newest = std::max(newest, s.ts_ms);
  }
  update_last_ts_->Bind(1, newest).Bind(2, series.id).Bind(3, newest);
  return update_last_ts_->Run();
}

Status MetricStore::WriteBatch(const std::vector<MetricSamples>& batch,
                               std::vector<Series*>* targets, std::vector<std::string>* created) {
  ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(db_));
  for (const MetricSamples& item : batch) {
    std::string key = item.metric.Key();
    if (series_.count(key) == 0) {
      created->push_back(key);
    }
    ASSIGN_OR_RETURN(Series * series, FindOrCreate(item.metric));
    targets->push_back(series);
    RETURN_IF_ERROR(WriteSamples(*series, item.samples));
  }
  return txn.Commit();
}

Status MetricStore::Put(const std::vector<MetricSamples>& batch) {
  std::vector<Series*> targets;
  std::vector<std::string> created;
  Status status = WriteBatch(batch, &targets, &created);
  if (!status.ok()) {
    // Rolled back: forget the series whose rows are gone.
    for (const std::string& key : created) {
      series_.erase(key);
    }
    return status;
  }
  // Committed: now memory mirrors the database.
  for (size_t i = 0; i < batch.size(); ++i) {
    for (const Sample& s : batch[i].samples) {
      targets[i]->samples.Insert(s);
      targets[i]->last_ts_ms = std::max(targets[i]->last_ts_ms, s.ts_ms);
    }
  }
  return Status::Ok();
}

const Series* MetricStore::Find(const std::string& key) const {
  auto it = series_.find(key);
  return it == series_.end() ? nullptr : it->second.get();
}

PeriodAggregates MetricStore::Aggregate(const Series& series, Time start, Time end,
                                        int period_seconds, std::optional<int> unit,
                                        bool keep_values) const {
  PeriodAggregates result;
  const int64_t step = int64_t{period_seconds} * 1000;
  const int64_t from = ToMs(start);
  const int64_t to = ToMs(end);
  class Aggregate* current = nullptr;
  int64_t current_start = 0;
  series.samples.ForEachFrom(from, [&](const Sample& s) {
    if (s.ts_ms >= to) {
      return false;
    }
    if (unit && s.unit != *unit) {
      return true;
    }
    int64_t bucket = FloorTo(s.ts_ms, step);
    if (current == nullptr || bucket != current_start) {
      current = &result[bucket];
      current_start = bucket;
    }
    current->Add(s, keep_values);
    return true;
  });
  return result;
}

std::vector<const Series*> MetricStore::List(const ListMetricsFilter& filter) const {
  std::vector<const Series*> out;
  const int64_t active_since = filter.active_since ? ToMs(*filter.active_since) : 0;
  for (const auto& [key, series] : series_) {
    const MetricId& m = series->metric;
    if ((filter.namespace_name && m.namespace_name != *filter.namespace_name) ||
        (filter.metric_name && m.metric_name != *filter.metric_name) ||
        series->last_ts_ms < active_since || !MatchesDimensions(m, filter)) {
      continue;
    }
    out.push_back(series.get());
  }
  std::sort(out.begin(), out.end(),
            [](const Series* a, const Series* b) { return a->metric.Key() < b->metric.Key(); });
  return out;
}

Status MetricStore::Prune(Time now) {
  const int64_t cutoff = ToMs(now - retention_);
  const int64_t unlisted = ToMs(now) - kMetricListingMs;
  ASSIGN_OR_RETURN(store::Statement del_samples,
                   db_->Prepare("DELETE FROM cw_samples WHERE hour <= ? AND ts < ?"));
  del_samples.Bind(1, cutoff / kHourMs).Bind(2, cutoff);
  RETURN_IF_ERROR(del_samples.Run());
  ASSIGN_OR_RETURN(store::Statement del_metrics,
                   db_->Prepare("DELETE FROM cw_metrics WHERE last_ts < ? AND id NOT IN "
                                "(SELECT DISTINCT metric_id FROM cw_samples)"));
  del_metrics.Bind(1, unlisted);
  RETURN_IF_ERROR(del_metrics.Run());
  for (auto it = series_.begin(); it != series_.end();) {
    auto& samples = it->second->samples;
    samples.DropBefore(cutoff);
    if (samples.empty() && it->second->last_ts_ms < unlisted) {
      it = series_.erase(it);
    } else {
      ++it;
    }
  }
  return Status::Ok();
}

}  // namespace stepshift::cloudwatch
