// Internals of Executions: one record per map run. Guarded by the Executions mutex.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/execution_record.h"
#include "engine/map_runs.h"

namespace stepshift::engine::internal {

enum class MapRunStatus { kRunning, kSucceeded, kFailed, kAborted };

const char* MapRunStatusName(MapRunStatus status);

// Closed Express children by how they ended: executions and their items. Express executions live
// in memory only, so these survive a restart in the map run's row instead.
struct ExpressTally {
  int64_t executions[4] = {0, 0, 0, 0};  // by asl::ExecutionStatus - 1 (succeeded .. aborted)
  int64_t items[4] = {0, 0, 0, 0};
};

// What the store keeps of a map run.
struct MapRunRow {
  // Fixed at the start.
  std::string arn;
  int64_t execution_seq = 0;  // the parent execution's
  std::string state_machine_arn;
  std::string label;
  bool express = false;
  std::string config_key;  // the ItemProcessor's definition, stored like an execution's
  Time start_date;
  int64_t item_total = 0;
  int64_t child_total = 0;
  // Changing.
  MapRunStatus status = MapRunStatus::kRunning;
  std::optional<Time> stop_date;
  int32_t max_concurrency = 0;
  int64_t tolerated_failure_count = 0;
  double tolerated_failure_percentage = 0;
  int64_t redrive_count = 0;
  std::optional<Time> redrive_date;
  ExpressTally express_closed;
};

struct MapRunRecord {
  MapRunRow row;
  std::string execution_arn;  // the parent's
  // The ItemProcessor as its children run it; null, with `definition_error`, when it does not
  // parse on its own.
  std::shared_ptr<const MachineSnapshot> snapshot;
  std::string definition_error;
  // Its children in start order: every Standard one (each item's child is redriven, not
  // replaced), and the Express ones started since the last Open.
  std::vector<RecordPtr> children;

  bool running() const { return row.status == MapRunStatus::kRunning; }
};

using MapRunPtr = std::shared_ptr<MapRunRecord>;

}  // namespace stepshift::engine::internal
