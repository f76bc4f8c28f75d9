// The INPUTS format of --pre-traffic/--post-traffic, and the in-process API over the fake
// executions on the fake clock.
#include "deploy/hook_cases.h"

#include <gtest/gtest.h>

#include "asl/json_util.h"
#include "deploy/fake_executions.h"

namespace stepshift::deploy {
namespace {

using std::chrono::seconds;
using testing::FakeExecutions;

TEST(HookCasesTest, YamlCasesWithDefaults) {
  auto cases = ParseTestCases(R"(
# a comment, as YAML allows
- input: {"order": 1}
- name: refused
  input: {"order": 2}
  expect: {error: PaymentRequired}
- name: shipped
  expect:
    output: {shipped: true, n: 3}
)");
  ASSERT_TRUE(cases.ok()) << cases.status().ToString();
  ASSERT_EQ(cases->size(), 3u);
  EXPECT_EQ((*cases)[0].name, "#1");
  EXPECT_EQ(asl::ToJson((*cases)[0].input), R"({"order":1})");
  EXPECT_EQ((*cases)[0].expect.status, "SUCCEEDED");
  EXPECT_EQ((*cases)[1].expect.status, "FAILED");  // an expected error implies FAILED
  EXPECT_EQ((*cases)[1].expect.error, "PaymentRequired");
  EXPECT_EQ(asl::ToJson((*cases)[2].input), "{}");
  EXPECT_EQ(asl::ToJson(*(*cases)[2].expect.output), R"({"shipped":true,"n":3})");
}

TEST(HookCasesTest, JsonCases) {
  auto cases = ParseTestCases(R"([{"input": [1, 2], "expect": {"status": "TIMED_OUT"}}])");
  ASSERT_TRUE(cases.ok()) << cases.status().ToString();
  EXPECT_EQ((*cases)[0].expect.status, "TIMED_OUT");
  EXPECT_EQ(asl::ToJson((*cases)[0].input), "[1,2]");
}

TEST(HookCasesTest, BadFilesAreOneReadableLine) {
  struct Case {
    const char* text;
    const char* error;
  } cases[] = {
      {"{\"input\": 1}", "expected a list of cases"},
      {"[]", "the list of cases is empty"},
      {"[1", "not valid JSON or YAML"},
      {"- 3", "case 1: a case must be an object"},
      {"- {inputs: 1}", "case 1: unknown key 'inputs' (known: expect, input, name)"},
      {"- {input: 1}\n- {name: x, expect: {status: DONE}}",
       "case 2 (x): expect.status must be one of SUCCEEDED, FAILED, TIMED_OUT, ABORTED (\"DONE\")"},
      {"- {expect: {status: FAILED, output: 1}}", "case 1: expect.output needs status SUCCEEDED"},
      {"- {expect: {status: SUCCEEDED, error: E}}",
       "case 1: expect.error needs status FAILED, TIMED_OUT or ABORTED"},
      {"- {expect: {outptu: 1}}", "case 1: expect: unknown key 'outptu'"},
      {"- {name: 7}", "case 1: name must be a non-empty string"},
      {"- {expect: {error: 7}}", "case 1: expect.error must be a string"},
  };

  for (const Case& c : cases) {
    auto parsed = ParseTestCases(c.text);
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.status().message().rfind(c.error, 0), 0u)
        << c.text << " -> " << parsed.status().message();
    EXPECT_EQ(parsed.status().message().find('\n'), std::string::npos);
  }
}

TEST(HookCasesTest, AnInputTooLargeForStartExecutionIsRefused) {
  auto parsed = ParseTestCases("- input: \"" + std::string(300 * 1024, 'x') + "\"");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(), "case 1: input is larger than StartExecution's 256 KiB");
}

TEST(HookCasesTest, AMissingFileIsNamed) {
  auto loaded = LoadTestCases("/nonexistent/cases.yaml");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().message(), "cannot read /nonexistent/cases.yaml");
}

ExecutionRun Ended(const std::string& status, std::optional<std::string> output = std::nullopt,
                   const std::string& error = "") {
  ExecutionRun run;
  run.arn = "arn:e";
  run.described = {"arn:e", status, std::move(output), error, error.empty() ? "" : "why"};
  return run;
}

TEST(HookCasesTest, JudgeComparesStatusErrorAndOutput) {
  CaseExpectation succeeded;
  EXPECT_EQ(JudgeCase(succeeded, Ended("SUCCEEDED", "{}")), "");
  EXPECT_EQ(JudgeCase(succeeded, Ended("FAILED", std::nullopt, "Boom")),
            "expected SUCCEEDED, got FAILED (Boom: why)");
  CaseExpectation output;
  output.output = json::Value(json::Object{{"n", 1}});
  EXPECT_EQ(JudgeCase(output, Ended("SUCCEEDED", R"({"n":1.0})")), "");  // 1 == 1.0
  EXPECT_EQ(JudgeCase(output, Ended("SUCCEEDED", R"({"n":2})")),
            R"(expected output {"n":1}, got {"n":2})");
  CaseExpectation error;
  error.status = "FAILED";
  error.error = "PaymentRequired";
  EXPECT_EQ(JudgeCase(error, Ended("FAILED", std::nullopt, "PaymentRequired")), "");
  EXPECT_EQ(JudgeCase(error, Ended("FAILED", std::nullopt, "Other")),
            "expected error PaymentRequired, got Other");
  ExecutionRun not_started;
  not_started.error = Status(StatusCode::kNotFound, "gone", "StateMachineDoesNotExist");
  EXPECT_EQ(JudgeCase(succeeded, not_started),
            "expected SUCCEEDED, got not started: StateMachineDoesNotExist: gone");
}

FakeExecutions::Script Lasting(Duration duration) {
  FakeExecutions::Script script;
  script.duration = duration;
  return script;
}

// The in-process API the demo uses: parsed cases, no file.
TEST(HookCasesTest, RunTestCasesRunsAtMostMaxConcurrentAtOnce) {
  FakeClock clock;
  FakeExecutions executions(&clock);
  size_t most = 0;
  executions.on_start = [&](const std::string& arn, const std::string&) {
    size_t running = 0;
    for (const auto& s : executions.started)
      running += clock.Now() < s.start + s.script.duration ? 1 : 0;
    most = std::max(most, running + 1);
    EXPECT_EQ(arn, "arn:aws:states:us-east-1:123456789012:stateMachine:m:2");
    return Result<FakeExecutions::Script>(Lasting(seconds(5)));
  };
  std::vector<TestCase> cases(25);
  ExecutionWaitOptions options;
  options.clock = &clock;
  options.max_concurrent = 10;
  const Time start = clock.Now();
  CasesReport report = RunTestCases(
      &executions, "arn:aws:states:us-east-1:123456789012:stateMachine:m:2", cases, options);
  EXPECT_EQ(report.end, WaitEnd::kDone);
  EXPECT_EQ(report.passed, 25u);
  EXPECT_EQ(executions.started.size(), 25u);
  EXPECT_EQ(most, 10u);
  // Three rounds of 5 s each, polled at 0.25, 0.5, 1, 2, 4, 5 s after the first start.
  EXPECT_LT(clock.Now() - start, seconds(30));
  EXPECT_EQ(CasesJson(report).size(), 25u);
}

TEST(HookCasesTest, RunTestCasesStopsWhatRunsAtTheDeadline) {
  FakeClock clock;
  FakeExecutions executions(&clock);
  executions.on_start = [](const std::string&, const std::string& input) {
    return Result<FakeExecutions::Script>(Lasting(input == "1" ? seconds(1) : seconds(600)));
  };
  std::vector<TestCase> cases(2);
  cases[0].input = 1;
  cases[1].input = 2;
  ExecutionWaitOptions options;
  options.clock = &clock;
  options.timeout = seconds(60);
  const Time start = clock.Now();
  CasesReport report = RunTestCases(&executions, "arn:v", cases, options);
  EXPECT_EQ(report.end, WaitEnd::kTimedOut);
  EXPECT_EQ(clock.Now() - start, seconds(60));
  EXPECT_TRUE(report.cases[0].passed);
  EXPECT_FALSE(report.cases[1].passed);
  EXPECT_EQ(report.cases[1].reason, "expected SUCCEEDED, got still RUNNING, stopped");
  EXPECT_EQ(executions.stopped, (std::vector<std::string>{executions.started[1].arn}));
}

}  // namespace
}  // namespace stepshift::deploy
