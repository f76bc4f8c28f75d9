// TestState's view into one state's run (the TestState API, asl/test_state.h): the interpreter
// reports the values of its data pipeline and how the state ended (a retrier that would retry, a
// catcher that took the error), and reads what the request configured in place of running things
// (a mocked Map or Parallel result, retries that already happened). Plain data owned by the
// caller; the interpreter only writes to it while the Execution that points at it runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "asl/json_util.h"
#include "asl/task_runner.h"

namespace stepshift::asl {

struct Inspection {
  // Set by the caller.
  // Keep the pipeline's values (inspectionLevel DEBUG or TRACE); INFO keeps none of them.
  bool record = false;
  // stateConfiguration.retrierRetryCount: the retries already made by the retrier that matches
  // the error, in place of the state's own count.
  std::optional<int> retrier_retry_count;
  // A mocked Map or Parallel: this outcome stands for its children's (which do not run). Not
  // owned.
  const TaskOutcome* container_mock = nullptr;
  // stateConfiguration.mapIterationFailureCount: failed iterations of a mocked Map.
  int64_t map_iteration_failures = 0;
  // stateConfiguration.mapItemReaderData: what the Map's ItemReader would have read, its items
  // in place of ItemsPath's (an array). Not owned; nullptr for none.
  const Value* map_items = nullptr;

  // Set by the interpreter.
  // The pipeline's values by inspectionData field ("afterInputPath", "result", ...).
  Object data;
  // The variables the state assigned (Assign), committed when it exited.
  Object assigned;
  int retry_index = -1;  // the retrier that would retry, with its back-off
  double retry_backoff_seconds = 0;
  int catch_index = -1;  // the catcher that took the error
  bool exited = false;   // the state finished its work and moved on (or ended the run)
  // The error the state failed with, which a retrier or catcher handled.
  std::string error, cause;
};

}  // namespace stepshift::asl
