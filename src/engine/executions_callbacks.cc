// Executions: task calls that wait for the outside (activities taken by workers, .waitForTaskToken
// callbacks), their tokens, heartbeats and deadlines, and SendTaskSuccess/Failure/Heartbeat.
#include "asl/errors.h"
#include "base/status_macros.h"
#include "engine/arn.h"
#include "engine/errors.h"
#include "engine/execution_input.h"
#include "engine/executions_impl.h"

namespace stepshift::engine {

using internal::InFlightTask;
using internal::RecordPtr;
using internal::TaskResult;

namespace {

Time After(Time t, double seconds) {
  return t + std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
}

// The execution ARN a token of this engine begins with (tokens are `<execution ARN>/<state>/<n>`),
// or empty for a string that was never a token.
std::string_view ExecutionOfToken(std::string_view token) {
  size_t state = token.find('/');
  if (!token.starts_with("arn:") || state == std::string_view::npos ||
      token.find(":execution:") > state) {
    return {};
  }
  return token.substr(0, state);
}

// AWS's answers for a token of no execution and for a token whose task has ended (answered, timed
// out, or its execution over). A string that is no token at all is InvalidToken.
Status TaskDoesNotExist() {
  return Status(StatusCode::kNotFound, "Task Does Not Exist: 'Provided task does not exist'",
                "TaskDoesNotExist");
}

Status TaskTimedOut() {
  return Status(StatusCode::kFailedPrecondition,
                "Task Timed Out: 'Provided task does not exist anymore'", "TaskTimedOut");
}

}  // namespace

InFlightTask& Executions::Impl::Track(const RecordPtr& r, const asl::TaskCall& call) {
  InFlightTask& t = r->tasks[call.id];
  t.cancel = std::make_shared<asl::CancelToken>();
  t.heartbeat_seconds = call.heartbeat_seconds;
  t.waits_for_token = call.resource.ends_with(".waitForTaskToken");
  if (IsActivityResource(call.resource)) {
    t.activity = call.resource;
    // Activities have no $$.Task.Token: the engine names the call itself.
    t.token = r->arn + "/" + call.state_name + "/" + std::to_string(call.id);
  } else if (t.waits_for_token) {
    t.token = call.task_token;
  }
  if (!t.token.empty())
    task_tokens[t.token] = {r, call.id};
  if (call.timeout_seconds) {
    task_timers.push(TaskTimer{After(options.clock->Now(), *call.timeout_seconds), r, call.id, 0});
    timer_cv.notify_one();
  }
  return t;
}

void Executions::Impl::Untrack(InFlightTask& task) {
  if (!task.token.empty())
    task_tokens.erase(task.token);
  task.cancel->Cancel();
}

void Executions::Impl::Deliver(const RecordPtr& r, TaskResult result) {
  if (!r->running() || r->tasks.count(result.id) == 0)
    return;  // ended, or cancelled: nobody waits for it any more
  r->results.push_back(std::move(result));
  MakeReady(r);
}

void Executions::Impl::ArmHeartbeat(const RecordPtr& r, int64_t id) {
  auto it = r->tasks.find(id);
  if (it == r->tasks.end() || !it->second.heartbeat_seconds)
    return;
  InFlightTask& t = it->second;
  task_timers.push(
      TaskTimer{After(options.clock->Now(), *t.heartbeat_seconds), r, id, ++t.heartbeat});
  timer_cv.notify_one();
}

void Executions::Impl::ActivityEnded(InFlightTask& task, TaskEnd end) {
  if (task.metric == nullptr)
    return;  // not an activity, or its end is already counted
  Time now = options.clock->Now();
  metrics.TaskEnded(task.metric, end, task.scheduled, task.started.value_or(now), now);
  task.metric = nullptr;
}

Result<std::pair<RecordPtr, int64_t>> Executions::Impl::FindToken(const std::string& token) {
  auto it = task_tokens.find(token);
  if (it == task_tokens.end()) {
    std::string_view execution = ExecutionOfToken(token);
    if (execution.empty())
      return InvalidToken();
    return by_arn.count(std::string(execution)) ? TaskTimedOut() : TaskDoesNotExist();
  }
  const auto& [r, id] = it->second;
  if (!r->running() || r->tasks.count(id) == 0)
    return TaskTimedOut();
  return it->second;
}

Status Executions::SendTaskSuccess(const std::string& token, const std::string& output) {
  Result<json::Value> parsed = ParseExecutionInput(output);
  if (!parsed.ok()) {
    return AwsError("InvalidOutput", "Invalid State Machine Output: '" + output + "'");
  }
  std::lock_guard<std::mutex> lock(impl_->mu);
  ASSIGN_OR_RETURN(auto call, impl_->FindToken(token));
  impl_->task_tokens.erase(token);  // answered: a second answer finds no task
  impl_->ActivityEnded(call.first->tasks[call.second], TaskEnd::kSucceeded);
  impl_->Deliver(call.first, {TaskResult::Kind::kOutcome, call.second,
                              asl::TaskOutcome::Success(std::move(*parsed)), ""});
  return Status::Ok();
}

Status Executions::SendTaskFailure(const std::string& token, const std::string& error,
                                   const std::string& cause) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  ASSIGN_OR_RETURN(auto call, impl_->FindToken(token));
  impl_->task_tokens.erase(token);
  impl_->ActivityEnded(call.first->tasks[call.second], TaskEnd::kFailed);
  impl_->Deliver(call.first, {TaskResult::Kind::kOutcome, call.second,
                              asl::TaskOutcome::Failure(error, cause), ""});
  return Status::Ok();
}

Status Executions::SendTaskHeartbeat(const std::string& token) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  ASSIGN_OR_RETURN(auto call, impl_->FindToken(token));
  impl_->ArmHeartbeat(call.first, call.second);
  return Status::Ok();
}

}  // namespace stepshift::engine
