#include "asl/test_state.h"

#include <cmath>

#include "asl/test_state_internal.h"

namespace stepshift::asl {

namespace {

using internal::ValidationException;

Result<Object> ParseObjectField(const std::optional<std::string>& text, const char* what) {
  if (!text)
    return Object();
  Result<Value> v = ParseJson(*text);
  if (!v.ok() || !v->is_object())
    return ValidationException(std::string("Invalid ") + what + " provided: the " + what +
                               " must be a JSON object.");
  return std::move(v->get_object());
}

Status CheckStateConfiguration(const TestStateRequest& r, const State& s) {
  if (r.map_item_reader_data && !ParseJson(*r.map_item_reader_data).ok())
    return ValidationException("mapItemReaderData must be valid JSON");
  if ((r.map_iteration_failure_count || r.map_item_reader_data) && s.type != StateType::kMap)
    return ValidationException(
        "mapIterationFailureCount and mapItemReaderData apply to Map states only.");
  if (r.error_caused_by_state && s.type != StateType::kMap && s.type != StateType::kParallel)
    return ValidationException("errorCausedByState applies to Map and Parallel states only.");
  return Status();
}

// A mocked Map or Parallel shows only the processing its definition asks for (LocalStack's
// AWS-validated test_base_map_state_inspect snapshots: a Map without InputPath shows neither
// afterInputPath nor its result's steps).
void PruneContainerFields(const State& s, Object* data) {
  if (s.input_path.is_identity)
    data->erase("afterInputPath");
  if (!s.has_parameters)
    data->erase("afterParameters");
  if (!s.has_result_selector)
    data->erase("afterResultSelector");
  if (s.result_path.mode == ResultPathSpec::Mode::kReplace)
    data->erase("afterResultPath");
}

}  // namespace

Result<std::shared_ptr<const TestDefinition>> ParseTestState(const std::string& definition,
                                                             const std::string& state_name) {
  internal::StrippedMaps stripped;
  ASSIGN_OR_RETURN(ParsedDefinition parsed,
                   internal::ParseTestDefinition(definition, state_name, &stripped));
  auto d = std::make_shared<TestDefinition>();
  d->state = internal::FindState(*parsed.machine, state_name, &d->scope);
  if (d->state == nullptr)
    return ValidationException("State not found in definition");
  d->machine = std::move(parsed.machine);
  d->item_reader = stripped.item_readers.contains(d->state->name);
  d->result_writer = stripped.result_writers.contains(d->state->name);
  return std::shared_ptr<const TestDefinition>(std::move(d));
}

Result<std::unique_ptr<StateTest>> StateTest::Prepare(const TestStateRequest& r,
                                                      const ExecutionOptions& identity) {
  ASSIGN_OR_RETURN(std::shared_ptr<const TestDefinition> d,
                   ParseTestState(r.definition, r.state_name));
  return Prepare(r, std::move(d), identity);
}

Result<std::unique_ptr<StateTest>> StateTest::Prepare(const TestStateRequest& r,
                                                      std::shared_ptr<const TestDefinition> d,
                                                      const ExecutionOptions& identity) {
  const State* s = d->state;
  const int scope = d->scope;
  std::unique_ptr<StateTest> t(new StateTest());
  RETURN_IF_ERROR(internal::CheckMock(r, *s, d->result_writer, &t->mock_));
  RETURN_IF_ERROR(CheckStateConfiguration(r, *s));
  ASSIGN_OR_RETURN(t->variables_, ParseObjectField(r.variables, "variables"));
  ASSIGN_OR_RETURN(Object context, ParseObjectField(r.context, "Context object"));
  t->definition_ = d;
  t->machine_ = d->machine.get();
  t->state_ = s;
  t->level_ = r.level;
  t->input_ = r.input;
  t->inspection_.record = r.level != InspectionLevel::kInfo;
  t->inspection_.retrier_retry_count = r.retrier_retry_count;
  t->inspection_.map_iteration_failures = r.map_iteration_failure_count.value_or(0);
  if (t->mock_ && s->type != StateType::kTask)
    t->inspection_.container_mock = &*t->mock_;
  if (s->type == StateType::kMap && d->item_reader) {
    // Its items are what the reader would read: mapItemReaderData when it is a JSON array.
    Result<Value> data = ParseJson(r.map_item_reader_data.value_or("[]"));
    t->reader_items_ = data.ok() && data->is_array() ? std::move(*data) : Value(Array());
    t->inspection_.map_items = &t->reader_items_;
  }
  ExecutionOptions options = identity;
  options.inspection = &t->inspection_;
  options.context_override = std::move(context);
  options.redrive_count_in_context = false;
  options.events = nullptr;
  options.defer_tasks = true;
  options.skip_waits = true;  // a Wait state ends at once, as TestState's does
  options.max_history_events = 0;
  t->execution_ = std::make_unique<Execution>(d->machine, std::move(options));
  t->execution_->Start(t->input_);
  // The state under test starts the run, wherever it sits in the definition.
  Frame& top = t->execution_->mutable_state().frames[0];
  top.scope = scope;
  top.state = static_cast<int>(s - d->machine->scopes[scope].states.data());
  top.variables = t->variables_;
  top.retry_attempts.assign(s->retry.size(), 0);
  return t;
}

bool StateTest::Ended() const {
  return execution_->state().status != ExecutionStatus::kRunning || inspection_.exited ||
         inspection_.retry_index >= 0 || inspection_.catch_index >= 0;
}

std::optional<TaskCall> StateTest::Run() {
  while (!Ended()) {
    StepResult step = execution_->Step();
    for (TaskCall& call : execution_->TakeTaskCalls()) {
      if (!mock_)
        return std::move(call);
      execution_->CompleteTask(call.id, *mock_);
    }
    if (step.kind == StepResult::Kind::kWait && !Ended()) {
      // Nothing can move the state on (a bug rather than a user's error): fail it.
      execution_->Abort("States.Runtime", "The state did not finish.");
    }
  }
  return std::nullopt;
}

void StateTest::Complete(const TaskCall& call, TaskOutcome outcome) {
  execution_->CompleteTask(call.id, std::move(outcome));
}

TestStateResponse StateTest::Response() const {
  TestStateResponse out;
  const ExecutionState& es = execution_->state();
  const Inspection& in = inspection_;
  if (in.retry_index >= 0) {
    out.status = "RETRIABLE";
  } else if (in.catch_index >= 0) {
    out.status = "CAUGHT_ERROR";
    out.next_state = state_->catchers[in.catch_index].next_name;
  } else if (es.status == ExecutionStatus::kSucceeded ||
             (es.status == ExecutionStatus::kRunning && in.exited)) {
    out.status = "SUCCEEDED";
  } else {
    out.status = "FAILED";
  }
  if (out.status == "RETRIABLE" || out.status == "CAUGHT_ERROR") {
    out.error = in.error;
    out.cause = in.cause;
  } else if (out.status == "FAILED") {
    out.error = es.error;
    out.cause = es.cause;
  }
  if (es.status == ExecutionStatus::kSucceeded) {
    out.output = es.output;
  } else if (es.status == ExecutionStatus::kRunning && out.status != "RETRIABLE") {
    const Frame& f = es.frames.front();
    out.output = f.input;  // the next state's input
    if (out.status == "SUCCEEDED")
      out.next_state = machine_->scopes[f.scope].states[f.state].name;
  }
  if (level_ == InspectionLevel::kInfo)
    return out;
  out.inspection_data["input"] = input_;
  for (const auto& kv : in.data)
    out.inspection_data[kv.key()] = kv.value();
  if (state_->type == StateType::kMap || state_->type == StateType::kParallel)
    PruneContainerFields(*state_, &out.inspection_data);
  if (in.retry_index >= 0 || in.catch_index >= 0) {
    Object details;
    if (in.catch_index >= 0)
      details["catchIndex"] = in.catch_index;
    if (in.retry_index >= 0) {
      details["retryIndex"] = in.retry_index;
      details["retryBackoffIntervalSeconds"] =
          static_cast<int64_t>(std::floor(in.retry_backoff_seconds));
    }
    out.inspection_data["errorDetails"] = std::move(details);
  }
  if (!variables_.empty() || !in.assigned.empty()) {
    Object vars = variables_;
    for (const auto& kv : in.assigned)
      vars[kv.key()] = kv.value();
    out.inspection_data["variables"] = std::move(vars);
  }
  return out;
}

Value TestStateResponseToJson(const TestStateResponse& r) {
  Object out;
  if (r.output)
    out["output"] = ToJson(*r.output);
  if (!r.error.empty())
    out["error"] = r.error;
  if (!r.cause.empty())
    out["cause"] = r.cause;
  if (!r.inspection_data.empty()) {
    Object data;
    for (const auto& kv : r.inspection_data) {
      std::string_view key = kv.key();
      bool as_is = key == "errorDetails" || key == "maxConcurrency" ||
                   key == "toleratedFailureCount" || key == "toleratedFailurePercentage";
      data[key] = as_is ? kv.value() : Value(ToJson(kv.value()));
    }
    out["inspectionData"] = std::move(data);
  }
  if (!r.next_state.empty())
    out["nextState"] = r.next_state;
  out["status"] = r.status;
  return out;
}

}  // namespace stepshift::asl
