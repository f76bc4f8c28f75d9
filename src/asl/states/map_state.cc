// Entering a Map state: its items (ItemsPath, ItemBatcher), its limits (MaxConcurrency,
// ToleratedFailureCount/Percentage and their *Path forms) and, for a distributed map, the map run.
// Running the iterations is container_states.cc's.
#include <cstdlib>
#include <utility>

#include "asl/executor.h"
#include "asl/states/map_limits.h"

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

// MaxConcurrency(Path) as the map starts: how many iterations may run at once, 0 for no limit.
bool ResolveMaxConcurrency(const State& s, const EvalScope& scope, int32_t* out, AslError* err) {
  const auto& p = s.max_concurrency.path;
  double n = s.max_concurrency.value.value_or(0);
  std::string shown;
  if (p && !NumberFromPath(*p, scope, true, &n, &shown)) {
    *err = NotANumber("MaxConcurrencyPath", shown, *p, "integer");
    return false;
  }
  *out = ConcurrencyLimit(n, s.distributed);
  return true;
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

// Items are in f.items; `length` is their count before batching, as MapStateStarted records it.
void Execution::EnterIterations(Frame& f, int64_t length) {
  if (!std::exchange(f.redriven, false))
    ForgetChildren(f);  // a map run, if any, starts afresh
  f.results.reserve(f.items.size());
  f.child_index = 0;
  SkipSucceeded(f);
  f.active = 0;
  f.failures = 0;
  f.link_event_id = 0;
  f.phase = FramePhase::kChildren;
  Emit("MapStateStarted", "mapStateStartedEventDetails",
       recording() ? Object{{"length", length}} : Object());
}

void Execution::RunMap(Frame& f) {
  const State& s = StateOf(f);
  if (s.uses_jsonata())
    return RunJsonataMap(f);
  if (s.has_item_reader)
    return FailItemReader(f);
  Value holder;
  const Value* eff = InputOrFail(f, &holder);
  if (eff == nullptr) {
    return;
  }
  AslError err;
  const Value* items = eff;
  if (options_.inspection != nullptr && options_.inspection->map_items != nullptr) {
    items = options_.inspection->map_items;  // TestState's mapItemReaderData
  } else if (s.items_path) {
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
  if (!ResolveMaxConcurrency(s, ScopeFor(eff), &f.max_active, &err)) {
    return FailState(f, WithStatePrefix(std::move(err)));
  }
  f.items = items->get_array();
  if (s.items_path)
    Inspect("afterItemsPath", *items);
  const int64_t length = static_cast<int64_t>(f.items.size());
  if (s.has_item_selector) {
    f.effective = eff == &holder ? std::move(holder) : *eff;
    eff = &f.effective;
  }
  if (s.has_item_batcher && !BatchItems(f, s, ScopeFor(eff), &err)) {
    f.items.clear();
    return FailState(f, WithStatePrefix(std::move(err)));
  }
  bool tolerated_ok = ResolveTolerated(s, ScopeFor(eff), &f, &err);
  if (tolerated_ok && FinishMockedContainer(f, length))
    return;
  EnterIterations(f, length);
  if (!tolerated_ok) {
    f.phase = FramePhase::kEnter;
    f.items.clear();
    return FailState(f, WithStatePrefix(std::move(err)));
  }
  // Recorded by AWS for a distributed map (localstack assign/test_assign_reference_variables and
  // scenarios snapshots): MapStateStarted, MapRunStarted, MapRunSucceeded|MapRunFailed, then
  // MapStateSucceeded|MapStateFailed; the iterations' events live in child executions.
  if (s.distributed)
    f.link_event_id = StartMapRun(f, s, length);
  ContinueContainer(IndexOf(f));
}

bool Execution::SelectItem(const State& s, const Value& item, int64_t index, const EvalScope& scope,
                           Value* out, AslError* err) {
  if (s.uses_jsonata())
    return SelectJsonataItem(s, item, index, *scope.input, out, err);
  map_item_value_ = &item;
  map_item_index_ = index;
  bool ok = s.item_selector.Evaluate(scope, out, err);
  map_item_value_ = nullptr;
  context_valid_ = false;  // the cached $$ held the item
  return ok;
}

namespace {

// MaxItemsPerBatch(Path) or MaxInputBytesPerBatch(Path) as the map starts: 0 when unset.
bool ResolveBatchLimit(const NumberOrPath& spec, std::string_view field, const EvalScope& scope,
                       int64_t* out, AslError* err) {
  double n = spec.value.value_or(0);
  std::string shown;
  if (spec.path && (!NumberFromPath(*spec.path, scope, true, &n, &shown) || n < 1)) {
    *err = NotANumber(std::string(field) + "Path", shown, *spec.path, "positive integer");
    return false;
  }
  *out = static_cast<int64_t>(n);
  return true;
}

}  // namespace

// Each item goes through ItemSelector first (with its own $$.Map.Item), then into the current
// batch until MaxItemsPerBatch items or MaxInputBytesPerBatch bytes of child input are reached;
// a child execution's input is {"BatchInput": ..., "Items": [...]} (AWS developer guide,
// ItemBatcher). An item larger than the byte limit travels alone.
bool Execution::BatchItems(Frame& f, const State& s, const EvalScope& scope, AslError* err) {
  int64_t max_items = 0;
  int64_t max_bytes = 0;
  Value batch_input;
  if (s.uses_jsonata()) {
    if (!ResolveJsonataBatch(s, *scope.input, &max_items, &max_bytes, &batch_input, err))
      return false;
  } else if (!ResolveBatchLimit(s.max_items_per_batch, "MaxItemsPerBatch", scope, &max_items,
                                err) ||
             !ResolveBatchLimit(s.max_input_bytes_per_batch, "MaxInputBytesPerBatch", scope,
                                &max_bytes, err) ||
             (s.has_batch_input && !s.batch_input.Evaluate(scope, &batch_input, err))) {
    return false;
  }
  auto new_batch = [&] {
    Object batch;
    if (s.has_batch_input)
      batch["BatchInput"] = batch_input;
    batch["Items"] = Array();
    return batch;
  };
  const size_t empty_size = ToJson(Value(new_batch())).size();
  Array batches;
  Object batch = new_batch();
  size_t bytes = empty_size;
  for (size_t i = 0; i < f.items.size(); ++i) {
    Value item;
    if (s.has_item_selector) {
      if (!SelectItem(s, f.items[i], static_cast<int64_t>(i), scope, &item, err))
        return false;
    } else {
      item = std::move(f.items[i]);
    }
    Array& items = batch["Items"].as_array();
    size_t item_bytes = ToJson(item).size() + (items.empty() ? 0 : 1);
    bool full =
        (max_items > 0 && static_cast<int64_t>(items.size()) >= max_items) ||
        (max_bytes > 0 && !items.empty() && static_cast<int64_t>(bytes + item_bytes) > max_bytes);
    if (full) {
      batches.push_back(std::exchange(batch, new_batch()));
      bytes = empty_size;
      item_bytes = ToJson(item).size();
    }
    batch["Items"].as_array().push_back(std::move(item));
    bytes += item_bytes;
  }
  if (!batch["Items"].as_array().empty())
    batches.push_back(std::move(batch));
  f.items = std::move(batches);
  return true;
}

}  // namespace stepshift::asl
