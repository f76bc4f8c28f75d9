// TaskRunner: how the interpreter reaches the outside world for Task states. `stepshift run`
// maps resources to local commands or canned results; the engine will plug in its own.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "asl/json_util.h"

namespace stepshift::asl {

// Lets an engine stop a task it no longer needs (StopExecution, an execution that timed out, a
// branch stopped by its failing sibling). A runner that starts a process registers how to kill
// it. Thread-safe.
class CancelToken {
 public:
  // Runs the registered canceller once (later registrations run at once).
  void Cancel() {
    std::function<void()> fn;
    {
      std::lock_guard<std::mutex> lock(mu_);
      cancelled_ = true;
      fn = std::move(canceller_);
      canceller_ = nullptr;
    }
    if (fn)
      fn();
  }

  // Registers `fn` (nullptr clears it: the process is gone). Runs it at once when already
  // cancelled.
  void OnCancel(std::function<void()> fn) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!cancelled_ || !fn) {
        canceller_ = std::move(fn);
        return;
      }
    }
    fn();
  }

  bool cancelled() const {
    std::lock_guard<std::mutex> lock(mu_);
    return cancelled_;
  }

 private:
  mutable std::mutex mu_;
  bool cancelled_ = false;
  std::function<void()> canceller_;
};

struct TaskRequest {
  std::string_view state_name;
  std::string_view resource;     // the Task's Resource ARN
  const Value* input = nullptr;  // the effective input (after InputPath and Parameters)
  std::optional<double> timeout_seconds;
  std::optional<double> heartbeat_seconds;
  int attempt = 0;                     // 0 for the first try, then 1, 2, ... on retries
  std::string_view task_token;         // for .waitForTaskToken resources
  const Value* credentials = nullptr;  // the evaluated Credentials field ({"RoleArn": ...}), if any
  CancelToken* cancel = nullptr;       // set by engines that may stop the task; not owned
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

// A task invocation the executor hands to its caller instead of running it itself
// (ExecutionOptions::defer_tasks): the caller runs it when and where it likes and reports the
// outcome with Execution::CompleteTask. Owns everything its request() points at.
struct TaskCall {
  int64_t id = 0;  // unique within its execution
  std::string state_name;
  std::string resource;
  Value input;
  std::optional<double> timeout_seconds;
  std::optional<double> heartbeat_seconds;
  int attempt = 0;
  std::string task_token;
  Value credentials;  // null when the state has no Credentials
  // Set by the interpreter as the call goes on: a worker took it (activities), or its service
  // accepted it (.waitForTaskToken, .sync) and it waits for the answer.
  bool started = false;
  bool submitted = false;

  // Valid while this TaskCall lives.
  TaskRequest request() const {
    TaskRequest r;
    r.state_name = state_name;
    r.resource = resource;
    r.input = &input;
    r.timeout_seconds = timeout_seconds;
    r.heartbeat_seconds = heartbeat_seconds;
    r.attempt = attempt;
    r.task_token = task_token;
    r.credentials = credentials.is_null() ? nullptr : &credentials;
    return r;
  }
};

// Serialises a call as its frame keeps it (see Frame::task), and back; FromValue returns false
// for a malformed value.
Value TaskCallToValue(const TaskCall& call);
bool TaskCallFromValue(const Value& value, TaskCall* call);

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
