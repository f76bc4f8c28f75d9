// `stepshift run DEFINITION`: runs one state machine definition in-process and prints
// {"status": "SUCCEEDED", "output": ...} or {"status": "FAILED", "error": ..., "cause": ...}.
// Exit codes: 0 SUCCEEDED, 1 FAILED or TIMED_OUT, 2 invalid definition, input or usage.
#pragma once

#include <CLI/CLI.hpp>
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
};

// Runs the command; writes the result object to `out` and diagnostics to `err`. Returns the
// exit code. Never throws.
int RunDefinitionCommand(const RunOptions& options, std::ostream& out, std::ostream& err);

// Adds the `run` subcommand to `app`; its callback stores the exit code in *exit_code.
void SetupRunCommand(CLI::App& app, int* exit_code);

}  // namespace stepshift::cli
