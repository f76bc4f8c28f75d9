// The TestState API's core: runs one state of a definition once, on the interpreter, and reports
// what AWS's TestState returns: the status (SUCCEEDED, FAILED, RETRIABLE, CAUGHT_ERROR), the
// output or error, the next state and the inspection data of the data pipeline. A Task's mock
// answers its invocation; a Map's or Parallel's mock stands for its children (asl/inspection.h).
// Pure like the rest of asl: a Task without a mock is handed back to the caller to run.
// Not thread-safe: one StateTest is driven by one thread at a time.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "asl/definition.h"
#include "asl/executor.h"
#include "asl/inspection.h"
#include "base/result.h"

namespace stepshift::asl {

enum class InspectionLevel { kInfo, kDebug, kTrace };

// TestState's request once its members have their wire shapes (the api layer checks those).
struct TestStateRequest {
  std::string definition;  // one state, or a whole machine when state_name is set
  std::string state_name;  // empty: `definition` is one state
  Value input = Object();
  InspectionLevel level = InspectionLevel::kInfo;
  std::optional<std::string> variables;  // JSON object text
  bool reveal_secrets = false;
  bool has_role_arn = false;
  // mock: exactly one of result (JSON text) and error_output is expected.
  bool has_mock = false;
  std::optional<std::string> mock_result;
  bool has_mock_error = false;
  std::string mock_error, mock_cause;
  std::string field_validation_mode = "STRICT";
  std::optional<std::string> context;  // JSON object text; only with a mock
  // stateConfiguration
  std::optional<int> retrier_retry_count;
  std::optional<std::string> error_caused_by_state;
  std::optional<int64_t> map_iteration_failure_count;
  std::optional<std::string> map_item_reader_data;
};

struct TestStateResponse {
  std::string status;           // SUCCEEDED, FAILED, RETRIABLE or CAUGHT_ERROR
  std::optional<Value> output;  // SUCCEEDED and CAUGHT_ERROR
  std::string error, cause;     // FAILED, RETRIABLE and CAUGHT_ERROR
  std::string next_state;       // empty when the state ends the run or fails
  Object inspection_data;       // DEBUG and TRACE only; empty otherwise
};

// TestStateOutput's wire shape: payloads as JSON text, inspectionData only when there is some
// (its Map limits and errorDetails as they are), absent members left out.
Value TestStateResponseToJson(const TestStateResponse& response);

// A TestState definition once parsed: the machine and the state under test. Immutable, so one
// may serve any number of runs at once (engines cache them by definition text).
struct TestDefinition {
  std::shared_ptr<const StateMachine> machine;
  const State* state = nullptr;  // in *machine
  int scope = 0;                 // the state's scope in *machine
  bool item_reader = false;      // a Map whose ItemReader TestState took out
  bool result_writer = false;    // ... and its ResultWriter
};

// Parses `definition` (one state, or a machine in which `state_name` is looked up). Errors:
// InvalidDefinition for a definition AWS rejects; ValidationException for a missing state.
Result<std::shared_ptr<const TestDefinition>> ParseTestState(const std::string& definition,
                                                             const std::string& state_name);

class StateTest {
 public:
  // Checks the request as AWS's TestState does and prepares the run. Errors are Status values
  // whose kind() is AWS's error type: InvalidDefinition for a definition AWS rejects, else
  // ValidationException (a mock where none is allowed, one missing where it is needed, ...).
  // `identity` gives the run's ARNs, region and clock (ExecutionOptions::clock is required).
  static Result<std::unique_ptr<StateTest>> Prepare(const TestStateRequest& request,
                                                    const ExecutionOptions& identity);
  // The same with the request's definition already parsed (ParseTestState).
  static Result<std::unique_ptr<StateTest>> Prepare(
      const TestStateRequest& request, std::shared_ptr<const TestDefinition> definition,
      const ExecutionOptions& identity);

  // Runs the state until it has ended, or until its Task needs running: then returns that call,
  // whose outcome the caller reports with Complete() before calling Run() again.
  std::optional<TaskCall> Run();
  void Complete(const TaskCall& call, TaskOutcome outcome);

  // REQUIRES: Run() returned nullopt.
  TestStateResponse Response() const;

 private:
  StateTest() = default;
  bool Ended() const;

  std::shared_ptr<const TestDefinition> definition_;
  const StateMachine* machine_ = nullptr;  // definition_'s
  const State* state_ = nullptr;           // the state under test, in *machine_
  InspectionLevel level_ = InspectionLevel::kInfo;
  Value input_;
  Object variables_;
  std::optional<TaskOutcome> mock_;
  Value reader_items_;  // a Map's ItemReader data (stateConfiguration.mapItemReaderData)
  Inspection inspection_;
  std::unique_ptr<Execution> execution_;
};

}  // namespace stepshift::asl
