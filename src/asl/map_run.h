// Map runs: how an engine runs a distributed Map as AWS does, one child execution per item (or
// batch) of the ItemProcessor, instead of as frames of the parent (ExecutionOptions::map_runs).
// The interpreter keeps deciding everything a Map decides (items, MaxConcurrency, tolerated
// failures, result order, redrive); it hands each child to the engine as a deferred call and
// reports the map run's start and end, which the engine turns into its Map Run resource.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asl/execution_state.h"

namespace stepshift::asl {

// The resource of a child execution's call. Its input is {"mapRunArn", "name" (the child's
// execution name, the same for an item whenever it runs), "index", "itemCount" (1, or the size of
// its batch), "input" (the child's input)}; its outcome is the child's: its output, or its error
// and cause.
inline constexpr std::string_view kMapRunChildResource = "stepshift:mapRunChild";

// A map run's limits, as the map resolved them or UpdateMapRun changes them.
struct MapRunLimits {
  std::optional<int32_t> max_concurrency;  // 0: no limit
  std::optional<double> tolerated_failure_count;
  std::optional<double> tolerated_failure_percentage;
};

// What happened to a map run during a run of steps.
struct MapRunEvent {
  enum class Kind { kStarted, kRedriven, kSucceeded, kFailed } kind = Kind::kStarted;
  std::string arn;
  // kStarted and kRedriven: the Map's Label (or the name-based UUID that stands for it), its
  // ItemProcessor as a definition, the children's type and the limits as resolved (unset
  // tolerances are 0, AWS's defaults); the items before batching and the child executions.
  std::string label;
  std::string definition;
  bool express = false;
  int32_t max_concurrency = 0;
  double tolerated_failure_count = 0;
  double tolerated_failure_percentage = 0;
  int64_t item_count = 0;
  int64_t child_count = 0;
  // kFailed
  std::string error, cause;
};

// The map runs that run in `state`: their ARNs, outermost first.
std::vector<std::string> OpenMapRuns(const ExecutionState& state);

// A name-based (version 3, MD5) UUID of `name`: the same name gives the same UUID.
std::string NameUuid(std::string_view name);

}  // namespace stepshift::asl
