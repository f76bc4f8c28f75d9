// The `--functions FILE` task runner of `stepshift run`. The file (YAML or JSON) maps resources
// to behaviours:
//
//   functions:                      # the wrapper key is optional
//     hello:                        # Lambda name, name:qualifier, or any resource ARN
//       command: ["python3", "hello.py"]   # or a string run with /bin/sh -c
//     "hello:v2":
//       result: {"greeting": "hi"}         # a fixed result
//     "arn:aws:states:::sqs:sendMessage":
//       error: "SQS.Failure"               # a fixed failure
//       cause: "queue is gone"
//
// A command runs in stepshift's working directory, receives the task input on stdin and prints
// its JSON result on stdout (nothing: null; anything else that is not JSON fails the task with
// States.TaskFailed). A non-zero exit fails the task; a JSON object on stderr, whole or on its
// last line, gives the error and cause ({"error","cause"} or Lambda's {"errorType",
// "errorMessage"}); without one a Lambda function fails with "Unhandled", anything else with
// States.TaskFailed, and stderr's text is the cause. TimeoutSeconds kills the command
// (States.Timeout).
// Lambda resources resolve by function name and qualifier: arn:aws:lambda:...:function:NAME[:Q]
// and arn:aws:states:::lambda:invoke with Parameters.FunctionName, trying "NAME:Q", then "NAME".
// lambda:invoke's result is wrapped in Lambda's Invoke response ({"ExecutedVersion","Payload",
// "StatusCode",...}).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "asl/task_runner.h"
#include "base/result.h"

namespace stepshift::asl {

struct FunctionSpec {
  std::vector<std::string> command;  // empty when fixed
  std::optional<Value> result;
  std::optional<std::string> error;
  std::string cause;
};

// What a mapped command stands for: a Lambda function task (arn:aws:lambda:...:function:...),
// the lambda:invoke integration, or anything else.
enum class TaskKind { kOther, kLambdaFunction, kLambdaInvoke };

class FunctionsRunner : public TaskRunner {
 public:
  // Parses the file's text. Returns InvalidArgument describing the first malformed entry.
  static Result<std::unique_ptr<FunctionsRunner>> FromText(std::string_view text);

  TaskOutcome Run(const TaskRequest& request) override;
  // Which entry serves `request`, or nullptr. Exposed for tests.
  const FunctionSpec* Resolve(std::string_view resource, const Value& input) const;

 private:
  // `kind`: what the spec stands for, which decides how its failures are named; `request`
  // gives the time limit and the cancel token.
  TaskOutcome Invoke(const FunctionSpec& spec, const Value& payload, TaskKind kind,
                     const TaskRequest& request) const;
  std::map<std::string, FunctionSpec, std::less<>> functions_;
};

// Splits a Lambda function reference (name, name:qualifier, or full/partial ARN) into the keys
// it may be listed under, most specific first: "name:qualifier", "name".
std::vector<std::string> LambdaLookupKeys(std::string_view function);

// The event a function receives from a lambda:invoke task's Payload parameter (nullptr when
// absent): {} for none or null, a string's JSON text parsed, anything else as is.
Value LambdaInvokeEvent(const Value* payload);

// Wraps a Lambda function's result as the lambda:invoke integration returns it.
Value WrapLambdaInvokeResult(Value payload);

// True for arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER].
bool IsLambdaFunctionArn(std::string_view resource);

// Maps a failed command's stderr to (error, cause). A JSON object on stderr (the whole text or its
// last line) names them: {"error","cause"}, or Lambda's {"errorType","errorMessage",...}, which
// gives error errorType and the object as the cause (as written for a Lambda function task,
// re-serialized for lambda:invoke), as Step Functions reports a Lambda function error. Otherwise
// the error is "Unhandled" for Lambda (Lambda's FunctionError for an error without a type) or
// States.TaskFailed, and the cause is the text.
void ParseCommandError(const std::string& stderr_text, int exit_code, TaskKind kind,
                       std::string* error, std::string* cause);

}  // namespace stepshift::asl
