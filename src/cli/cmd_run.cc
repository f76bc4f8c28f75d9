#include "cli/cmd_run.h"

#include <filesystem>
#include <iostream>
#include <memory>

#include "asl/executor.h"
#include "asl/parser.h"
#include "asl/runners/functions_runner.h"
#include "asl/runners/mock_config_runner.h"
#include "base/clock.h"
#include "base/file.h"
#include "base/ids.h"

namespace stepshift::cli {

namespace {

constexpr int kExitSucceeded = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr size_t kMaxInputBytes = 262144;

bool ReadFile(const std::string& path, std::string* text, std::ostream& err) {
  Result<std::string> read = ReadTextFile(path);
  if (!read.ok()) {
    err << "stepshift run: " << read.status().message() << "\n";
    return false;
  }
  *text = std::move(read).value();
  return true;
}

// Reads and parses the execution input; `text` keeps it as written, for the history.
bool LoadInput(const RunOptions& o, asl::Value* input, std::string* text, std::ostream& err) {
  if (o.input && o.input_file) {
    err << "stepshift run: give --input or --input-file, not both\n";
    return false;
  }
  *text = "{}";
  if (o.input)
    *text = *o.input;
  if (o.input_file && !ReadFile(*o.input_file, text, err))
    return false;
  if (text->size() > kMaxInputBytes) {
    err << "stepshift run: the input exceeds the 262144-byte limit\n";
    return false;
  }
  auto parsed = asl::ParseJson(*text);
  if (!parsed.ok()) {
    err << "stepshift run: invalid input JSON: " << parsed.status().message() << "\n";
    return false;
  }
  *input = std::move(*parsed);
  return true;
}

struct Runners {
  std::unique_ptr<asl::FunctionsRunner> functions;
  std::unique_ptr<asl::MockConfigRunner> mocks;
  asl::TaskRunner* active = nullptr;
};

// Loads --functions and --mock-config. `machine` names the StateMachines entry of the mock
// configuration: the --state-machine-name flag, else (empty) the only entry defining the test
// case, or the one named `default_machine` when several do. On return *machine is the entry used.
bool LoadRunners(const RunOptions& o, const std::string& default_machine, std::string* machine,
                 Runners* r, std::ostream& err) {
  std::string text;
  if (o.functions_file) {
    if (!ReadFile(*o.functions_file, &text, err))
      return false;
    auto fr = asl::FunctionsRunner::FromText(text);
    if (!fr.ok()) {
      err << "stepshift run: " << fr.status().message() << "\n";
      return false;
    }
    r->functions = std::move(*fr);
    r->active = r->functions.get();
  }
  if (o.mock_config_file.has_value() != o.test_case.has_value()) {
    err << "stepshift run: --mock-config and --test-case go together\n";
    return false;
  }
  if (o.mock_config_file) {
    if (!ReadFile(*o.mock_config_file, &text, err))
      return false;
    asl::MockConfigOptions mo;
    mo.test_case = *o.test_case;
    mo.state_machine = *machine;
    mo.preferred_state_machine = default_machine;
    mo.fallback = r->active;
    auto mr = asl::MockConfigRunner::FromText(text, mo);
    if (!mr.ok()) {
      err << "stepshift run: " << mr.status().message() << "\n";
      return false;
    }
    *machine = (*mr)->state_machine();
    r->mocks = std::move(*mr);
    r->active = r->mocks.get();
  }
  return true;
}

asl::Value ResultObject(const asl::ExecutionState& s, const asl::VectorEventSink* history) {
  asl::Object out;
  out["status"] = asl::ExecutionStatusName(s.status);
  if (s.status == asl::ExecutionStatus::kSucceeded) {
    out["output"] = s.output;
  } else {
    // Like DescribeExecution: a Fail state without Error or Cause leaves the field out.
    if (!s.error.empty())
      out["error"] = s.error;
    if (!s.cause.empty())
      out["cause"] = s.cause;
  }
  if (history != nullptr)
    out["history"] = history->ToValue();
  return out;
}

}  // namespace

int RunDefinitionCommand(const RunOptions& o, std::ostream& out, std::ostream& err) {
  std::string text;
  if (!ReadFile(o.definition_file, &text, err))
    return kExitUsage;
  asl::ParseOptions parse_options;
  parse_options.allow_yaml = true;
  asl::ParsedDefinition def = asl::ParseDefinition(text, parse_options);
  if (!def.ok()) {
    for (const asl::Diagnostic& d : def.diagnostics) {
      err << o.definition_file << ": " << (d.location.empty() ? "/" : d.location) << ": " << d.code
          << ": " << d.message;
      if (d.position >= 0)
        err << " (position " << d.position << " of the expression)";
      err << "\n";
    }
    err << asl::FormatInvalidDefinition(def.diagnostics) << "\n";
    return kExitUsage;
  }
  asl::Value input;
  std::string input_text;
  if (!LoadInput(o, &input, &input_text, err))
    return kExitUsage;
  std::string stem = std::filesystem::path(o.definition_file).stem().string();
  std::string machine_name = o.state_machine_name.value_or("");
  Runners runners;
  if (!LoadRunners(o, stem, &machine_name, &runners, err))
    return kExitUsage;
  if (machine_name.empty())
    machine_name = stem;
  asl::VectorEventSink history;
  asl::ExecutionOptions eo;
  std::string execution_name = NewUuid();
  eo.state_machine_name = machine_name;
  eo.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:" + machine_name;
  eo.execution_name = execution_name;
  eo.execution_arn =
      "arn:aws:states:us-east-1:123456789012:execution:" + machine_name + ":" + execution_name;
  eo.clock = &SystemClock();
  eo.tasks = runners.active;
  eo.events = o.history ? &history : nullptr;
  eo.skip_waits = o.skip_waits;
  asl::Execution exec(def.machine, eo);
  exec.Start(std::move(input), std::move(input_text));
  exec.RunToCompletion();
  out << asl::ToJson(ResultObject(exec.state(), o.history ? &history : nullptr)) << "\n";
  return exec.state().status == asl::ExecutionStatus::kSucceeded ? kExitSucceeded : kExitFailed;
}

void SetupRunCommand(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* sub = app.add_subcommand("run", "Run a state machine definition locally, in-process");
  sub->add_option("definition", options->definition_file, "Definition file (JSON or YAML)")
      ->required();
  auto* input = sub->add_option("--input", options->input, "Execution input (JSON text)");
  sub->add_option("--input-file", options->input_file, "File holding the execution input")
      ->excludes(input);
  sub->add_option("--functions", options->functions_file,
                  "YAML/JSON file mapping Task resources to local commands or fixed results");
  sub->add_option("--mock-config", options->mock_config_file,
                  "AWS Step Functions Local mock configuration file");
  sub->add_option("--test-case", options->test_case, "Test case of the mock configuration");
  sub->add_option("--state-machine-name", options->state_machine_name,
                  "The state machine's name: its entry in the mock configuration and its name "
                  "in the context object (default: the mock configuration's only machine with the "
                  "test case, else the definition file's name)");
  sub->add_flag("--history", options->history, "Include the execution's event history");
  sub->add_flag("--skip-waits", options->skip_waits, "Complete Wait states at once");
  auto* state = sub->add_option("--state", options->state,
                                "Test only this state, once, and print TestState's response");
  auto* result = sub->add_option("--mock-result", options->mock_result,
                                 "With --state: the mocked result of a Task, Map or Parallel");
  sub->add_option("--mock-error", options->mock_error,
                  "With --state: the mocked error of a Task, Map or Parallel")
      ->excludes(result)
      ->needs(state);
  sub->add_option("--mock-cause", options->mock_cause, "With --mock-error: the error's cause");
  sub->add_option("--variables", options->variables, "With --state: variables (JSON object)")
      ->needs(state);
  sub->add_option("--context", options->context,
                  "With --state and a mock: context object members (JSON object)")
      ->needs(state);
  sub->add_option("--inspection-level", options->inspection_level, "INFO, DEBUG or TRACE")
      ->check(CLI::IsMember({"INFO", "DEBUG", "TRACE"}))
      ->needs(state);
  sub->add_option("--retrier-retry-count", options->retrier_retry_count,
                  "With --state: retries already made by the matching retrier")
      ->needs(state);
  sub->add_option("--map-iteration-failure-count", options->map_iteration_failure_count,
                  "With --state: failed iterations of a mocked Map")
      ->needs(state);
  result->needs(state);
  sub->callback([options, exit_code] {
    try {
      *exit_code = options->state ? RunStateCommand(*options, std::cout, std::cerr)
                                  : RunDefinitionCommand(*options, std::cout, std::cerr);
    } catch (const std::exception& e) {  // last resort: bad_alloc and the like
      std::cerr << "stepshift run: " << e.what() << "\n";
      *exit_code = kExitUsage;
    }
  });
}

}  // namespace stepshift::cli
