// History events and the evaluation environment ($$ context object, variables, randomness).
#include "asl/executor.h"
#include "base/ids.h"

namespace stepshift::asl {

int64_t Execution::Emit(std::string_view type, const char* details_key, Object details) {
  int64_t id = EmitAside(type, details_key, std::move(details));
  if (id > 0)
    state_.last_event_id = id;
  return id;
}

int64_t Execution::EmitAside(std::string_view type, const char* details_key, Object details) {
  if (bound_frame_ < state_.frames.size() && state_.frames[bound_frame_].detached)
    return 0;
  if (TakesLastHistoryId(type)) {
    history_full_ = true;
    return 0;
  }
  int64_t id = ++state_.event_count;
  // AWS links the first state's entry to event 0, not to ExecutionStarted.
  int64_t previous = id == 2 ? 0 : state_.last_event_id;
  if (!recording())
    return id;
  Object event;
  if (options_.epoch_timestamps) {
    event["timestamp"] = ToEpochSeconds(Now());
  } else {
    event["timestamp"] = FormatIso8601(Now());
  }
  event["type"] = type;
  event["id"] = id;
  event["previousEventId"] = previous;
  if (details_key != nullptr)
    event[details_key] = std::move(details);
  options_.events->OnEvent(std::move(event));
  return id;
}

// AWS: "If the event number 25,000 isn't ExecutionSucceeded, the ExecutionFailed event is logged"
// (developer guide, bp-history-limit), so a recorded failure is event 25,000 with previousEventId
// 24,999. Other events that would take that id are dropped and the execution fails instead.
bool Execution::TakesLastHistoryId(std::string_view type) const {
  if (options_.max_history_events <= 0 || state_.event_count + 1 < options_.max_history_events) {
    return false;
  }
  return type != "ExecutionSucceeded" && type != "ExecutionFailed" && type != "ExecutionTimedOut" &&
         type != "ExecutionAborted";
}

AslError Execution::HistoryLimitError() const {
  return RuntimeError("The execution reached the maximum number of history events (" +
                      std::to_string(options_.max_history_events) + ").");
}

int64_t Execution::EmitStateEvent(const State& s, bool entered, const Value& payload) {
  std::string type =
      std::string(StateTypeName(s.type)) + (entered ? "StateEntered" : "StateExited");
  if (!recording())
    return Emit(type, nullptr, Object());
  Object details;
  details["name"] = s.name;
  if (entered && !start_input_text_.empty()) {
    details["input"] = std::move(start_input_text_);  // the first state sees the input as sent
    start_input_text_.clear();
  } else {
    details[entered ? "input" : "output"] = ToJson(payload);
  }
  details[entered ? "inputDetails" : "outputDetails"] = Object{{"truncated", false}};
  if (!entered && !exit_assigned_.empty()) {
    details["assignedVariables"] = std::move(exit_assigned_);
    details["assignedVariablesDetails"] = Object{{"truncated", false}};
  }
  exit_assigned_ = Object();
  return Emit(type, entered ? "stateEnteredEventDetails" : "stateExitedEventDetails",
              std::move(details));
}

const Value& Execution::Context() {
  if (context_valid_)
    return context_;
  const Frame& f = state_.frames[bound_frame_];
  const State& s = StateOf(f);
  // Field order and presence as AWS records `$$` (localstack context_object/
  // test_context_object.snapshot.json): RetryCount exists only in states that can retry.
  Object execution;
  execution["Id"] = options_.execution_arn;
  execution["Input"] = state_.input;
  execution["StartTime"] = FormatIso8601(state_.start_time);
  execution["Name"] = options_.execution_name;
  execution["RoleArn"] = options_.role_arn;
  if (options_.redrive_count_in_context) {
    execution["RedriveCount"] = state_.redrive_count;
    if (state_.redrive_count > 0)
      execution["RedriveTime"] = FormatIso8601(state_.redrive_time);
  }
  Object machine;
  machine["Id"] = options_.state_machine_arn;
  machine["Name"] = options_.state_machine_name;
  Object st;
  st["Name"] = s.name;
  st["EnteredTime"] = FormatIso8601(f.entered_time);
  if (s.type == StateType::kTask || s.type == StateType::kParallel || s.type == StateType::kMap) {
    st["RetryCount"] = f.retry_count;
  }
  Object ctx;
  ctx["Execution"] = std::move(execution);
  ctx["StateMachine"] = std::move(machine);
  ctx["State"] = std::move(st);
  if (s.type == StateType::kTask && s.resource.find(".waitForTaskToken") != std::string::npos) {
    ctx["Task"] = Object{{"Token", options_.execution_arn + "/" + s.name + "/" +
                                       std::to_string(f.entered_event_id)}};
  }
  if (map_item_value_ != nullptr) {
    Object item;
    item["Index"] = map_item_index_;
    item["Value"] = *map_item_value_;
    ctx["Map"] = Object{{"Item", std::move(item)}};
  }
  // TestState's `context` replaces members one level deep.
  if (const Object* over = options_.context_override.if_object()) {
    for (const auto& kv : *over) {
      Value& slot = ctx[kv.key()];
      if (slot.is_object() && kv.value().is_object()) {
        for (const auto& m : kv.value().get_object())
          slot.get_object()[m.key()] = m.value();
      } else {
        slot = kv.value();
      }
    }
  }
  context_ = std::move(ctx);
  context_valid_ = true;
  return context_;
}

const Value* Execution::Variable(std::string_view name) {
  for (int i = static_cast<int>(bound_frame_); i >= 0; i = state_.frames[i].parent) {
    const Frame& f = state_.frames[i];
    if (const Value* v = f.variables.if_contains(name))
      return v;
    // A distributed map's iterations are child executions: the parent's variables are not theirs.
    if (f.detached && (f.parent < 0 || !state_.frames[f.parent].detached))
      break;
  }
  return nullptr;
}

std::string Execution::NewUuid() {
  return stepshift::NewUuid();
}

uint64_t Execution::NextRandom() {
  return Rng()();
}

}  // namespace stepshift::asl
