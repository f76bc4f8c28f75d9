// `stepshift run DEFINITION`: runs one state machine definition in-process and prints
// {"status": "SUCCEEDED", "output": ...} or {"status": "FAILED", "error": ..., "cause": ...}.
// Exit codes: 0 SUCCEEDED, 1 FAILED or TIMED_OUT, 2 invalid definition, input or usage.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

namespace stepshift::cli {

struct RunOptions {
  std::string definition_file;       // JSON or YAML
  std::optional<std::string> input;  // --input JSON text
  std::optional<std::string> input_file;
  std::optional<std::string> functions_file;
  std::optional<std::string> mock_config_file;
  std::optional<std::string> test_case;
  // The state machine's name ($$.StateMachine.Name, the ARNs) and its entry in the mock
  // configuration; default: the mock configuration's entry for the test case, else the
  // definition file's stem.
  std::optional<std::string> state_machine_name;
  bool history = false;     // add the GetExecutionHistory-shaped events under "history"
  bool skip_waits = false;  // Wait states and retry back-offs complete at once

  // --state NAME: test that one state as the TestState API does (cmd_run_state.cc).
  std::optional<std::string> state;
  std::optional<std::string> mock_result;  // JSON text
  std::optional<std::string> mock_error;
  std::optional<std::string> mock_cause;
  std::optional<std::string> variables;  // JSON object text
  std::optional<std::string> context;    // JSON object text
  std::string inspection_level = "INFO";
  std::optional<int> retrier_retry_count;
  std::optional<int64_t> map_iteration_failure_count;
};

// Runs the command; writes the result object to `out` and diagnostics to `err`. Returns the
// exit code. Never throws.
int RunDefinitionCommand(const RunOptions& options, std::ostream& out, std::ostream& err);

// `run --state NAME`: runs state NAME of the definition once and prints TestState's response
// ({"status": ..., "output": ..., "nextState": ..., "inspectionData": ...}). Exit codes: 0 unless
// the state FAILED (1); 2 for an invalid definition, input, mock or usage.
int RunStateCommand(const RunOptions& options, std::ostream& out, std::ostream& err);

// Adds the `run` subcommand to `app`; its callback stores the exit code in *exit_code.
void SetupRunCommand(CLI::App& app, int* exit_code);

}  // namespace stepshift::cli
