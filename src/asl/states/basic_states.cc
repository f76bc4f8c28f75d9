// Pass, Choice, Wait, Succeed and Fail.
#include "asl/executor.h"
#include "asl/timestamp.h"

namespace stepshift::asl {

namespace {

// A value as AWS quotes it in Wait causes ("$.x == <value>"): strings bare, the rest as JSON.
std::string Quoted(const Value& v) {
  return v.is_string() ? std::string(v.get_string()) : ToJson(v);
}

// SecondsPath must reference a non-negative integer. The causes are AWS's (as LocalStack's
// AWS-validated Wait tests reproduce them).
bool WaitSecondsFromPath(const JsonPath& path, const EvalScope& scope, int64_t* secs,
                         AslError* err) {
  const Value* v = FindPath(path, scope);
  if (v == nullptr) {
    *err =
        RuntimeError("The SecondsPath parameter does not reference an input value: " + path.text());
    return false;
  }
  if (!AsInteger(*v, secs) || v->is_double()) {
    *err =
        RuntimeError("The SecondsPath parameter cannot be parsed as a long value: " + path.text() +
                     " == " + Quoted(*v));
    return false;
  }
  if (*secs < 0) {
    *err = RuntimeError("The SecondsPath parameter references a negative value: " + path.text() +
                        " == " + Quoted(*v));
    return false;
  }
  return true;
}

}  // namespace

// Timestamp or TimestampPath. The TimestampPath cause is AWS's recorded text
// (localstack tests/aws/services/stepfunctions/v2/base/test_wait.snapshot.json).
bool Execution::WaitTimestamp(const State& s, const Value& input, int64_t* ms, AslError* err) {
  if (s.timestamp) {
    if (ParseTimestampMillis(*s.timestamp, ms))
      return true;
    *err = RuntimeError(
        "The Timestamp parameter does not reference a valid ISO-8601 extended offset date-time "
        "format string: " +
        *s.timestamp);
    return false;
  }
  const JsonPath& path = *s.timestamp_path;
  const Value* v = FindPath(path, ScopeFor(&input));
  if (v == nullptr) {
    *err = RuntimeError("The TimestampPath parameter does not reference an input value: " +
                        path.text());
    return false;
  }
  if (v->is_string() && ParseTimestampMillis(v->get_string(), ms))
    return true;
  *err = RuntimeError(
      "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time "
      "format string: " +
      path.text() + " == " + Quoted(*v));
  return false;
}

void Execution::RunPass(Frame& f) {
  const State& s = StateOf(f);
  if (s.uses_jsonata())
    return RunJsonataPass(f);
  Value result;
  if (s.result) {
    result = *s.result;  // Result wins over Parameters; the input is not even read.
    Inspect("result", result);
  } else {
    Value holder;
    const Value* eff = InputOrFail(f, &holder);
    if (eff == nullptr) {
      return;
    }
    AslError err;
    if (s.has_parameters) {
      if (!s.parameters.Evaluate(ScopeFor(eff), &result, &err)) {
        return FailState(f, WithStatePrefix(std::move(err)));
      }
    } else {
      if (eff == &holder) {
        result = std::move(holder);
      } else {
        result = *eff;
      }
    }
    Inspect("afterParameters", result);
  }
  FinishWithResult(f, std::move(result));
}

void Execution::RunChoice(Frame& f) {
  const State& s = StateOf(f);
  if (s.uses_jsonata())
    return RunJsonataChoice(f);
  Value holder;
  const Value* eff = InputOrFail(f, &holder);
  if (eff == nullptr) {
    return;
  }
  AslError err;
  EvalScope scope = ScopeFor(eff);
  int next = -1;
  const PayloadTemplate* assign = nullptr;
  for (const ChoiceBranch& b : s.choices) {
    bool matched = false;
    if (!EvaluateChoiceRule(b.rule, scope, &matched, &err)) {
      return FailState(f, WithStatePrefix(std::move(err)));
    }
    if (matched) {
      next = b.next;
      if (b.has_assign)
        assign = &b.assign;
      break;
    }
  }
  if (next < 0) {
    if (s.default_next < 0) {
      return FailState(f, AslError{std::string(errors::kNoChoiceMatched), "No Matches!"});
    }
    next = s.default_next;
    if (s.has_assign)
      assign = &s.assign;
  }
  Object assigned;
  if (assign != nullptr && !EvaluateAssign(*assign, *eff, &assigned, &err)) {
    return FailState(f, WithStatePrefix(std::move(err)));
  }
  Value in;
  if (eff == &holder) {
    in = std::move(holder);
  } else {
    in = std::move(f.input);  // eff is the raw input itself
  }
  Value out;
  if (!ApplyOutputPath(s, std::move(in), &out, &err)) {
    return FailState(f, WithStatePrefix(std::move(err)));
  }
  CommitAssign(f, std::move(assigned));
  ExitState(f, std::move(out), next);
}

void Execution::RunWait(Frame& f) {
  const State& s = StateOf(f);
  if (s.uses_jsonata())
    return RunJsonataWait(f);
  Value holder;
  const Value* eff = InputOrFail(f, &holder);
  if (eff == nullptr) {
    return;
  }
  AslError err;
  Time wake = f.entered_time;
  if (s.wait_seconds.value) {
    double secs = std::min<double>(*s.wait_seconds.value, kMaxWaitSeconds);
    wake += std::chrono::milliseconds(static_cast<int64_t>(secs * 1000));
  } else if (s.wait_seconds.path) {
    int64_t secs = 0;
    if (!WaitSecondsFromPath(*s.wait_seconds.path, ScopeFor(eff), &secs, &err)) {
      return FailState(f, WithStatePrefix(std::move(err)));
    }
    wake += std::chrono::seconds(std::min(secs, kMaxWaitSeconds));
  } else {
    int64_t ms = 0;
    if (!WaitTimestamp(s, *eff, &ms, &err))
      return FailState(f, WithStatePrefix(std::move(err)));
    wake = ClampedTime(ms);
  }
  if (eff == &holder) {
    f.effective = std::move(holder);
  } else {
    f.effective = *eff;
  }
  f.wake_time = wake;
  f.phase = FramePhase::kWaiting;
}

void Execution::FinishWait(Frame& f) {
  const State& s = StateOf(f);
  if (s.uses_jsonata())
    return FinishJsonataWait(f);
  AslError err;
  Object assigned;
  if (s.has_assign && !EvaluateAssign(s.assign, f.effective, &assigned, &err)) {
    return FailState(f, WithStatePrefix(std::move(err)));
  }
  Value out;
  if (!ApplyOutputPath(s, std::move(f.effective), &out, &err)) {
    return FailState(f, WithStatePrefix(std::move(err)));
  }
  f.phase = FramePhase::kEnter;
  CommitAssign(f, std::move(assigned));
  ExitState(f, std::move(out), s.end ? -1 : s.next);
}

void Execution::RunSucceed(Frame& f) {
  const State& s = StateOf(f);
  if (s.uses_jsonata())
    return RunJsonataSucceed(f);
  AslError err;
  Value holder;
  const Value* eff = EffectiveInput(s, f.input, &holder, &err);
  if (eff == nullptr)
    return FailFrame(WithStatePrefix(std::move(err)));
  Value in;
  if (eff == &holder) {
    in = std::move(holder);
  } else {
    in = std::move(f.input);
  }
  Value out;
  if (!ApplyOutputPath(s, std::move(in), &out, &err)) {
    return FailFrame(WithStatePrefix(std::move(err)));
  }
  ExitState(f, std::move(out), -1);
}

void Execution::RunFail(Frame& f) {
  const State& s = StateOf(f);
  if (s.uses_jsonata())
    return RunJsonataFail(f);
  AslError failure;
  Inspect("afterInputPath", f.input);  // Fail has no InputPath; TestState shows its input
  EvalScope scope = ScopeFor(&f.input);
  for (auto [spec, out] :
       {std::pair{&s.error, &failure.error}, std::pair{&s.cause, &failure.cause}}) {
    if (spec->value) {
      *out = *spec->value;
    } else if (spec->dynamic) {
      Value v;
      AslError err;
      if (!spec->dynamic->Evaluate(scope, &v, &err)) {
        return FailFrame(WithStatePrefix(std::move(err)));
      }
      *out = v.is_string() ? std::string(v.get_string()) : ToJson(v);
    }
  }
  FailFrame(std::move(failure));
}

}  // namespace stepshift::asl
