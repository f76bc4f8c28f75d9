// `stepshift run DEFINITION --state NAME`: TestState without a server. The same code as serve's
// TestState (asl/test_state.h) runs the state; a Task without a mock runs through --functions,
// on this thread.
#include <iostream>

#include "asl/runners/functions_runner.h"
#include "asl/test_state.h"
#include "base/clock.h"
#include "base/file.h"
#include "base/ids.h"
#include "cli/cmd_run.h"

namespace stepshift::cli {

namespace {

constexpr int kExitUsage = 2;

// A definition file may be YAML; TestState takes JSON text.
bool DefinitionJson(const std::string& path, std::string* json, std::ostream& err) {
  Result<std::string> text = ReadTextFile(path);
  if (!text.ok()) {
    err << "stepshift run: " << text.status().message() << "\n";
    return false;
  }
  Result<asl::Value> doc = asl::ParseJsonOrYaml(*text);
  if (!doc.ok()) {
    err << "stepshift run: " << path << ": " << doc.status().message() << "\n";
    return false;
  }
  *json = asl::ToJson(*doc);
  return true;
}

bool BuildRequest(const RunOptions& o, asl::TestStateRequest* r, std::ostream& err) {
  if (!DefinitionJson(o.definition_file, &r->definition, err))
    return false;
  r->state_name = *o.state;
  std::string input = o.input.value_or("{}");
  if (o.input_file) {
    Result<std::string> text = ReadTextFile(*o.input_file);
    if (!text.ok()) {
      err << "stepshift run: " << text.status().message() << "\n";
      return false;
    }
    input = *text;
  }
  Result<asl::Value> parsed = asl::ParseJson(input);
  if (!parsed.ok()) {
    err << "stepshift run: invalid input JSON: " << parsed.status().message() << "\n";
    return false;
  }
  r->input = std::move(*parsed);
  r->level = o.inspection_level == "TRACE"   ? asl::InspectionLevel::kTrace
             : o.inspection_level == "DEBUG" ? asl::InspectionLevel::kDebug
                                             : asl::InspectionLevel::kInfo;
  r->variables = o.variables;
  r->context = o.context;
  r->has_role_arn = true;  // local runs need no role
  r->has_mock = o.mock_result || o.mock_error;
  r->mock_result = o.mock_result;
  r->has_mock_error = o.mock_error.has_value();
  r->mock_error = o.mock_error.value_or("");
  r->mock_cause = o.mock_cause.value_or("");
  r->retrier_retry_count = o.retrier_retry_count;
  r->map_iteration_failure_count = o.map_iteration_failure_count;
  return true;
}

}  // namespace

int RunStateCommand(const RunOptions& o, std::ostream& out, std::ostream& err) {
  asl::TestStateRequest request;
  if (!BuildRequest(o, &request, err))
    return kExitUsage;
  std::unique_ptr<asl::FunctionsRunner> functions;
  if (o.functions_file) {
    Result<std::string> text = ReadTextFile(*o.functions_file);
    auto runner = text.ok() ? asl::FunctionsRunner::FromText(*text)
                            : Result<std::unique_ptr<asl::FunctionsRunner>>(text.status());
    if (!runner.ok()) {
      err << "stepshift run: " << runner.status().message() << "\n";
      return kExitUsage;
    }
    functions = std::move(*runner);
  }
  asl::ExecutionOptions identity;
  identity.execution_name = NewUuid();
  identity.clock = &SystemClock();
  auto test = asl::StateTest::Prepare(request, identity);
  if (!test.ok()) {
    err << "stepshift run: " << test.status().kind() << ": " << test.status().message() << "\n";
    return kExitUsage;
  }
  asl::NoTaskRunner none;
  asl::TaskRunner* runner = functions ? static_cast<asl::TaskRunner*>(functions.get()) : &none;
  while (std::optional<asl::TaskCall> call = (*test)->Run())
    (*test)->Complete(*call, runner->Run(call->request()));
  asl::TestStateResponse response = (*test)->Response();
  out << asl::ToJson(asl::TestStateResponseToJson(response)) << "\n";
  return response.status == "FAILED" ? 1 : 0;
}

}  // namespace stepshift::cli
