// Executions: the Map Run resources of distributed Maps. The interpreter reports when a map run
// starts, is redriven and ends (asl/map_run.h); this file keeps the records DescribeMapRun and
// ListMapRuns read, stores them, and counts their items and child executions.
#include <algorithm>
#include <set>

#include "base/status_macros.h"
#include "engine/executions_impl.h"

namespace stepshift::engine {

using internal::ExecutionRecord;
using internal::MapRunPtr;
using internal::MapRunRecord;
using internal::MapRunStatus;
using internal::RecordPtr;

namespace {

// The child state machine of a map run: the parent's ARN with "/<label>", as ListMapRuns reports
// it (AWS-recorded: localstack test_sfn_api_map_run.snapshot.json, test_list_map_runs_and_
// describe_map_run).
std::string ChildMachineArn(const ExecutionRecord& parent, const std::string& label) {
  return parent.state_machine_arn + "/" + label;
}

// How a closed child counts: its index in ExpressTally and MapRunCounts' fields.
int ClosedIndex(asl::ExecutionStatus status) {
  return static_cast<int>(status) - static_cast<int>(asl::ExecutionStatus::kSucceeded);
}

void Count(asl::ExecutionStatus status, int64_t n, MapRunCounts* c) {
  switch (status) {
    case asl::ExecutionStatus::kRunning:
      c->running += n;
      break;
    case asl::ExecutionStatus::kSucceeded:
      c->succeeded += n;
      break;
    case asl::ExecutionStatus::kFailed:
      c->failed += n;
      break;
    case asl::ExecutionStatus::kTimedOut:
      c->timed_out += n;
      break;
    case asl::ExecutionStatus::kAborted:
      c->aborted += n;
      break;
  }
}

void SetLimits(const asl::MapRunEvent& e, internal::MapRunRow* row) {
  row->max_concurrency = e.max_concurrency;
  row->tolerated_failure_count = static_cast<int64_t>(e.tolerated_failure_count);
  row->tolerated_failure_percentage = e.tolerated_failure_percentage;
}

}  // namespace

void Executions::Impl::TakeMapRunChanges(const RecordPtr& r, asl::Execution& exec, Slice* slice) {
  for (asl::MapRunEvent& e : exec.TakeMapRunEvents()) {
    MapRunChange& change = slice->map_runs.emplace_back();
    change.event = std::move(e);
    if (change.event.kind != asl::MapRunEvent::Kind::kStarted)
      continue;
    // The children run the ItemProcessor with the parent's role and settings.
    auto config = std::make_shared<StateMachineConfig>(*r->snapshot->config);
    config->definition = change.event.definition;
    Result<std::shared_ptr<const internal::MachineSnapshot>> snapshot =
        Snapshot(config, /*remember=*/false);
    if (snapshot.ok()) {
      change.snapshot = std::move(*snapshot);
    } else {
      change.error = snapshot.status().message();
    }
  }
  slice->open_map_runs = asl::OpenMapRuns(exec.state());
}

void Executions::Impl::PublishMapRuns(const RecordPtr& r, Slice& slice) {
  Time now = options.clock->Now();
  for (MapRunChange& change : slice.map_runs) {
    const asl::MapRunEvent& e = change.event;
    if (e.kind == asl::MapRunEvent::Kind::kStarted) {
      auto run = std::make_shared<MapRunRecord>();
      run->row.arn = e.arn;
      run->row.execution_seq = r->seq;
      run->row.state_machine_arn = ChildMachineArn(*r, e.label);
      run->row.label = e.label;
      run->row.express = e.express;
      run->row.start_date = now;
      run->row.item_total = e.item_count;
      run->row.child_total = e.child_count;
      SetLimits(e, &run->row);
      run->execution_arn = r->arn;
      run->snapshot = std::move(change.snapshot);
      run->definition_error = std::move(change.error);
      if (run->snapshot) {
        run->row.config_key = run->snapshot->key;
        if (!r->express && stored_configs.insert(run->snapshot->key).second) {
          Persist([s = run->snapshot](internal::ExecutionStore& store) {
            return store.PutConfig(s->key, *s->config);
          });
        }
      }
      r->map_runs.push_back(run);
      map_runs[e.arn] = run;
      PersistMapRun(*run);
      continue;
    }
    auto found = map_runs.find(e.arn);
    if (found == map_runs.end())
      continue;
    MapRunRecord& run = *found->second;
    if (e.kind == asl::MapRunEvent::Kind::kRedriven) {
      // The redriven map run runs its unsuccessful children again: Standard ones are redriven
      // (their records count again), Express ones start anew (their tally forgets them).
      run.row.status = MapRunStatus::kRunning;
      run.row.stop_date.reset();
      ++run.row.redrive_count;
      run.row.redrive_date = now;
      SetLimits(e, &run.row);
      internal::ExpressTally& tally = run.row.express_closed;
      for (int i = 1; i < 4; ++i)
        tally.executions[i] = tally.items[i] = 0;
    } else {
      run.row.status = e.kind == asl::MapRunEvent::Kind::kSucceeded ? MapRunStatus::kSucceeded
                                                                    : MapRunStatus::kFailed;
      run.row.stop_date = now;
    }
    PersistMapRun(run);
  }
  // A map run the interpreter no longer runs without having ended it was stopped with its Map:
  // the execution stopped, timed out, or a sibling branch failed.
  std::set<std::string> open(slice.open_map_runs.begin(), slice.open_map_runs.end());
  for (const MapRunPtr& run : r->map_runs) {
    if (run->running() && (!r->running() || open.count(run->row.arn) == 0)) {
      run->row.status = MapRunStatus::kAborted;
      run->row.stop_date = now;
      PersistMapRun(*run);
    }
  }
}

void Executions::Impl::PersistMapRun(const MapRunRecord& run) {
  auto parent = by_arn.find(run.execution_arn);
  if (parent == by_arn.end())
    return;  // an Express execution's, kept in memory
  Persist([row = run.row](internal::ExecutionStore& store) { return store.PutMapRun(row); });
}

void Executions::Impl::MapChildEnded(const ExecutionRecord& child) {
  if (!child.express || child.map_run_arn.empty())
    return;
  auto run = map_runs.find(child.map_run_arn);
  if (run == map_runs.end())
    return;
  internal::ExpressTally& tally = run->second->row.express_closed;
  ++tally.executions[ClosedIndex(child.status)];
  tally.items[ClosedIndex(child.status)] += child.item_count;
  PersistMapRun(*run->second);
}

void Executions::Impl::ForgetMapRuns(const ExecutionRecord& r) {
  for (const MapRunPtr& run : r.map_runs) {
    map_runs.erase(run->row.arn);
    for (const RecordPtr& child : run->children) {
      if (child->express)
        express_children.erase(child->arn);
    }
  }
}

Status Executions::Impl::LoadMapRuns(
    const std::map<std::string, std::shared_ptr<const internal::MachineSnapshot>>& by_key) {
  std::map<int64_t, RecordPtr> by_seq;
  for (const auto& [arn, r] : by_arn)
    by_seq[r->seq] = r;
  ASSIGN_OR_RETURN(std::vector<internal::MapRunRow> rows, store->LoadMapRuns());
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return a.start_date < b.start_date; });
  for (internal::MapRunRow& row : rows) {
    auto parent = by_seq.find(row.execution_seq);
    auto snapshot = by_key.find(row.config_key);
    if (parent == by_seq.end())
      continue;  // purged with its execution
    auto run = std::make_shared<MapRunRecord>();
    run->execution_arn = parent->second->arn;
    if (snapshot != by_key.end())
      run->snapshot = snapshot->second;
    else
      run->definition_error = "The ItemProcessor's definition is not stored";
    run->row = std::move(row);
    parent->second->map_runs.push_back(run);
    map_runs[run->row.arn] = run;
  }
  for (const auto& [seq, r] : by_seq) {  // start order: each map run's children in order
    auto run = r->map_run_arn.empty() ? map_runs.end() : map_runs.find(r->map_run_arn);
    if (run != map_runs.end())
      run->second->children.push_back(r);
  }
  return Status::Ok();
}

MapRunDescription Executions::Impl::DescribeMapRun(const MapRunRecord& run) {
  const internal::MapRunRow& row = run.row;
  MapRunDescription d;
  d.map_run_arn = row.arn;
  d.execution_arn = run.execution_arn;
  d.status = internal::MapRunStatusName(row.status);
  d.start_date = row.start_date;
  d.stop_date = row.stop_date;
  d.max_concurrency = row.max_concurrency;
  d.tolerated_failure_count = row.tolerated_failure_count;
  d.tolerated_failure_percentage = row.tolerated_failure_percentage;
  d.redrive_count = row.redrive_count;
  d.redrive_date = row.redrive_date;
  MapRunCounts& items = d.item_counts;
  MapRunCounts& executions = d.execution_counts;
  int64_t started_items = 0;
  int64_t started = 0;
  for (const RecordPtr& child : run.children) {
    if (child->express && !child->running())
      continue;  // counted in the tally
    ++started;
    started_items += child->item_count;
    Count(child->status, 1, &executions);
    Count(child->status, child->item_count, &items);
  }
  for (int i = 0; i < 4; ++i) {
    auto status = static_cast<asl::ExecutionStatus>(i + 1);
    started += row.express_closed.executions[i];
    started_items += row.express_closed.items[i];
    Count(status, row.express_closed.executions[i], &executions);
    Count(status, row.express_closed.items[i], &items);
  }
  executions.total = row.child_total;
  items.total = row.item_total;
  executions.pending = std::max<int64_t>(0, row.child_total - started);
  items.pending = std::max<int64_t>(0, row.item_total - started_items);
  // Without a ResultWriter every result returned counts as written (AWS-recorded: the
  // DescribeMapRun of test_list_map_runs_and_describe_map_run).
  executions.results_written = executions.succeeded;
  items.results_written = items.succeeded;
  // The unsuccessful children of a closed map run wait for a redrive of its execution, or can
  // never have one.
  if (row.status == MapRunStatus::kFailed || row.status == MapRunStatus::kAborted) {
    auto parent = by_arn.find(run.execution_arn);
    bool redrivable =
        parent != by_arn.end() && !internal::RedriveBlocker(*parent->second, options.clock->Now());
    for (MapRunCounts* c : {&executions, &items}) {
      int64_t unsuccessful = c->failed + c->timed_out + c->aborted;
      (redrivable ? c->pending_redrive : c->failures_not_redrivable) = unsuccessful;
    }
  }
  return d;
}

}  // namespace stepshift::engine
