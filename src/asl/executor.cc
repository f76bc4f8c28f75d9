// The step loop, transitions, and error handling (Retry, Catch, propagation to the parent scope).
#include "asl/executor.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "base/ids.h"

namespace stepshift::asl {

namespace {

constexpr std::string_view kStatePrefix = "An error occurred while executing the state '";

}  // namespace

const char* StateTypeName(StateType type) {
  switch (type) {
    case StateType::kPass:
      return "Pass";
    case StateType::kTask:
      return "Task";
    case StateType::kChoice:
      return "Choice";
    case StateType::kWait:
      return "Wait";
    case StateType::kSucceed:
      return "Succeed";
    case StateType::kFail:
      return "Fail";
    case StateType::kParallel:
      return "Parallel";
    case StateType::kMap:
      return "Map";
  }
  return "Pass";
}

Execution::Execution(std::shared_ptr<const StateMachine> machine, ExecutionOptions options)
    : machine_(std::move(machine)), options_(std::move(options)) {
  if (options_.tasks == nullptr)
    options_.tasks = &no_tasks_;
}

Time Execution::Now() const {
  return options_.clock->Now() + std::chrono::milliseconds(state_.time_offset_ms);
}

const State& Execution::StateOf(const Frame& f) const {
  return machine_->scopes[f.scope].states[f.state];
}

void Execution::Bind(size_t frame_index) {
  bound_frame_ = frame_index;
  context_valid_ = false;
}

AslError Execution::WithStatePrefix(AslError err) const {
  if (err.error != errors::kRuntime && err.error != errors::kIntrinsicFailure &&
      err.error != errors::kQueryEvaluationError) {
    return err;
  }
  if (err.cause.rfind(kStatePrefix, 0) == 0)
    return err;
  const Frame& f = state_.frames[bound_frame_];
  err.cause = std::string(kStatePrefix) + StateOf(f).name + "' (entered at the event id #" +
              std::to_string(f.entered_event_id) + "). " + err.cause;
  return err;
}

void Execution::Start(Value input, std::string input_text) {
  state_ = ExecutionState();
  history_full_ = false;
  state_.start_time = options_.clock->Now();
  state_.input = std::move(input);
  Frame top;
  top.scope = 0;
  top.state = machine_->scopes[0].start_at;
  top.input = state_.input;
  state_.frames.push_back(std::move(top));
  Object details;
  start_input_text_ = recording() ? std::move(input_text) : std::string();
  if (recording()) {
    details["input"] = start_input_text_.empty() ? ToJson(state_.input) : start_input_text_;
    details["inputDetails"] = Object{{"truncated", false}};
    details["roleArn"] = options_.role_arn;
    if (!options_.state_machine_alias_arn.empty())
      details["stateMachineAliasArn"] = options_.state_machine_alias_arn;
    if (!options_.state_machine_version_arn.empty())
      details["stateMachineVersionArn"] = options_.state_machine_version_arn;
  }
  Emit("ExecutionStarted", "executionStartedEventDetails", std::move(details));
}

void Execution::Resume(ExecutionState state) {
  state_ = std::move(state);
  history_full_ = false;
}

StepResult Execution::Step() {
  if (state_.status != ExecutionStatus::kRunning || state_.frames.empty()) {
    return {StepResult::Kind::kDone, {}};
  }
  if (machine_->timeout_seconds) {
    if (Now() >= Deadline()) {
      // DescribeExecution of a timed-out execution has neither error nor cause (localstack
      // timeouts/test_timeouts.snapshot.json, test_global_timeout).
      EndExecution(ExecutionStatus::kTimedOut, Value(), AslError{});
      return {StepResult::Kind::kDone, {}};
    }
  }
  // Retry loops emit events without entering states, so the quota is checked on every step.
  if (options_.max_history_events > 0 && state_.event_count >= options_.max_history_events) {
    CheckHistoryLimit();
    return {StepResult::Kind::kDone, {}};
  }
  int index = state_.current;
  if (index < 0 || Blocked(state_.frames[index])) {
    // Every strand is blocked: wake the one due first.
    index = EarliestWake();
    if (index < 0)
      return AwaitTasks();
    Time due = state_.frames[index].wake_time;
    Time now = Now();
    if (now < due) {
      Time wake = std::min(due, Deadline());
      if (!options_.skip_waits)
        return {StepResult::Kind::kWait, wake};
      // Virtual time: jump to the wake-up (or the execution deadline, whichever comes first).
      // Capped at ~100 years so a pathological retry loop cannot overflow the clock.
      state_.time_offset_ms = std::min<int64_t>(
          state_.time_offset_ms +
              std::chrono::duration_cast<std::chrono::milliseconds>(wake - now).count(),
          3'155'760'000'000);
      if (wake < due)
        return {StepResult::Kind::kContinue, {}};
    }
    state_.current = index;
    state_.last_event_id = state_.frames[index].last_event_id;
  }
  Bind(index);
  Frame& f = state_.frames[index];
  if (f.phase == FramePhase::kWaiting) {
    FinishWait(f);
  } else if (f.phase == FramePhase::kRetryWait) {
    f.phase = FramePhase::kEnter;
    RunState(f);
  } else if (f.phase == FramePhase::kChildren) {
    ContinueContainer(index);
  } else {
    EnterState(f);
    if (state_.status == ExecutionStatus::kRunning)
      RunState(state_.frames[index]);
  }
  return Settle();
}

StepResult Execution::Settle() {
  // The strand that ran may have blocked (and a container failing while yielding too).
  while (state_.status == ExecutionStatus::kRunning && state_.current >= 0 &&
         Blocked(state_.frames[state_.current])) {
    Block(state_.current);
  }
  if (history_full_ && state_.status == ExecutionStatus::kRunning)
    EndExecution(ExecutionStatus::kFailed, Value(), HistoryLimitError());
  return {state_.status == ExecutionStatus::kRunning ? StepResult::Kind::kContinue
                                                     : StepResult::Kind::kDone,
          {}};
}

StepResult Execution::AwaitTasks() {
  bool in_flight = std::any_of(state_.frames.begin(), state_.frames.end(),
                               [](const Frame& f) { return f.phase == FramePhase::kTask; });
  if (!in_flight) {
    EndExecution(ExecutionStatus::kFailed, Value(),
                 RuntimeError("Internal error: no strand of the execution can run."));
    return {StepResult::Kind::kDone, {}};
  }
  return {StepResult::Kind::kWait, Deadline()};
}

std::vector<TaskCall> Execution::TakeTaskCalls() {
  return std::exchange(new_task_calls_, {});
}

std::vector<TaskCall> Execution::TaskCallsInFlight() const {
  return asl::TaskCallsInFlight(state_);
}

int Execution::FindTask(int64_t id) const {
  for (int i = 0; i < static_cast<int>(state_.frames.size()); ++i) {
    const Frame& f = state_.frames[i];
    const Value* call_id =
        f.phase == FramePhase::kTask ? f.task.as_object().if_contains("id") : nullptr;
    if (call_id != nullptr && *call_id == Value(id))
      return i;
  }
  return -1;
}

void Execution::BindStrand(int index) {
  state_.current = index;
  state_.last_event_id = state_.frames[index].last_event_id;
  Bind(index);
}

bool Execution::CompleteTask(int64_t id, TaskOutcome outcome) {
  int index = state_.status == ExecutionStatus::kRunning ? FindTask(id) : -1;
  if (index < 0)
    return false;
  BindStrand(index);
  Frame& f = state_.frames[index];
  if (IsChildExecution(f)) {
    ChildExecutionEnded(std::move(outcome));
    Settle();
    return true;
  }
  const Value* submitted = f.task.as_object().if_contains("submitted");
  bool was_submitted = submitted != nullptr && submitted->is_bool() && submitted->get_bool();
  f.phase = FramePhase::kEnter;
  f.task = Value();
  FinishTask(f, std::move(outcome), was_submitted);
  Settle();
  return true;
}

bool Execution::TaskStarted(int64_t id, const std::string& worker_name) {
  int index = state_.status == ExecutionStatus::kRunning ? FindTask(id) : -1;
  if (index < 0)
    return false;
  BindStrand(index);
  state_.frames[index].task.as_object()["started"] = true;
  EmitActivityStarted(worker_name);
  Block(index);  // still waiting for its outcome
  return true;
}

bool Execution::TaskSubmitted(int64_t id, Value response) {
  int index = state_.status == ExecutionStatus::kRunning ? FindTask(id) : -1;
  if (index < 0)
    return false;
  BindStrand(index);
  Frame& f = state_.frames[index];
  f.task.as_object()["submitted"] = true;
  EmitTaskSubmitted(StateOf(f), response);
  Block(index);
  return true;
}

void Execution::Abort(const std::string& error, const std::string& cause) {
  if (state_.status != ExecutionStatus::kRunning)
    return;
  state_.status = ExecutionStatus::kAborted;
  KeepRedrivePoint();
  state_.error = error;
  state_.cause = cause;
  new_task_calls_.clear();
  // AWS links ExecutionAborted to no event: previousEventId 0 (localstack test_sfn_api
  // test_stop_execution, recorded).
  state_.last_event_id = 0;
  Object details;
  if (recording()) {
    if (!error.empty())
      details["error"] = error;
    if (!cause.empty())
      details["cause"] = cause;
  }
  Emit("ExecutionAborted", "executionAbortedEventDetails", std::move(details));
}

void Execution::RunToCompletion() {
  while (true) {
    StepResult r = Step();
    if (r.kind == StepResult::Kind::kDone)
      return;
    if (r.kind == StepResult::Kind::kWait)
      options_.clock->SleepUntil(r.wake_time);
  }
}

void Execution::EnterState(Frame& f) {
  if (!CheckHistoryLimit())
    return;
  const State& s = StateOf(f);
  f.entered_time = Now();
  f.retry_attempts.assign(s.retry.size(), 0);
  f.retry_count = 0;
  ++state_.transitions;
  if (recording())
    exit_assigned_.clear();  // a failed state's assignments are never reported
  f.entered_event_id = EmitStateEvent(s, true, f.input);
}

bool Execution::CheckHistoryLimit() {
  if (options_.max_history_events <= 0 || state_.event_count + 2 <= options_.max_history_events) {
    return true;
  }
  EndExecution(ExecutionStatus::kFailed, Value(), HistoryLimitError());
  return false;
}

void Execution::RunState(Frame& f) {
  switch (StateOf(f).type) {
    case StateType::kPass:
      RunPass(f);
      break;
    case StateType::kTask:
      RunTask(f);
      break;
    case StateType::kChoice:
      RunChoice(f);
      break;
    case StateType::kWait:
      RunWait(f);
      break;
    case StateType::kSucceed:
      RunSucceed(f);
      break;
    case StateType::kFail:
      RunFail(f);
      break;
    case StateType::kParallel:
      RunParallel(f);
      break;
    case StateType::kMap:
      RunMap(f);
      break;
  }
}

void Execution::ExitState(Frame& f, Value output, int next) {
  const State& s = StateOf(f);
  if (options_.max_payload_bytes > 0 && JsonSizeExceeds(output, options_.max_payload_bytes)) {
    FailState(f, AslError{std::string(errors::kDataLimitExceeded),
                          "The state/task '" + s.name +
                              "' returned a result with a size exceeding the maximum number of "
                              "bytes service limit."});
    return;
  }
  EmitStateEvent(s, false, output);
  if (options_.inspection != nullptr)
    options_.inspection->exited = true;
  if (next < 0) {
    FinishFrame(std::move(output));
    return;
  }
  f.state = next;
  f.input = std::move(output);
  f.phase = FramePhase::kEnter;
}

void Execution::FinishFrame(Value output) {
  if (state_.frames[bound_frame_].parent < 0) {
    EndExecution(ExecutionStatus::kSucceeded, std::move(output), AslError{});
  } else {
    ChildSucceeded(std::move(output));
  }
}

void Execution::FailState(Frame& f, AslError err) {
  if (options_.inspection != nullptr) {
    options_.inspection->error = err.error;
    options_.inspection->cause = err.cause;
  }
  if (TryRetry(f, err))
    return;
  if (TryCatch(f, err))
    return;
  FailFrame(std::move(err));
}

void Execution::FailFrame(AslError err) {
  if (state_.frames[bound_frame_].parent < 0) {
    EndExecution(ExecutionStatus::kFailed, Value(), std::move(err));
  } else {
    ChildFailed(std::move(err));
  }
}

bool Execution::TryRetry(Frame& f, const AslError& err) {
  const State& s = StateOf(f);
  for (size_t i = 0; i < s.retry.size(); ++i) {
    const Retrier& r = s.retry[i];
    if (!ErrorMatches(r.error_equals, err.error))
      continue;
    Inspection* in = options_.inspection;
    int attempts =
        in != nullptr && in->retrier_retry_count ? *in->retrier_retry_count : f.retry_attempts[i];
    if (attempts >= r.max_attempts)
      return false;
    double delay = r.interval_seconds * std::pow(r.backoff_rate, attempts);
    if (r.max_delay_seconds)
      delay = std::min(delay, *r.max_delay_seconds);
    delay = std::min(delay, 31622400.0);  // AWS caps retry delays at one year
    if (r.jitter_full)
      delay = std::uniform_real_distribution<double>(0, delay)(Rng());
    if (in != nullptr) {
      in->retry_index = static_cast<int>(i);
      in->retry_backoff_seconds = delay;
    }
    ++f.retry_attempts[i];
    ++f.retry_count;
    f.phase = FramePhase::kRetryWait;
    f.wake_time = Now() + std::chrono::milliseconds(static_cast<int64_t>(delay * 1000));
    context_valid_ = false;
    return true;
  }
  return false;
}

bool Execution::TryCatch(Frame& f, const AslError& err) {
  const State& s = StateOf(f);
  for (const Catcher& c : s.catchers) {
    if (!ErrorMatches(c.error_equals, err.error))
      continue;
    if (options_.inspection != nullptr)
      options_.inspection->catch_index = static_cast<int>(&c - s.catchers.data());
    if (s.uses_jsonata()) {
      CatchJsonata(f, c, err);
      return true;
    }
    Object error_output;
    // AWS binds an empty Cause rather than leaving it out (as LocalStack's AWS-validated
    // snapshots record).
    error_output["Error"] = err.error;
    error_output["Cause"] = err.cause;
    Value error_value(std::move(error_output));
    AslError e2;
    Object assigned;
    if (c.has_assign && !EvaluateAssign(c.assign, error_value, &assigned, &e2)) {
      FailFrame(WithStatePrefix(std::move(e2)));
      return true;
    }
    Value out;
    if (!ApplyResultPath(c.result_path, std::move(f.input), std::move(error_value), &out, &e2)) {
      FailFrame(WithStatePrefix(std::move(e2)));
      return true;
    }
    CommitAssign(f, std::move(assigned));
    EmitStateEvent(s, false, out);
    ForgetChildren(f);
    f.state = c.next;
    f.input = std::move(out);
    f.phase = FramePhase::kEnter;
    return true;
  }
  return false;
}

void Execution::EndExecution(ExecutionStatus status, Value output, AslError err) {
  if (history_full_) {
    // The event that filled the history was dropped: the run fails on the limit, whatever
    // ended it.
    status = ExecutionStatus::kFailed;
    err = HistoryLimitError();
  }
  state_.status = status;
  if (status == ExecutionStatus::kSucceeded) {
    state_.frames.clear();
    state_.current = -1;
  } else {
    KeepRedrivePoint();
  }
  Object details;
  if (status == ExecutionStatus::kSucceeded) {
    if (recording()) {
      details["output"] = ToJson(output);
      details["outputDetails"] = Object{{"truncated", false}};
    }
    state_.output = std::move(output);
    Emit("ExecutionSucceeded", "executionSucceededEventDetails", std::move(details));
    return;
  }
  if (recording()) {
    if (!err.error.empty())
      details["error"] = err.error;
    if (!err.cause.empty())
      details["cause"] = err.cause;
  }
  state_.error = std::move(err.error);
  state_.cause = std::move(err.cause);
  if (status == ExecutionStatus::kTimedOut) {
    Emit("ExecutionTimedOut", "executionTimedOutEventDetails", std::move(details));
  } else {
    Emit("ExecutionFailed", "executionFailedEventDetails", std::move(details));
  }
}

}  // namespace stepshift::asl
