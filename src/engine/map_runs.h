// Map Runs, in the shapes of DescribeMapRun, ListMapRuns and UpdateMapRun (API reference). A
// distributed Map starts a map run; each of its items (or batches, with ItemBatcher) runs as a
// child execution of the ItemProcessor, a state machine named <machine>/<label>.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"

namespace stepshift::engine {

// MapRunItemCounts / MapRunExecutionCounts.
struct MapRunCounts {
  int64_t pending = 0;
  int64_t running = 0;
  int64_t succeeded = 0;
  int64_t failed = 0;
  int64_t timed_out = 0;
  int64_t aborted = 0;
  int64_t total = 0;
  int64_t results_written = 0;
  int64_t failures_not_redrivable = 0;
  int64_t pending_redrive = 0;
};

struct MapRunDescription {
  std::string map_run_arn;
  std::string execution_arn;
  std::string status;  // RUNNING, SUCCEEDED, FAILED or ABORTED
  Time start_date;
  std::optional<Time> stop_date;
  int32_t max_concurrency = 0;  // 0: no limit
  double tolerated_failure_percentage = 0;
  int64_t tolerated_failure_count = 0;
  MapRunCounts item_counts;
  MapRunCounts execution_counts;
  int64_t redrive_count = 0;
  std::optional<Time> redrive_date;
};

struct MapRunListItem {
  std::string execution_arn;
  std::string map_run_arn;
  std::string state_machine_arn;  // the child state machine: <machine ARN>/<label>
  Time start_date;
  std::optional<Time> stop_date;
};

// UpdateMapRun: the members given change; the API layer has checked their ranges.
struct UpdateMapRunRequest {
  std::string map_run_arn;
  std::optional<int32_t> max_concurrency;
  std::optional<double> tolerated_failure_percentage;
  std::optional<int64_t> tolerated_failure_count;
};

}  // namespace stepshift::engine
