// Parallel and Map (inline). Branches and iterations run one after another as child frames on top
// of the container's frame: output order, error propagation and tolerated failures are AWS's,
// and the whole nest stays a plain, serialisable frame stack.
#include <cstdlib>

#include "asl/executor.h"

namespace stepshift::asl {

namespace {

// A value as AWS quotes it in these causes: strings bare, anything else as JSON.
std::string Bare(const Value& v) {
  return v.is_string() ? std::string(v.get_string()) : ToJson(v);
}

// A number from a *Path field: a JSON number or a string holding one (AWS accepts "1"; the
// assign/map_state_reference_in_* scenarios). `integral` rejects fractions, as Java's parseInt
// would.
bool NumberFromPath(const JsonPath& p, const EvalScope& scope, bool integral, double* out,
                    std::string* shown) {
  const Value* v = FindPath(p, scope);
  *shown = v == nullptr ? "null" : Bare(*v);
  if (v == nullptr)
    return false;
  if (v->is_number()) {
    if (integral && v->is_double())
      return false;
    *out = v->to_number<double>();
    return true;
  }
  if (!v->is_string() || v->get_string().empty())
    return false;
  std::string text(v->get_string());
  char* end = nullptr;
  *out = integral ? static_cast<double>(std::strtoll(text.c_str(), &end, 10))
                  : std::strtod(text.c_str(), &end);
  return end != nullptr && *end == '\0';
}

// The causes below are AWS's (localstack test_base_scenarios.snapshot.json,
// test_map_state_tolerated_failure_count_path / _percentage_path, test_max_concurrency_path).
AslError NotANumber(std::string_view field, const std::string& shown, const JsonPath& p,
                    const char* kind) {
  return RuntimeError("The " + std::string(field) + " field refers to value \"" + shown +
                      "\" which is not a valid " + kind + ": " + p.text());
}

// ToleratedFailureCount(Path) and ToleratedFailurePercentage(Path) as the map starts.
bool ResolveTolerated(const State& s, const EvalScope& scope, Frame* f, AslError* err) {
  f->tolerated_count = s.tolerated_failure_count.value.value_or(-1);
  f->tolerated_percentage = s.tolerated_failure_percentage.value.value_or(-1);
  std::string shown;
  if (const auto& p = s.tolerated_failure_count.path) {
    if (!NumberFromPath(*p, scope, true, &f->tolerated_count, &shown)) {
      *err = NotANumber("ToleratedFailureCountPath", shown, *p, "integer");
      return false;
    }
    if (f->tolerated_count < 0) {
      *err = RuntimeError("ToleratedFailureCount cannot be negative.");
      return false;
    }
  }
  if (const auto& p = s.tolerated_failure_percentage.path) {
    if (!NumberFromPath(*p, scope, false, &f->tolerated_percentage, &shown)) {
      *err = NotANumber("ToleratedFailurePercentagePath", shown, *p, "float");
      return false;
    }
    if (f->tolerated_percentage < 0 || f->tolerated_percentage > 100) {
      *err = RuntimeError("ToleratedFailurePercentage must be between 0 and 100.");
      return false;
    }
  }
  return true;
}

// MaxConcurrencyPath only has to name an integer: iterations run one at a time here, which is
// one of the schedules AWS may choose.
bool CheckMaxConcurrency(const State& s, const EvalScope& scope, AslError* err) {
  const auto& p = s.max_concurrency.path;
  double n = 0;
  std::string shown;
  if (!p || NumberFromPath(*p, scope, true, &n, &shown))
    return true;
  *err = NotANumber("MaxConcurrencyPath", shown, *p, "integer");
  return false;
}

// An ItemsPath that selects nothing in the state's input. AWS names the first step it cannot
// apply and quotes the whole input, without the state prefix (executions quoted in public
// reports: 'Unable to apply step "objects" to input {"discovery":{...}}' for
// $.discovery.objects). REQUIRES: `path` is a reference path that finds nothing in `input`.
AslError ItemsPathConflict(const JsonPath& path, const Value& input) {
  const Value* cur = &input;
  std::string step;
  for (const PathSegment& seg : path.segments()) {
    step =
        seg.kind == PathSegment::Kind::kField ? "\"" + seg.name + "\"" : std::to_string(seg.index);
    const Value* next = nullptr;
    if (seg.kind == PathSegment::Kind::kField && cur->is_object()) {
      next = cur->get_object().if_contains(seg.name);
    } else if (seg.kind == PathSegment::Kind::kIndex && cur->is_array() && seg.index >= 0 &&
               static_cast<size_t>(seg.index) < cur->get_array().size()) {
      next = &cur->get_array()[seg.index];
    }
    if (next == nullptr)
      break;
    cur = next;
  }
  return AslError{std::string(errors::kReferencePathConflict),
                  "Unable to apply step " + step + " to input " + ToJson(input)};
}

}  // namespace

void Execution::RunParallel(Frame& f) {
  const State& s = StateOf(f);
  Value holder;
  const Value* eff = InputOrFail(f, &holder);
  if (eff == nullptr) {
    return;
  }
  AslError err;
  if (s.has_parameters) {
    if (!s.parameters.Evaluate(ScopeFor(eff), &f.effective, &err)) {
      return FailState(f, WithStatePrefix(std::move(err)));
    }
  } else {
    f.effective = *eff;
  }
  f.results.clear();
  f.child_index = 0;
  f.phase = FramePhase::kChildren;
  f.link_event_id = Emit("ParallelStateStarted", nullptr, Object());
  StartChild(state_.frames.size() - 1);
}

void Execution::RunMap(Frame& f) {
  const State& s = StateOf(f);
  Value holder;
  const Value* eff = InputOrFail(f, &holder);
  if (eff == nullptr) {
    return;
  }
  AslError err;
  const Value* items = eff;
  if (s.items_path) {
    items = FindPath(*s.items_path, ScopeFor(eff));
    if (items == nullptr && s.items_path->root() == PathRoot::kInput) {
      return FailState(f, ItemsPathConflict(*s.items_path, *eff));
    }
    if (items == nullptr) {
      return FailState(
          f, WithStatePrefix(RuntimeError(InvalidPathMessage(*s.items_path, ScopeFor(eff)))));
    }
  }
  if (!items->is_array()) {
    return FailState(
        f, WithStatePrefix(RuntimeError("Item path " + (s.items_path ? s.items_path->text() : "$") +
                                        " does not resolve to a JSON array: " + ToJson(*items))));
  }
  if (!CheckMaxConcurrency(s, ScopeFor(eff), &err)) {
    return FailState(f, WithStatePrefix(std::move(err)));
  }
  f.items = items->get_array();
  bool tolerated_ok = ResolveTolerated(s, ScopeFor(eff), &f, &err);
  if (s.has_item_selector) {
    f.effective = eff == &holder ? std::move(holder) : *eff;
  }
  f.results.clear();
  f.results.reserve(f.items.size());
  f.child_index = 0;
  f.failures = 0;
  f.link_event_id = 0;
  f.phase = FramePhase::kChildren;
  Emit("MapStateStarted", "mapStateStartedEventDetails",
       recording() ? Object{{"length", static_cast<int64_t>(f.items.size())}} : Object());
  if (!tolerated_ok) {
    f.phase = FramePhase::kEnter;
    f.items.clear();
    return FailState(f, WithStatePrefix(std::move(err)));
  }
  if (s.distributed)
    f.link_event_id = EmitMapRunStarted(s);
  StartChild(state_.frames.size() - 1);
}

// Recorded by AWS for a distributed map (localstack assign/test_assign_reference_variables and
// scenarios snapshots): MapStateStarted, MapRunStarted, MapRunSucceeded|MapRunFailed, then
// MapStateSucceeded|MapStateFailed; the iterations' events live in child executions.
int64_t Execution::EmitMapRunStarted(const State& s) {
  Object details;
  if (recording()) {
    std::string arn = options_.state_machine_arn;
    size_t at = arn.find(":stateMachine:");
    if (at != std::string::npos)
      arn.replace(at, 14, ":mapRun:");
    details["mapRunArn"] = arn + "/" + s.name + ":" + NewUuid();
  }
  return Emit("MapRunStarted", "mapRunStartedEventDetails", std::move(details));
}

bool Execution::StartChild(size_t parent_index) {
  Frame& parent = state_.frames[parent_index];
  const State& s = StateOf(parent);
  Frame child;
  if (s.type == StateType::kParallel) {
    if (parent.child_index >= static_cast<int64_t>(s.branches.size())) {
      FinishContainer(parent);
      return false;
    }
    child.scope = s.branches[parent.child_index];
    child.input = parent.effective;
    // Branches run side by side on AWS: each starts from ParallelStateStarted. Inside a
    // distributed map's child execution nothing was recorded (id 0) and the link stays.
    if (parent.link_event_id > 0)
      state_.last_event_id = parent.link_event_id;
  } else {
    if (parent.child_index >= static_cast<int64_t>(parent.items.size())) {
      FinishContainer(parent);
      return false;
    }
    Value& item = parent.items[parent.child_index];
    if (s.has_item_selector) {
      Bind(parent_index);
      map_item_value_ = &item;
      map_item_index_ = parent.child_index;
      AslError err;
      bool ok = s.item_selector.Evaluate(ScopeFor(&parent.effective), &child.input, &err);
      map_item_value_ = nullptr;
      context_valid_ = false;
      if (!ok) {
        Emit("MapStateFailed", nullptr, Object());
        FailState(parent, WithStatePrefix(std::move(err)));
        return false;
      }
    } else {
      child.input = std::move(item);  // the item is not needed once its iteration starts
    }
    child.scope = s.iterator;
    child.item_index = parent.child_index;
    child.detached = parent.detached || s.distributed;
    if (!s.distributed) {
      Emit("MapIterationStarted", "mapIterationStartedEventDetails",
           recording() ? Object{{"name", s.name}, {"index", parent.child_index}} : Object());
    }
  }
  child.state = machine_->scopes[child.scope].start_at;
  state_.frames.push_back(std::move(child));
  return true;
}

void Execution::ChildSucceeded(Value output) {
  int64_t item_index = state_.frames.back().item_index;
  state_.frames.pop_back();
  size_t parent_index = state_.frames.size() - 1;
  Bind(parent_index);
  Frame& parent = state_.frames[parent_index];
  const State& s = StateOf(parent);
  if (s.type == StateType::kMap && !s.distributed) {
    // The next iteration follows the last state event; only the map's end joins this one.
    parent.link_event_id =
        EmitAside("MapIterationSucceeded", "mapIterationSucceededEventDetails",
                  recording() ? Object{{"name", s.name}, {"index", item_index}} : Object());
  }
  parent.results.push_back(std::move(output));
  ++parent.child_index;
  StartChild(parent_index);
}

void Execution::ChildFailed(AslError err) {
  int64_t item_index = state_.frames.back().item_index;
  state_.frames.pop_back();
  size_t parent_index = state_.frames.size() - 1;
  Bind(parent_index);
  Frame& parent = state_.frames[parent_index];
  const State& s = StateOf(parent);
  if (s.type == StateType::kMap) {
    if (!s.distributed) {
      EmitAside("MapIterationFailed", "mapIterationFailedEventDetails",
                recording() ? Object{{"name", s.name}, {"index", item_index}} : Object());
    }
    bool tolerates =
        s.tolerated_failure_count.present() || s.tolerated_failure_percentage.present();
    if (tolerates) {
      ++parent.failures;
      double total = static_cast<double>(parent.items.size());
      double count_limit = parent.tolerated_count;
      double pct_limit = parent.tolerated_percentage;
      bool within = parent.failures <= count_limit ||
                    (total > 0 && parent.failures * 100.0 / total <= pct_limit);
      if (within) {
        Object error_output{{"Error", err.error}};
        if (!err.cause.empty())
          error_output["Cause"] = err.cause;
        parent.results.push_back(std::move(error_output));
        ++parent.child_index;
        StartChild(parent_index);
        return;
      }
      err = AslError{std::string(errors::kExceedToleratedFailureThreshold),
                     "The specified tolerated failure threshold was exceeded"};
    }
  }
  parent.items.clear();
  parent.results.clear();
  parent.phase = FramePhase::kEnter;
  if (s.distributed) {
    Object d;
    if (recording()) {
      if (!err.error.empty())
        d["error"] = err.error;
      if (!err.cause.empty())
        d["cause"] = err.cause;
    }
    Emit("MapRunFailed", "mapRunFailedEventDetails", std::move(d));
  }
  // AWS records no MapStateFailed/ParallelStateFailed before a retry, only when the state is done
  // (caught or failed); localstack test_base_scenarios.snapshot.json, test_map_state_retry.
  if (TryRetry(parent, err))
    return;
  Emit(s.type == StateType::kMap ? "MapStateFailed" : "ParallelStateFailed", nullptr, Object());
  if (TryCatch(parent, err))
    return;
  FailFrame(std::move(err));
}

void Execution::FinishContainer(Frame& f) {
  const State& s = StateOf(f);
  // Recorded by AWS (localstack test_base_scenarios.snapshot.json): MapStateSucceeded follows the
  // last MapIterationSucceeded, and the state's exit follows the same event, not the success.
  if (s.distributed) {
    // MapStateSucceeded follows MapRunSucceeded; the exit follows MapRunStarted (AWS recordings
    // since Nov 2024; older ones link it to MapRunSucceeded). A map nested in a child execution
    // recorded nothing (id 0) and must not move the parent's link (test_map_state_nested_config_
    // distributed).
    Emit("MapRunSucceeded", nullptr, Object());
    EmitAside("MapStateSucceeded", nullptr, Object());
    if (f.link_event_id > 0)
      state_.last_event_id = f.link_event_id;
  } else {
    if (s.type == StateType::kMap && f.link_event_id > 0)
      state_.last_event_id = f.link_event_id;
    EmitAside(s.type == StateType::kMap ? "MapStateSucceeded" : "ParallelStateSucceeded", nullptr,
              Object());
  }
  Value results(std::move(f.results));
  f.results = Array();
  f.items.clear();
  f.effective = nullptr;
  f.phase = FramePhase::kEnter;
  FinishWithResult(f, std::move(results));
}

}  // namespace stepshift::asl
