#include <gtest/gtest.h>

#include "asl/runners/functions_runner.h"
#include "asl/runners/mock_config_runner.h"

namespace stepshift::asl {
namespace {

MockConfigOptions Options(std::string test_case, std::string machine = "",
                          std::string preferred = "") {
  MockConfigOptions o;
  o.test_case = std::move(test_case);
  o.state_machine = std::move(machine);
  o.preferred_state_machine = std::move(preferred);
  return o;
}

TaskOutcome RunTask(TaskRunner& runner, std::string_view resource, const Value& input,
                    std::string_view state = "S") {
  TaskRequest req;
  req.state_name = state;
  req.resource = resource;
  req.input = &input;
  return runner.Run(req);
}

TEST(FunctionsRunnerTest, RunsCommandsWithInputOnStdin) {
  auto r = FunctionsRunner::FromText(R"(
functions:
  echo:
    command: [cat]
  "arn:aws:lambda:us-east-1:123456789012:function:fail":
    command: "echo '{\"errorType\":\"Oops\",\"errorMessage\":\"bad\"}' >&2; exit 3"
  plain:
    command: "echo not-json >&2; exit 1"
  slow:
    command: "sleep 5"
)");
  ASSERT_TRUE(r.ok()) << r.status().message();
  Value in = *ParseJson(R"({"a":1})");
  TaskOutcome ok = RunTask(**r, "arn:aws:lambda:us-east-1:1:function:echo", in);
  ASSERT_TRUE(ok.ok) << ok.cause;
  EXPECT_EQ(ToJson(ok.output), R"({"a":1})");

  TaskOutcome failed = RunTask(**r, "arn:aws:lambda:us-east-1:123456789012:function:fail", in);
  EXPECT_FALSE(failed.ok);
  EXPECT_EQ(failed.error, "Oops");
  EXPECT_EQ(failed.cause, R"({"errorType":"Oops","errorMessage":"bad"})");

  // A Lambda function failing without an error type is Lambda's "Unhandled" function error.
  TaskOutcome plain = RunTask(**r, "arn:aws:lambda:us-east-1:1:function:plain", in);
  EXPECT_EQ(plain.error, "Unhandled");
  EXPECT_EQ(plain.cause, "not-json");

  TaskRequest req;
  req.resource = "arn:aws:lambda:us-east-1:1:function:slow";
  req.input = &in;
  req.timeout_seconds = 0.2;
  EXPECT_EQ((*r)->Run(req).error, "States.Timeout");
}

TEST(FunctionsRunnerTest, ResolvesLambdaNamesQualifiersAndInvoke) {
  auto r = FunctionsRunner::FromText(R"({
    "hello": {"result": "v-latest"},
    "hello:v2": {"result": "v2"},
    "arn:aws:states:::sqs:sendMessage": {"error": "SQS.Boom", "cause": "gone"}})");
  ASSERT_TRUE(r.ok()) << r.status().message();
  Value empty = Object();
  EXPECT_EQ(ToJson(RunTask(**r, "arn:aws:lambda:us-east-1:1:function:hello", empty).output),
            R"("v-latest")");
  EXPECT_EQ(ToJson(RunTask(**r, "arn:aws:lambda:us-east-1:1:function:hello:v2", empty).output),
            R"("v2")");
  Value invoke = *ParseJson(R"({"FunctionName":"hello:v2","Payload":{"x":1}})");
  TaskOutcome wrapped = RunTask(**r, "arn:aws:states:::lambda:invoke", invoke);
  ASSERT_TRUE(wrapped.ok);
  EXPECT_EQ(ToJson(wrapped.output.at("Payload")), R"("v2")");
  EXPECT_EQ(wrapped.output.at("StatusCode"), 200);
  TaskOutcome sqs = RunTask(**r, "arn:aws:states:::sqs:sendMessage", empty);
  EXPECT_EQ(sqs.error, "SQS.Boom");
  EXPECT_EQ(sqs.cause, "gone");
  EXPECT_FALSE(RunTask(**r, "arn:aws:states:::sns:publish", empty).ok);
}

TEST(FunctionsRunnerTest, LambdaInvokePayloadBecomesTheEventAsOnAws) {
  Value null_payload = nullptr;
  Value json_text = "\"HelloWorld\"";
  Value not_json = "plain";
  Value object = *ParseJson(R"({"x":1})");
  EXPECT_EQ(ToJson(LambdaInvokeEvent(nullptr)), "{}");
  EXPECT_EQ(ToJson(LambdaInvokeEvent(&null_payload)), "{}");
  EXPECT_EQ(ToJson(LambdaInvokeEvent(&json_text)), R"("HelloWorld")");
  EXPECT_EQ(ToJson(LambdaInvokeEvent(&not_json)), R"("plain")");
  EXPECT_EQ(ToJson(LambdaInvokeEvent(&object)), R"({"x":1})");
}

TEST(FunctionsRunnerTest, RejectsMalformedFiles) {
  EXPECT_FALSE(FunctionsRunner::FromText("[1,2]").ok());
  EXPECT_FALSE(FunctionsRunner::FromText(R"({"f": {"result": 1, "error": "x"}})").ok());
  EXPECT_FALSE(FunctionsRunner::FromText(R"({"f": {"command": []}})").ok());
}

TEST(MockConfigRunnerTest, AnswersByStateAndInvocationIndex) {
  const char* config = R"({
    "StateMachines": {"M": {"TestCases": {"HappyPath": {"Check": "CheckResp"}}}},
    "MockedResponses": {"CheckResp": {
      "0": {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "slow down"}},
      "1-2": {"Return": {"ok": true}}}}})";
  auto r = MockConfigRunner::FromText(config, Options("HappyPath"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  Value in = Object();
  TaskOutcome first = RunTask(**r, "arn:aws:states:::lambda:invoke", in, "Check");
  EXPECT_EQ(first.error, "Lambda.TooManyRequestsException");
  EXPECT_TRUE(RunTask(**r, "x", in, "Check").ok);
  EXPECT_TRUE(RunTask(**r, "x", in, "Check").ok);
  TaskOutcome past = RunTask(**r, "x", in, "Check");  // past the last index: no Retry/Catch
  EXPECT_EQ(past.error, "States.Runtime");
  EXPECT_EQ(past.cause,
            "The mocked response 'CheckResp' of state 'Check' has no entry for "
            "invocation 3");
  EXPECT_EQ(RunTask(**r, "x", in, "Other").error, "States.TaskFailed");  // not mocked
  EXPECT_FALSE(MockConfigRunner::FromText(config, Options("Nope")).ok());
  EXPECT_EQ((*r)->state_machine(), "M");
}

TEST(MockConfigRunnerTest, ALambdaFunctionArnAnswersWithThePayloadOfItsInvokeResponse) {
  auto r = MockConfigRunner::FromText(R"({
    "StateMachines": {"M": {"TestCases": {"T": {"Fn": "R", "Raw": "Plain"}}}},
    "MockedResponses": {"R": {"0-1": {"Return": {"StatusCode": 200, "Payload": {"x": 1}}}},
                        "Plain": {"0": {"Return": [1, 2]}}}})",
                                      Options("T"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  Value in = Object();
  const char* fn = "arn:aws:lambda:us-east-1:123456789012:function:f";
  EXPECT_EQ(ToJson(RunTask(**r, fn, in, "Fn").output), R"({"x":1})");
  EXPECT_EQ(ToJson(RunTask(**r, "arn:aws:states:::lambda:invoke", in, "Fn").output),
            R"({"StatusCode":200,"Payload":{"x":1}})");
  EXPECT_EQ(ToJson(RunTask(**r, fn, in, "Raw").output), "[1,2]");
}

TEST(MockConfigRunnerTest, ChoosesTheStateMachineOfTheTestCase) {
  const char* config = R"({
    "StateMachines": {"A": {"TestCases": {"Shared": {}, "OnlyA": {}}},
                      "B": {"TestCases": {"Shared": {}}}},
    "MockedResponses": {}})";
  auto only = MockConfigRunner::FromText(config, Options("OnlyA"));
  ASSERT_TRUE(only.ok()) << only.status().message();
  EXPECT_EQ((*only)->state_machine(), "A");
  auto ambiguous = MockConfigRunner::FromText(config, Options("Shared"));
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_NE(ambiguous.status().message().find("several state machines (A, B)"), std::string::npos)
      << ambiguous.status().message();
  auto preferred = MockConfigRunner::FromText(config, Options("Shared", "", "B"));
  ASSERT_TRUE(preferred.ok());
  EXPECT_EQ((*preferred)->state_machine(), "B");
  auto named = MockConfigRunner::FromText(config, Options("Shared", "A"));
  ASSERT_TRUE(named.ok());
  EXPECT_EQ((*named)->state_machine(), "A");
  EXPECT_FALSE(MockConfigRunner::FromText(config, Options("OnlyA", "B")).ok());
  EXPECT_FALSE(MockConfigRunner::FromText(config, Options("OnlyA", "C")).ok());
}

TEST(MockConfigRunnerTest, RejectsMalformedResponses) {
  auto load = [](const std::string& response) {
    return MockConfigRunner::FromText(
        R"({"StateMachines": {"M": {"TestCases": {"T": {"S": "R"}}}}, "MockedResponses": {"R": )" +
            response + "}}",
        Options("T"));
  };
  EXPECT_FALSE(load(R"({"x": {"Return": 1}})").ok());
  EXPECT_FALSE(load(R"({"2-1": {"Return": 1}})").ok());
  EXPECT_FALSE(load(R"({"0": {"Return": 1, "Throw": {"Error": "E"}}})").ok());
  EXPECT_FALSE(load(R"({"0": {}})").ok());
  EXPECT_FALSE(load(R"({"0": {"Throw": {"Cause": "no error"}}})").ok());
  // No entries at all is only an error when the state runs (as in Step Functions Local).
  auto empty = load("{}");
  ASSERT_TRUE(empty.ok()) << empty.status().message();
  Value in = Object();
  EXPECT_EQ(RunTask(**empty, "x", in, "S").error, "States.Runtime");
}

TEST(FunctionsRunnerTest, CommandErrorsAreNamedAsStepFunctionsNamesThem) {
  std::string error, cause;
  ParseCommandError("log line\n{\"error\":\"My.Error\",\"cause\":\"why\"}\n", 1, TaskKind::kOther,
                    &error, &cause);
  EXPECT_EQ(error, "My.Error");
  EXPECT_EQ(cause, "why");
  const std::string lambda_error = R"({"errorType": "ValueError", "errorMessage": "bad"})";
  ParseCommandError(lambda_error, 1, TaskKind::kLambdaInvoke, &error, &cause);
  EXPECT_EQ(error, "ValueError");
  EXPECT_EQ(cause, R"({"errorType":"ValueError","errorMessage":"bad"})");
  ParseCommandError("log line\n" + lambda_error + "\n", 1, TaskKind::kLambdaFunction, &error,
                    &cause);
  EXPECT_EQ(error, "ValueError");
  EXPECT_EQ(cause, lambda_error);  // a Lambda function task quotes the payload as written
  ParseCommandError("Traceback: boom\n", 1, TaskKind::kLambdaFunction, &error, &cause);
  EXPECT_EQ(error, "Unhandled");
  EXPECT_EQ(cause, "Traceback: boom");
  ParseCommandError("", 3, TaskKind::kOther, &error, &cause);
  EXPECT_EQ(error, "States.TaskFailed");
  EXPECT_EQ(cause, "The command exited with status 3");
}

TEST(FunctionsRunnerTest, LambdaLookupKeysKeepNamesEndingInFunction) {
  EXPECT_EQ(LambdaLookupKeys("myfunction:v2"),
            (std::vector<std::string>{"myfunction:v2", "myfunction"}));
  EXPECT_EQ(LambdaLookupKeys("arn:aws:lambda:us-east-1:1:function:myfunction"),
            std::vector<std::string>{"myfunction"});
  EXPECT_EQ(LambdaLookupKeys("1:function:f:$LATEST"), (std::vector<std::string>{"f:$LATEST", "f"}));
}

}  // namespace
}  // namespace stepshift::asl
