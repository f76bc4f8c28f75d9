// Test inputs for a new version (`--pre-traffic` / `--post-traffic INPUTS`): a list of cases,
// each an input to start an execution of the version with and what that execution must end as.
// The file is JSON or YAML:
//
//   - name: a paid order ships          # optional; "#1", "#2", ... by default
//     input: {"order": 1, "paid": true}  # any JSON value; {} by default
//   - name: an unpaid order is refused
//     input: {"order": 2, "paid": false}
//     expect:
//       status: FAILED                   # SUCCEEDED (default; FAILED when `error` is given),
//       error: PaymentRequired           #   FAILED, TIMED_OUT or ABORTED
//   - input: {"order": 3}
//     expect: {output: {"order": 3, "shipped": true}}  # compared as JSON values (1 == 1.0)
//
// Parsing validates everything (unknown keys included) so a bad file stops the deployment
// before anything changes. RunTestCases() is the in-process API: it takes parsed cases.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/result.h"
#include "deploy/hook_executions.h"

namespace stepshift::deploy {

struct CaseExpectation {
  std::string status = "SUCCEEDED";   // SUCCEEDED, FAILED, TIMED_OUT or ABORTED
  std::optional<json::Value> output;  // REQUIRES: status SUCCEEDED
  std::optional<std::string> error;   // REQUIRES: status not SUCCEEDED
};

struct TestCase {
  std::string name;
  json::Value input = json::Object{};
  CaseExpectation expect;
};

// The cases of an INPUTS text (JSON or YAML, as above). InvalidArgument naming the case and the
// field for anything malformed, an empty list included.
Result<std::vector<TestCase>> ParseTestCases(std::string_view text);

// Reads and parses `path`; the message starts with the path.
Result<std::vector<TestCase>> LoadTestCases(const std::string& path);

struct CaseResult {
  std::string name;
  std::string execution_arn;  // empty when it could not be started
  std::string status;         // how it ended: SUCCEEDED, FAILED, ..., RUNNING (timed out), ""
  bool passed = false;
  std::string reason;  // why it missed its expectation; empty when it passed
};

struct CasesReport {
  std::vector<CaseResult> cases;  // in the cases' order
  WaitEnd end = WaitEnd::kDone;
  size_t passed = 0;
};

// Starts one execution of `version_arn` per case (bounded concurrency and one deadline:
// `options`), waits for them and judges each against its expectation.
CasesReport RunTestCases(ExecutionsApi* api, const std::string& version_arn,
                         const std::vector<TestCase>& cases, const ExecutionWaitOptions& options);

// Why `run` misses `expect`; empty when it meets it.
std::string JudgeCase(const CaseExpectation& expect, const ExecutionRun& run);

// Each case as {"name", "execution_arn", "status", "passed", "reason"?}, for the hook event.
json::Array CasesJson(const CasesReport& report);

}  // namespace stepshift::deploy
