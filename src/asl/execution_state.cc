#include "asl/execution_state.h"

#include "asl/task_runner.h"

namespace stepshift::asl {

namespace {

int64_t Millis(Time t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

Time FromMillis(int64_t ms) {
  return Time(std::chrono::milliseconds(ms));
}

int64_t GetInt(const Object& o, std::string_view key, bool* ok) {
  const Value* v = o.if_contains(key);
  int64_t n = 0;
  if (v == nullptr || !AsInteger(*v, &n))
    *ok = false;
  return n;
}

Value FrameToValue(const Frame& f) {
  Array attempts;
  for (int a : f.retry_attempts)
    attempts.emplace_back(a);
  return Object{{"scope", f.scope},
                {"state", f.state},
                {"phase", static_cast<int>(f.phase)},
                {"input", f.input},
                {"effective", f.effective},
                {"items", f.items},
                {"results", f.results},
                {"childIndex", f.child_index},
                {"failures", f.failures},
                {"retryAttempts", std::move(attempts)},
                {"retryCount", f.retry_count},
                {"enteredTime", Millis(f.entered_time)},
                {"enteredEventId", f.entered_event_id},
                {"wakeTime", Millis(f.wake_time)},
                {"variables", f.variables},
                {"itemIndex", f.item_index},
                {"linkEventId", f.link_event_id},
                {"detached", f.detached},
                {"parent", f.parent},
                {"active", f.active},
                {"maxActive", f.max_active},
                {"strandLastEventId", f.last_event_id},
                {"toleratedCount", f.tolerated_count},
                {"toleratedPercentage", f.tolerated_percentage},
                {"task", f.task},
                {"succeeded", Array(f.succeeded.begin(), f.succeeded.end())},
                {"redriven", f.redriven},
                {"mapRunArn", f.map_run_arn},
                {"mapRunRedrives", f.map_run_redrives}};
}

bool FrameFromValue(const Value& v, Frame* f) {
  const Object* o = v.if_object();
  if (o == nullptr)
    return false;
  bool ok = true;
  f->scope = static_cast<int>(GetInt(*o, "scope", &ok));
  f->state = static_cast<int>(GetInt(*o, "state", &ok));
  int64_t phase = GetInt(*o, "phase", &ok);
  if (phase < 0 || phase > static_cast<int>(FramePhase::kTask))
    return false;
  f->phase = static_cast<FramePhase>(phase);
  f->child_index = GetInt(*o, "childIndex", &ok);
  f->failures = GetInt(*o, "failures", &ok);
  f->retry_count = static_cast<int>(GetInt(*o, "retryCount", &ok));
  f->entered_time = FromMillis(GetInt(*o, "enteredTime", &ok));
  f->entered_event_id = GetInt(*o, "enteredEventId", &ok);
  f->wake_time = FromMillis(GetInt(*o, "wakeTime", &ok));
  f->item_index = GetInt(*o, "itemIndex", &ok);
  if (o->contains("linkEventId"))
    f->link_event_id = GetInt(*o, "linkEventId", &ok);
  if (const Value* d = o->if_contains("detached"); d != nullptr && d->is_bool()) {
    f->detached = d->get_bool();
  }
  if (o->contains("parent")) {
    f->parent = static_cast<int32_t>(GetInt(*o, "parent", &ok));
    f->active = static_cast<int32_t>(GetInt(*o, "active", &ok));
    f->max_active = static_cast<int32_t>(GetInt(*o, "maxActive", &ok));
    f->last_event_id = GetInt(*o, "strandLastEventId", &ok);
  }
  for (auto [key, out] : {std::pair{"toleratedCount", &f->tolerated_count},
                          std::pair{"toleratedPercentage", &f->tolerated_percentage}}) {
    const Value* v = o->if_contains(key);
    if (v != nullptr && v->is_number())
      *out = v->to_number<double>();
  }
  const Value* items = o->if_contains("items");
  const Value* results = o->if_contains("results");
  const Value* vars = o->if_contains("variables");
  const Value* attempts = o->if_contains("retryAttempts");
  if (!ok || !items || !items->is_array() || !results || !results->is_array() || !vars ||
      !vars->is_object() || !attempts || !attempts->is_array()) {
    return false;
  }
  f->items = items->get_array();
  f->results = results->get_array();
  f->variables = vars->get_object();
  for (const Value& a : attempts->get_array()) {
    int64_t n = 0;
    if (!AsInteger(a, &n))
      return false;
    f->retry_attempts.push_back(static_cast<int>(n));
  }
  if (const Value* in = o->if_contains("input"))
    f->input = *in;
  if (const Value* eff = o->if_contains("effective"))
    f->effective = *eff;
  if (const Value* task = o->if_contains("task"))
    f->task = *task;
  if (const Value* done = o->if_contains("succeeded"); done != nullptr && done->is_array()) {
    for (const Value& d : done->get_array()) {
      int64_t n = 0;
      if (!AsInteger(d, &n))
        return false;
      f->succeeded.push_back(n);
    }
  }
  if (const Value* r = o->if_contains("redriven"); r != nullptr && r->is_bool())
    f->redriven = r->get_bool();
  if (const Value* m = o->if_contains("mapRunArn"); m != nullptr && m->is_string()) {
    f->map_run_arn = std::string(m->get_string());
    f->map_run_redrives = static_cast<int32_t>(GetInt(*o, "mapRunRedrives", &ok));
  }
  TaskCall call;
  return ok && (f->phase != FramePhase::kTask || TaskCallFromValue(f->task, &call));
}

// States saved before branches and iterations ran side by side hold a stack: each frame's
// container is the one below it, whose running child was `childIndex`; its top frame runs.
void UpgradeFrameStack(ExecutionState* s) {
  for (size_t i = 0; i < s->frames.size(); ++i) {
    Frame& f = s->frames[i];
    f.parent = static_cast<int32_t>(i) - 1;
    f.last_event_id = s->last_event_id;
    if (f.phase == FramePhase::kChildren && i + 1 < s->frames.size()) {
      s->frames[i + 1].item_index = f.child_index;  // Parallel branches had none
      f.active = 1;
      ++f.child_index;
    }
  }
  s->current = static_cast<int32_t>(s->frames.size()) - 1;
}

// Every frame's container comes before it and started it; `current` names a frame (or none).
bool TreeIsValid(const ExecutionState& s) {
  for (size_t i = 0; i < s.frames.size(); ++i) {
    int32_t p = s.frames[i].parent;
    if (p < -1 || p >= static_cast<int32_t>(i) || (i > 0) != (p >= 0))
      return false;
    int64_t item = s.frames[i].item_index;
    if (p >= 0 && (item < 0 || item >= s.frames[p].child_index))
      return false;
  }
  return s.current >= -1 && s.current < static_cast<int32_t>(s.frames.size());
}

void PutSeconds(Object& o, std::string_view key, const std::optional<double>& seconds) {
  if (seconds)
    o[key] = *seconds;
}

std::optional<double> GetSeconds(const Object& o, std::string_view key) {
  const Value* v = o.if_contains(key);
  if (v == nullptr || !v->is_number())
    return std::nullopt;
  return v->to_number<double>();
}

}  // namespace

Value TaskCallToValue(const TaskCall& call) {
  Object o{{"id", call.id},
           {"stateName", call.state_name},
           {"resource", call.resource},
           {"input", call.input},
           {"attempt", call.attempt},
           {"taskToken", call.task_token},
           {"credentials", call.credentials}};
  PutSeconds(o, "timeoutSeconds", call.timeout_seconds);
  PutSeconds(o, "heartbeatSeconds", call.heartbeat_seconds);
  if (call.started)
    o["started"] = true;
  if (call.submitted)
    o["submitted"] = true;
  return o;
}

bool TaskCallFromValue(const Value& value, TaskCall* call) {
  const Object* o = value.if_object();
  if (o == nullptr)
    return false;
  bool ok = true;
  call->id = GetInt(*o, "id", &ok);
  call->attempt = static_cast<int>(GetInt(*o, "attempt", &ok));
  const Value* state_name = o->if_contains("stateName");
  const Value* resource = o->if_contains("resource");
  const Value* token = o->if_contains("taskToken");
  if (!ok || !state_name || !state_name->is_string() || !resource || !resource->is_string() ||
      !token || !token->is_string()) {
    return false;
  }
  call->state_name = std::string(state_name->get_string());
  call->resource = std::string(resource->get_string());
  call->task_token = std::string(token->get_string());
  const Value* input = o->if_contains("input");
  call->input = input ? *input : Value();
  const Value* credentials = o->if_contains("credentials");
  call->credentials = credentials ? *credentials : Value();
  call->timeout_seconds = GetSeconds(*o, "timeoutSeconds");
  call->heartbeat_seconds = GetSeconds(*o, "heartbeatSeconds");
  for (auto [key, flag] : {std::pair{"started", &call->started}, {"submitted", &call->submitted}}) {
    const Value* v = o->if_contains(key);
    *flag = v != nullptr && v->is_bool() && v->get_bool();
  }
  return true;
}

std::vector<TaskCall> TaskCallsInFlight(const ExecutionState& state) {
  std::vector<TaskCall> calls;
  for (const Frame& f : state.frames) {
    TaskCall call;
    if (f.phase == FramePhase::kTask && TaskCallFromValue(f.task, &call))
      calls.push_back(std::move(call));
  }
  return calls;
}

const char* ExecutionStatusName(ExecutionStatus status) {
  switch (status) {
    case ExecutionStatus::kRunning:
      return "RUNNING";
    case ExecutionStatus::kSucceeded:
      return "SUCCEEDED";
    case ExecutionStatus::kFailed:
      return "FAILED";
    case ExecutionStatus::kTimedOut:
      return "TIMED_OUT";
    case ExecutionStatus::kAborted:
      return "ABORTED";
  }
  return "RUNNING";
}

Value ToValue(const ExecutionState& s) {
  Array frames;
  for (const Frame& f : s.frames)
    frames.push_back(FrameToValue(f));
  return Object{{"status", static_cast<int>(s.status)},
                {"frames", std::move(frames)},
                {"current", s.current},
                {"input", s.input},
                {"output", s.output},
                {"error", s.error},
                {"cause", s.cause},
                {"startTime", Millis(s.start_time)},
                {"eventCount", s.event_count},
                {"lastEventId", s.last_event_id},
                {"transitions", s.transitions},
                {"timeOffsetMs", s.time_offset_ms},
                {"taskCalls", s.task_calls},
                {"redriveCount", s.redrive_count},
                {"redriveTime", Millis(s.redrive_time)}};
}

Result<ExecutionState> ExecutionStateFromValue(const Value& value) {
  auto bad = [] { return Status::InvalidArgument("malformed execution state"); };
  const Object* o = value.if_object();
  if (o == nullptr)
    return bad();
  ExecutionState s;
  bool ok = true;
  int64_t status = GetInt(*o, "status", &ok);
  if (status < 0 || status > static_cast<int>(ExecutionStatus::kAborted))
    return bad();
  s.status = static_cast<ExecutionStatus>(status);
  s.start_time = FromMillis(GetInt(*o, "startTime", &ok));
  s.event_count = GetInt(*o, "eventCount", &ok);
  s.last_event_id = o->contains("lastEventId") ? GetInt(*o, "lastEventId", &ok) : s.event_count;
  s.transitions = GetInt(*o, "transitions", &ok);
  s.time_offset_ms = GetInt(*o, "timeOffsetMs", &ok);
  if (o->contains("taskCalls"))
    s.task_calls = GetInt(*o, "taskCalls", &ok);
  if (o->contains("redriveCount")) {
    s.redrive_count = GetInt(*o, "redriveCount", &ok);
    s.redrive_time = FromMillis(GetInt(*o, "redriveTime", &ok));
  }
  const Value* frames = o->if_contains("frames");
  const Value* error = o->if_contains("error");
  const Value* cause = o->if_contains("cause");
  if (!ok || !frames || !frames->is_array() || !error || !error->is_string() || !cause ||
      !cause->is_string()) {
    return bad();
  }
  for (const Value& fv : frames->get_array()) {
    Frame f;
    if (!FrameFromValue(fv, &f))
      return bad();
    s.frames.push_back(std::move(f));
  }
  if (o->contains("current")) {
    s.current = static_cast<int32_t>(GetInt(*o, "current", &ok));
  } else {
    UpgradeFrameStack(&s);
  }
  if (!ok || !TreeIsValid(s))
    return bad();
  if (const Value* in = o->if_contains("input"))
    s.input = *in;
  if (const Value* out = o->if_contains("output"))
    s.output = *out;
  s.error = std::string(error->get_string());
  s.cause = std::string(cause->get_string());
  return s;
}

}  // namespace stepshift::asl
