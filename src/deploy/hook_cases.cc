#include "deploy/hook_cases.h"

#include <fstream>
#include <set>
#include <sstream>

#include "asl/json_util.h"
#include "base/status_macros.h"

namespace stepshift::deploy {

namespace {

// StartExecution's input limit (256 KiB), checked here so a case the service would refuse
// stops the deployment before anything changes.
constexpr size_t kMaxInput = 256 * 1024;

const std::set<std::string> kStatuses = {"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"};

Status Invalid(const std::string& where, const std::string& what) {
  return Status::InvalidArgument(where + ": " + what);
}

std::string Short(const json::Value& value) {
  std::string text = asl::ToJson(value);
  return text.size() > 200 ? text.substr(0, 200) + "…" : text;
}

Status CheckKeys(const json::Object& object, const std::set<std::string>& allowed,
                 const std::string& where) {
  for (const auto& member : object) {
    if (!allowed.count(std::string(member.key()))) {
      std::string known;
      for (const std::string& key : allowed)
        known += (known.empty() ? "" : ", ") + key;
      return Invalid(where,
                     "unknown key '" + std::string(member.key()) + "' (known: " + known + ")");
    }
  }
  return Status::Ok();
}

Result<CaseExpectation> ParseExpectation(const json::Value& value, const std::string& where) {
  if (!value.is_object())
    return Invalid(where, "expect must be an object");
  const json::Object& o = value.as_object();
  RETURN_IF_ERROR(CheckKeys(o, {"status", "output", "error"}, where + ": expect"));
  CaseExpectation expect;
  if (const json::Value* error = json::Find(o, "error")) {
    if (!error->is_string())
      return Invalid(where, "expect.error must be a string");
    expect.error = std::string(error->as_string());
    expect.status = "FAILED";
  }
  if (const json::Value* status = json::Find(o, "status")) {
    if (!status->is_string() || !kStatuses.count(std::string(status->as_string()))) {
      return Invalid(where, "expect.status must be one of SUCCEEDED, FAILED, TIMED_OUT, ABORTED (" +
                                Short(*status) + ")");
    }
    expect.status = std::string(status->as_string());
  }
  if (const json::Value* output = json::Find(o, "output"))
    expect.output = *output;
  if (expect.output && expect.status != "SUCCEEDED")
    return Invalid(where, "expect.output needs status SUCCEEDED (only they have an output)");
  if (expect.error && expect.status == "SUCCEEDED")
    return Invalid(where, "expect.error needs status FAILED, TIMED_OUT or ABORTED");
  return expect;
}

Result<TestCase> ParseCase(const json::Value& value, size_t index) {
  std::string where = "case " + std::to_string(index + 1);
  if (!value.is_object())
    return Invalid(where, "a case must be an object with input (and optionally name, expect)");
  const json::Object& o = value.as_object();
  TestCase c;
  c.name = "#" + std::to_string(index + 1);
  if (const json::Value* name = json::Find(o, "name")) {
    if (!name->is_string() || name->as_string().empty())
      return Invalid(where, "name must be a non-empty string");
    c.name = std::string(name->as_string());
    where += " (" + c.name + ")";
  }
  RETURN_IF_ERROR(CheckKeys(o, {"name", "input", "expect"}, where));
  if (const json::Value* input = json::Find(o, "input"))
    c.input = *input;
  if (asl::JsonSizeExceeds(c.input, kMaxInput))
    return Invalid(where, "input is larger than StartExecution's 256 KiB");
  if (const json::Value* expect = json::Find(o, "expect")) {
    ASSIGN_OR_RETURN(c.expect, ParseExpectation(*expect, where));
  }
  return c;
}

}  // namespace

Result<std::vector<TestCase>> ParseTestCases(std::string_view text) {
  auto parsed = asl::ParseJsonOrYaml(text);
  if (!parsed.ok())
    return Status::InvalidArgument("not valid JSON or YAML: " + parsed.status().message());
  if (!parsed->is_array())
    return Status::InvalidArgument("expected a list of cases");
  if (parsed->as_array().empty())
    return Status::InvalidArgument("the list of cases is empty");
  std::vector<TestCase> cases;
  for (const json::Value& value : parsed->as_array()) {
    ASSIGN_OR_RETURN(TestCase c, ParseCase(value, cases.size()));
    cases.push_back(std::move(c));
  }
  return cases;
}

Result<std::vector<TestCase>> LoadTestCases(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Status::InvalidArgument("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  auto cases = ParseTestCases(text.str());
  if (!cases.ok())
    return Status::InvalidArgument(path + ": " + cases.status().message());
  return cases;
}

std::string JudgeCase(const CaseExpectation& expect, const ExecutionRun& run) {
  const DescribedExecution& d = run.described;
  if (run.arn.empty() || !run.error.ok() || d.status != expect.status || d.status == "RUNNING") {
    return "expected " + expect.status + ", got " + DescribeRunEnd(run);
  }
  if (expect.error && d.error != *expect.error) {
    return "expected error " + *expect.error + ", got " +
           (d.error.empty() ? std::string("none") : d.error);
  }
  if (expect.output) {
    auto output = asl::ParseJson(d.output.value_or("null"));
    if (!output.ok())
      return "output is not JSON: " + d.output.value_or("");
    if (!asl::JsonEquals(*output, *expect.output))
      return "expected output " + Short(*expect.output) + ", got " + Short(*output);
  }
  return "";
}

CasesReport RunTestCases(ExecutionsApi* api, const std::string& version_arn,
                         const std::vector<TestCase>& cases, const ExecutionWaitOptions& options) {
  std::vector<ExecutionRequest> requests;
  for (const TestCase& c : cases)
    requests.push_back({version_arn, asl::ToJson(c.input)});
  ExecutionsWait wait = RunExecutions(api, requests, options);
  CasesReport report;
  report.end = wait.end;
  for (size_t i = 0; i < cases.size(); ++i) {
    const ExecutionRun& run = wait.runs[i];
    CaseResult result{cases[i].name, run.arn, run.described.status, false, ""};
    result.reason = JudgeCase(cases[i].expect, run);
    result.passed = result.reason.empty();
    report.passed += result.passed ? 1 : 0;
    report.cases.push_back(std::move(result));
  }
  return report;
}

json::Array CasesJson(const CasesReport& report) {
  json::Array cases;
  for (const CaseResult& c : report.cases) {
    json::Object o{{"name", c.name},
                   {"execution_arn", c.execution_arn},
                   {"status", c.status},
                   {"passed", c.passed}};
    if (!c.passed)
      o["reason"] = c.reason;
    cases.push_back(std::move(o));
  }
  return cases;
}

}  // namespace stepshift::deploy
