// States whose QueryLanguage is JSONata. There is no InputPath/Parameters/ResultSelector/
// ResultPath/OutputPath pipeline: a state reads $states.input, a Task or Parallel may replace
// what it works on with Arguments, and Output (by default the result, or the input for states
// without one) and Assign are evaluated once the work is done, both seeing the variables as they
// were before the state. Every expression was compiled with the definition.
#include <chrono>

#include "asl/executor.h"
#include "asl/timestamp.h"

namespace stepshift::asl {

namespace {

AslError QueryError(const JsonataTemplate& t, std::string cause) {
  return AslError{std::string(errors::kQueryEvaluationError), std::move(cause), t.field()};
}

}  // namespace

int64_t Execution::NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Now().time_since_epoch()).count();
}

// AWS records EvaluationFailed with the state's name, the failed field and the cause (state prefix
// included), linked to event 0, and the failure that follows links to it (localstack
// test_math_operations_jsonata.snapshot.json, test_math_random_seeded).
AslError Execution::QueryFailed(AslError err) {
  err = WithStatePrefix(std::move(err));
  Object details;
  if (recording()) {
    details["cause"] = err.cause;
    details["error"] = err.error;
    details["location"] = err.location;
    details["state"] = StateOf(state_.frames[bound_frame_]).name;
  }
  state_.last_event_id = 0;
  Emit("EvaluationFailed", "evaluationFailedEventDetails", std::move(details));
  return err;
}

bool Execution::EvalJsonata(const JsonataTemplate& t, JsonataScope& scope, Value* out,
                            AslError* err) {
  if (t.Evaluate(scope, out, err))
    return true;
  *err = QueryFailed(std::move(*err));
  return false;
}

bool Execution::JsonataNumber(const NumberOrPath& spec, JsonataScope& scope, double min,
                              bool integral, std::optional<double>* out, AslError* err) {
  if (spec.value || spec.expr.empty()) {
    *out = spec.value;
    return true;
  }
  Value v;
  if (!EvalJsonata(spec.expr, scope, &v, err))
    return false;
  int64_t n = 0;
  if (integral ? !AsInteger(v, &n) : !v.is_number()) {
    *err = QueryFailed(UnexpectedType(spec.expr, integral ? "integer" : "number", v));
    return false;
  }
  double d = integral ? static_cast<double>(n) : AsDouble(v);
  if (d < min) {
    *err = QueryFailed(
        QueryError(spec.expr, "The JSONata expression '" + spec.expr.expression_text() +
                                  "' specified for the field '" + spec.expr.field() +
                                  "' returned " + ToJson(v) + ", but the field must be at least " +
                                  std::to_string(static_cast<int64_t>(min))));
    return false;
  }
  *out = d;
  return true;
}

bool Execution::FinishJsonata(Frame& f, Value result, bool has_result) {
  const State& s = StateOf(f);
  JsonataScope scope(&f.input, this);
  if (has_result)
    scope.set_result(&result);
  AslError err;
  Object assigned;
  if (s.has_assign) {
    Value v;
    if (!EvalJsonata(s.jsonata.assign, scope, &v, &err)) {
      FailState(f, std::move(err));
      return false;
    }
    if (v.is_object())
      assigned = std::move(v.get_object());
  }
  Value out;
  if (!s.jsonata.output.empty()) {
    if (!EvalJsonata(s.jsonata.output, scope, &out, &err)) {
      FailState(f, std::move(err));
      return false;
    }
  } else if (has_result) {
    out = std::move(result);
  } else {
    out = s.catchers.empty() ? std::move(f.input) : f.input;  // catchers need the input
  }
  CommitAssign(f, std::move(assigned));
  ExitState(f, std::move(out), s.end ? -1 : s.next);
  return true;
}

void Execution::RunJsonataPass(Frame& f) {
  FinishJsonata(f, Value(), false);
}

// The first rule whose Condition is true wins, with its own Output and Assign; Default takes the
// state's (localstack outputdecl/test_output.snapshot.json, test_output_in_choice).
void Execution::RunJsonataChoice(Frame& f) {
  const State& s = StateOf(f);
  JsonataScope scope(&f.input, this);
  AslError err;
  const ChoiceBranch* chosen = nullptr;
  for (const ChoiceBranch& b : s.choices) {
    Value c;
    if (!EvalJsonata(b.condition, scope, &c, &err))
      return FailState(f, std::move(err));
    if (!c.is_bool())
      return FailState(f, QueryFailed(UnexpectedType(b.condition, "boolean", c)));
    if (c.get_bool()) {
      chosen = &b;
      break;
    }
  }
  if (chosen == nullptr && s.default_next < 0)
    return FailState(f, AslError{std::string(errors::kNoChoiceMatched), "No Matches!"});
  const JsonataTemplate& assign = chosen ? chosen->jsonata_assign : s.jsonata.assign;
  const JsonataTemplate& output = chosen ? chosen->output : s.jsonata.output;
  Object assigned;
  Value v;
  if (!assign.empty()) {
    if (!EvalJsonata(assign, scope, &v, &err))
      return FailState(f, std::move(err));
    if (v.is_object())
      assigned = std::move(v.get_object());
  }
  Value out;
  if (!output.empty() && !EvalJsonata(output, scope, &out, &err))
    return FailState(f, std::move(err));
  if (output.empty())
    out = std::move(f.input);
  CommitAssign(f, std::move(assigned));
  ExitState(f, std::move(out), chosen ? chosen->next : s.default_next);
}

void Execution::RunJsonataWait(Frame& f) {
  const State& s = StateOf(f);
  JsonataScope scope(&f.input, this);
  AslError err;
  Time wake = f.entered_time;
  if (s.wait_seconds.present()) {
    std::optional<double> secs;
    if (!JsonataNumber(s.wait_seconds, scope, 0, true, &secs, &err)) {
      return FailState(f, std::move(err));
    }
    double capped = std::min<double>(*secs, static_cast<double>(kMaxWaitSeconds));
    wake += std::chrono::milliseconds(static_cast<int64_t>(capped * 1000));
  } else {
    int64_t ms = 0;
    Value v;
    if (!s.jsonata.timestamp.empty()) {
      if (!EvalJsonata(s.jsonata.timestamp, scope, &v, &err))
        return FailState(f, std::move(err));
    } else {
      v = Value(*s.timestamp);
    }
    if (!v.is_string()) {
      return FailState(f, QueryFailed(UnexpectedType(s.jsonata.timestamp, "string", v)));
    }
    if (!ParseTimestampMillis(v.get_string(), &ms)) {
      // JSONPath's text for a Timestamp that is not one (no AWS recording for JSONata).
      return FailState(f, WithStatePrefix(RuntimeError(
                              "The Timestamp parameter does not reference a valid ISO-8601 "
                              "extended offset date-time format string: " +
                              std::string(v.get_string()))));
    }
    wake = ClampedTime(ms);
  }
  f.wake_time = wake;
  f.phase = FramePhase::kWaiting;
}

void Execution::FinishJsonataWait(Frame& f) {
  f.phase = FramePhase::kEnter;
  FinishJsonata(f, Value(), false);
}

void Execution::RunJsonataSucceed(Frame& f) {
  const State& s = StateOf(f);
  JsonataScope scope(&f.input, this);
  Value out;
  AslError err;
  if (s.jsonata.output.empty()) {
    out = std::move(f.input);
  } else if (!EvalJsonata(s.jsonata.output, scope, &out, &err)) {
    return FailFrame(std::move(err));
  }
  ExitState(f, std::move(out), -1);
}

void Execution::RunJsonataFail(Frame& f) {
  const State& s = StateOf(f);
  JsonataScope scope(&f.input, this);
  AslError failure;
  for (auto [spec, out] :
       {std::pair{&s.error, &failure.error}, std::pair{&s.cause, &failure.cause}}) {
    if (spec->value) {
      *out = *spec->value;
      continue;
    }
    if (spec->expr.empty())
      continue;
    Value v;
    AslError err;
    if (!EvalJsonata(spec->expr, scope, &v, &err))
      return FailFrame(std::move(err));
    if (!v.is_string())
      return FailFrame(QueryFailed(UnexpectedType(spec->expr, "string", v)));
    *out = std::string(v.get_string());
  }
  FailFrame(std::move(failure));
}

// As RunTask, with Arguments (by default the input) for Parameters and JSONata timeouts and
// credentials.
void Execution::RunJsonataTask(Frame& f) {
  const State& s = StateOf(f);
  JsonataScope scope(&f.input, this);
  AslError err;
  TaskCall call;
  call.state_name = s.name;
  call.resource = s.resource;
  call.attempt = f.retry_count;
  if (!s.jsonata.arguments.empty()) {
    if (!EvalJsonata(s.jsonata.arguments, scope, &call.input, &err))
      return FailState(f, std::move(err));
  } else {
    call.input = f.input;
  }
  Inspect("afterArguments", call.input);
  if (!JsonataNumber(s.timeout_seconds, scope, 1, true, &call.timeout_seconds, &err) ||
      !JsonataNumber(s.heartbeat_seconds, scope, 1, true, &call.heartbeat_seconds, &err)) {
    return FailState(f, std::move(err));
  }
  if (s.has_credentials && !EvalJsonata(s.jsonata.credentials, scope, &call.credentials, &err)) {
    return FailState(f, std::move(err));
  }
  ScheduleTask(f, std::move(call));
}

void Execution::RunJsonataParallel(Frame& f) {
  const State& s = StateOf(f);
  JsonataScope scope(&f.input, this);
  AslError err;
  if (!s.jsonata.arguments.empty()) {
    if (!EvalJsonata(s.jsonata.arguments, scope, &f.effective, &err))
      return FailState(f, std::move(err));
  } else {
    f.effective = f.input;
  }
  Inspect("afterArguments", f.effective);
  if (FinishMockedContainer(f, 0))
    return;
  StartBranches(f);
}

// A catcher's Output (by default $states.errorOutput) and Assign, then its Next.
void Execution::CatchJsonata(Frame& f, const Catcher& c, const AslError& err) {
  const State& s = StateOf(f);
  Object error_output;
  error_output["Error"] = err.error;
  error_output["Cause"] = err.cause;
  Value error_value(std::move(error_output));
  JsonataScope scope(&f.input, this);
  scope.set_error_output(&error_value);
  AslError e2;
  Object assigned;
  if (c.has_assign) {
    Value v;
    if (!EvalJsonata(c.jsonata_assign, scope, &v, &e2))
      return FailFrame(std::move(e2));
    if (v.is_object())
      assigned = std::move(v.get_object());
  }
  Value out;
  if (c.output.empty()) {
    out = std::move(error_value);
  } else if (!EvalJsonata(c.output, scope, &out, &e2)) {
    return FailFrame(std::move(e2));
  }
  CommitAssign(f, std::move(assigned));
  EmitStateEvent(s, false, out);
  ForgetChildren(f);
  f.state = c.next;
  f.input = std::move(out);
  f.phase = FramePhase::kEnter;
}

}  // namespace stepshift::asl
