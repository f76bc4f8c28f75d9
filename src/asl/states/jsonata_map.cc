// The Map state in JSONata: Items (an array, or an expression giving one; by default the input),
// ItemSelector with $states.context.Map.Item, MaxConcurrency, ToleratedFailureCount/Percentage and
// ItemBatcher's limits as numbers or expressions. Running the iterations is shared with JSONPath
// maps (container_states.cc).
#include "asl/executor.h"
#include "asl/states/map_limits.h"

namespace stepshift::asl {

void Execution::RunJsonataMap(Frame& f) {
  const State& s = StateOf(f);
  if (s.has_item_reader)
    return FailItemReader(f);
  JsonataScope scope(&f.input, this);
  AslError err;
  Value items;
  if (options_.inspection != nullptr && options_.inspection->map_items != nullptr) {
    items = *options_.inspection->map_items;  // TestState's mapItemReaderData
  } else if (!s.jsonata.items.empty()) {
    if (!EvalJsonata(s.jsonata.items, scope, &items, &err))
      return FailState(f, std::move(err));
    if (!items.is_array())
      return FailState(f, QueryFailed(UnexpectedType(s.jsonata.items, "array", items)));
  } else if (f.input.is_array()) {
    items = f.input;
  } else {
    // JSONPath's text for an input that is not an array (no AWS recording for JSONata).
    return FailState(f, WithStatePrefix(RuntimeError(
                            "Item path $ does not resolve to a JSON array: " + ToJson(f.input))));
  }
  std::optional<double> concurrency, count, percentage;
  if (!JsonataNumber(s.max_concurrency, scope, 0, true, &concurrency, &err) ||
      !JsonataNumber(s.tolerated_failure_count, scope, 0, true, &count, &err) ||
      !JsonataNumber(s.tolerated_failure_percentage, scope, 0, false, &percentage, &err)) {
    return FailState(f, std::move(err));
  }
  if (percentage.value_or(0) > 100) {
    return FailState(
        f, WithStatePrefix(RuntimeError("ToleratedFailurePercentage must be between 0 and 100.")));
  }
  f.max_active = ConcurrencyLimit(concurrency.value_or(0), s.distributed);
  f.tolerated_count = count.value_or(-1);
  f.tolerated_percentage = percentage.value_or(-1);
  f.items = std::move(items.get_array());
  const int64_t length = static_cast<int64_t>(f.items.size());
  f.effective = f.input;  // $states.input of ItemSelector and BatchInput
  if (s.has_item_batcher && !BatchItems(f, s, ScopeFor(&f.effective), &err)) {
    f.items.clear();
    return FailState(f, WithStatePrefix(std::move(err)));
  }
  if (FinishMockedContainer(f, length))
    return;
  EnterIterations(f, length);
  if (s.distributed)
    f.link_event_id = StartMapRun(f, s, length);
  ContinueContainer(IndexOf(f));
}

bool Execution::SelectJsonataItem(const State& s, const Value& item, int64_t index,
                                  const Value& input, Value* out, AslError* err) {
  map_item_value_ = &item;
  map_item_index_ = index;
  context_valid_ = false;
  JsonataScope scope(&input, this);
  bool ok = EvalJsonata(s.jsonata.item_selector, scope, out, err);
  map_item_value_ = nullptr;
  context_valid_ = false;  // the cached context held the item
  return ok;
}

bool Execution::ResolveJsonataBatch(const State& s, const Value& input, int64_t* max_items,
                                    int64_t* max_bytes, Value* batch_input, AslError* err) {
  JsonataScope scope(&input, this);
  std::optional<double> items, bytes;
  if (!JsonataNumber(s.max_items_per_batch, scope, 1, true, &items, err) ||
      !JsonataNumber(s.max_input_bytes_per_batch, scope, 1, true, &bytes, err)) {
    return false;
  }
  *max_items = static_cast<int64_t>(items.value_or(0));
  *max_bytes = static_cast<int64_t>(bytes.value_or(0));
  return !s.has_batch_input || EvalJsonata(s.jsonata.batch_input, scope, batch_input, err);
}

}  // namespace stepshift::asl
