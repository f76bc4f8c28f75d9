// Internals of asl/test_state.cc: the request checks (test_state_checks.cc) and the mock's shape
// check against the integration's output (test_state_mock_shapes.cc).
#pragma once

#include <optional>
#include <set>
#include <string>

#include "asl/definition.h"
#include "asl/parser.h"
#include "asl/task_runner.h"
#include "asl/test_state.h"
#include "base/result.h"
#include "base/status.h"
#include "base/status_macros.h"

namespace stepshift::asl::internal {

Status ValidationException(std::string message);

// What TestState takes out of a definition before parsing it: a Map's ItemReader and
// ResultWriter (S3, which serve does not read; a mock stands for the whole run, and
// mapItemReaderData for what the reader would read), by state name.
struct StrippedMaps {
  std::set<std::string> item_readers, result_writers;
};

// The definition as a machine: a lone state (state_name empty) is wrapped in one whose other
// states stand for its transitions. InvalidDefinition when AWS would reject it.
Result<ParsedDefinition> ParseTestDefinition(const std::string& definition,
                                             const std::string& state_name, StrippedMaps* stripped);

// The state under test (the lone state when `name` is empty) and its scope; nullptr if absent.
const State* FindState(const StateMachine& machine, const std::string& name, int* scope);

// Whether state `s` takes, needs or refuses the request's mock; sets *mock to its outcome.
// `result_writer`: the Map had a ResultWriter (its mocked result is then an object).
Status CheckMock(const TestStateRequest& r, const State& s, bool result_writer,
                 std::optional<TaskOutcome>* mock);

// A Task's mocked result against the output shape of its service integration, as
// fieldValidationMode asks (STRICT: required fields present and present fields well typed;
// PRESENT: present fields well typed; NONE: nothing). Integrations without a known shape pass.
Status CheckMockShape(const std::string& resource, const Value& result, const std::string& mode);

}  // namespace stepshift::asl::internal
