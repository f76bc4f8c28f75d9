// The JSONPath input/output pipeline (states-language.net, "Input and Output Processing"):
// InputPath -> Parameters -> (work) -> ResultSelector -> ResultPath -> OutputPath, plus Assign.
#include "asl/executor.h"

namespace stepshift::asl {

namespace {

AslError NoResults(const JsonPath& path, const Value* root) {
  return RuntimeError(InvalidPathMessage(path, root));
}

}  // namespace

const Value* Execution::InputOrFail(Frame& f, Value* holder) {
  AslError err;
  const Value* eff = EffectiveInput(StateOf(f), f.input, holder, &err);
  if (eff == nullptr) {
    FailState(f, WithStatePrefix(std::move(err)));
  }
  return eff;
}

const Value* Execution::EffectiveInput(const State& s, const Value& raw, Value* holder,
                                       AslError* err) {
  if (s.input_path.is_identity) {
    Inspect("afterInputPath", raw);
    return &raw;
  }
  if (s.input_path.is_null) {
    *holder = Object();
    Inspect("afterInputPath", *holder);
    return holder;
  }
  const JsonPath& p = s.input_path.path;
  const Value* root = ResolveRoot(p, ScopeFor(&raw));
  if (root == nullptr || !p.Evaluate(*root, holder)) {
    *err = NoResults(p, root);
    return nullptr;
  }
  Inspect("afterInputPath", *holder);
  return holder;
}

bool Execution::ApplyResultPath(const ResultPathSpec& spec, Value raw, Value result, Value* out,
                                AslError* err) {
  switch (spec.mode) {
    case ResultPathSpec::Mode::kReplace:
      *out = std::move(result);
      return true;
    case ResultPathSpec::Mode::kDiscard:
      *out = std::move(raw);
      return true;
    case ResultPathSpec::Mode::kMerge:
      break;
  }
  std::string before;
  if (!raw.is_object())
    before = ToJson(raw);
  if (!spec.path.Assign(&raw, std::move(result))) {
    if (before.empty())
      before = ToJson(raw);
    *err = AslError{std::string(errors::kReferencePathConflict),
                    "Unable to apply ReferencePath " + spec.path.text() + " to input " + before};
    return false;
  }
  *out = std::move(raw);
  return true;
}

bool Execution::ApplyOutputPath(const State& s, Value in, Value* out, AslError* err) {
  if (s.output_path.is_identity) {
    *out = std::move(in);
    return true;
  }
  if (s.output_path.is_null) {
    *out = Object();
    return true;
  }
  const JsonPath& p = s.output_path.path;
  const Value* root = p.root() == PathRoot::kInput ? &in : ResolveRoot(p, ScopeFor(&in));
  if (root == nullptr || !p.Evaluate(*root, out)) {
    *err = NoResults(p, root);
    return false;
  }
  return true;
}

bool Execution::EvaluateAssign(const PayloadTemplate& tpl, const Value& result, Object* out,
                               AslError* err) {
  Value v;
  if (!tpl.Evaluate(ScopeFor(&result), &v, err))
    return false;
  if (v.is_object())
    *out = std::move(v.get_object());
  return true;
}

void Execution::CommitAssign(Frame& f, Object assigned) {
  if (options_.inspection != nullptr)
    options_.inspection->assigned = assigned;
  // The next StateExited event reports the assignments as JSON text, as AWS records them.
  if (recording()) {
    exit_assigned_.clear();
    for (const auto& kv : assigned)
      exit_assigned_[kv.key()] = ToJson(kv.value());
  }
  for (auto& kv : assigned)
    f.variables.insert_or_assign(kv.key(), std::move(kv.value()));
}

// The tail of the pipeline shared by Pass, Task, Parallel and Map: ResultSelector, Assign,
// ResultPath against the raw input, OutputPath. Assign sees the values from before this state,
// and its own assignments become visible only from the next state on.
bool Execution::FinishWithResult(Frame& f, Value result) {
  const State& s = StateOf(f);
  if (s.uses_jsonata())
    return FinishJsonata(f, std::move(result), true);
  AslError err;
  if (s.has_result_selector) {
    Value selected;
    if (!s.result_selector.Evaluate(ScopeFor(&result), &selected, &err)) {
      FailState(f, WithStatePrefix(std::move(err)));
      return false;
    }
    result = std::move(selected);
  }
  Inspect("afterResultSelector", result);
  Object assigned;
  if (s.has_assign && !EvaluateAssign(s.assign, result, &assigned, &err)) {
    FailState(f, WithStatePrefix(std::move(err)));
    return false;
  }
  // Catchers need the raw input after a failure below, so only move it when nothing can catch.
  Value raw = s.catchers.empty() ? std::move(f.input) : f.input;
  Value merged;
  if (!ApplyResultPath(s.result_path, std::move(raw), std::move(result), &merged, &err)) {
    FailState(f, WithStatePrefix(std::move(err)));
    return false;
  }
  Inspect("afterResultPath", merged);
  Value out;
  if (!ApplyOutputPath(s, std::move(merged), &out, &err)) {
    FailState(f, WithStatePrefix(std::move(err)));
    return false;
  }
  CommitAssign(f, std::move(assigned));
  ExitState(f, std::move(out), s.end ? -1 : s.next);
  return true;
}

}  // namespace stepshift::asl
