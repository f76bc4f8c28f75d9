// AWS Step Functions Local's mock configuration (MockConfigFile.json), which users already have:
//
//   {"StateMachines": {"<machine>": {"TestCases": {"<case>": {"<StateName>": "<Response>"}}}},
//    "MockedResponses": {"<Response>": {"0": {"Return": ...}, "1-2": {"Throw": {"Error",
//    "Cause"}}}}}
//
// Behaviour follows Step Functions Local (its documentation, and what emulators verified against
// amazon/aws-stepfunctions-local 2.0.0):
// - Each mocked state keeps one invocation counter for the whole execution: retries, loops and
//   Map iterations all consume indices. "1-2" answers invocations 1 and 2.
// - An invocation with no response ("you must specify a mocked response for every invocation")
//   fails the execution with States.Runtime, which no Retry or Catch handles. So does a response
//   entry without indices, but only when its state runs.
// - Return is the service's response, any JSON value. For a Lambda function ARN resource it is
//   Lambda's Invoke response, so the task's result is its Payload (LocalStack's AWS-validated
//   local_mocking/test_base_scenarios test_lambda_invoke); a Return without Payload is the result.
// - States the test case does not mock go to the fallback runner when there is one.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "asl/task_runner.h"
#include "base/result.h"

namespace stepshift::asl {

struct MockConfigOptions {
  std::string test_case;
  // The StateMachines entry to read. Empty: the one entry that defines `test_case`, or, when
  // several do, `preferred_state_machine` among them.
  std::string state_machine;
  std::string preferred_state_machine;
  // Runs the states the test case does not mock. Not owned; may be nullptr.
  TaskRunner* fallback = nullptr;
};

// One entry of a MockedResponses object.
struct MockedResponse {
  int64_t first = 0, last = 0;  // inclusive invocation range
  bool ok = true;
  Value value;               // Return
  std::string error, cause;  // Throw
};

class MockConfigRunner : public TaskRunner {
 public:
  // Loads the test case from the file's text (JSON or YAML). Returns InvalidArgument naming the
  // problem: a malformed file, an unknown or ambiguous state machine or test case, a response
  // name the file does not define, an index that is not "N" or "N-M", an entry with neither or
  // both of Return and Throw.
  static Result<std::unique_ptr<MockConfigRunner>> FromText(std::string_view text,
                                                            const MockConfigOptions& options);

  TaskOutcome Run(const TaskRequest& request) override;

  // The StateMachines entry the test case was read from.
  const std::string& state_machine() const { return state_machine_; }

 private:
  struct MockedState {
    std::string response_name;
    std::vector<MockedResponse> responses;
    int64_t calls = 0;
  };

  std::string state_machine_;
  std::map<std::string, MockedState, std::less<>> by_state_;
  TaskRunner* fallback_ = nullptr;
};

}  // namespace stepshift::asl
