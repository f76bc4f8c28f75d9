// TaskRunner: how the interpreter reaches the outside world for Task states. `stepshift run`
// maps resources to local commands or canned results; the engine will plug in its own.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "asl/json_util.h"

namespace stepshift::asl {

struct TaskRequest {
  std::string_view state_name;
  std::string_view resource;     // the Task's Resource ARN
  const Value* input = nullptr;  // the effective input (after InputPath and Parameters)
  std::optional<double> timeout_seconds;
  std::optional<double> heartbeat_seconds;
  int attempt = 0;                     // 0 for the first try, then 1, 2, ... on retries
  std::string_view task_token;         // for .waitForTaskToken resources
  const Value* credentials = nullptr;  // the evaluated Credentials field ({"RoleArn": ...}), if any
};

struct TaskOutcome {
  bool ok = false;
  Value output;       // the task's result when ok
  std::string error;  // e.g. "States.TaskFailed", "States.Timeout", a Lambda errorType
  std::string cause;

  static TaskOutcome Success(Value v) {
    TaskOutcome o;
    o.ok = true;
    o.output = std::move(v);
    return o;
  }

  static TaskOutcome Failure(std::string error, std::string cause) {
    TaskOutcome o;
    o.error = std::move(error);
    o.cause = std::move(cause);
    return o;
  }
};

// Runs one task invocation to completion. Implementations may block (a local process); they must
// report every failure as a TaskOutcome, never by throwing.
class TaskRunner {
 public:
  virtual ~TaskRunner() = default;
  virtual TaskOutcome Run(const TaskRequest& request) = 0;
};

// Fails every task with States.TaskFailed: the default when no runner is configured.
class NoTaskRunner : public TaskRunner {
 public:
  TaskOutcome Run(const TaskRequest& request) override {
    return TaskOutcome::Failure("States.TaskFailed", "No task runner is configured for resource '" +
                                                         std::string(request.resource) + "'");
  }
};

}  // namespace stepshift::asl
