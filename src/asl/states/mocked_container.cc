// TestState's mocked Map and Parallel states (asl/inspection.h): the mock's result stands for
// what the children would have produced and goes through the state's own ResultSelector,
// ResultPath and OutputPath (or Output); a mocked error, or more failed iterations than the Map
// tolerates (stateConfiguration.mapIterationFailureCount), fails the state, so its Retry and
// Catch apply as after a real failure.
#include "asl/executor.h"

namespace stepshift::asl {

namespace {

// ToleratedFailureCount/Percentage as resolved on `f`; a Map without either tolerates nothing,
// yet AWS's TestState then ignores the failure count (LocalStack's AWS-validated
// test_state_configuration snapshots: BASE_MAP_STATE with 2 failures succeeds).
bool ExceedsTolerance(const State& s, const Frame& f, int64_t failures, int64_t length) {
  if (!s.tolerated_failure_count.present() && !s.tolerated_failure_percentage.present())
    return false;
  if (f.tolerated_count >= 0 && failures <= f.tolerated_count)
    return false;
  if (f.tolerated_percentage >= 0 &&
      (length == 0 || failures * 100.0 / static_cast<double>(length) <= f.tolerated_percentage)) {
    return false;
  }
  return true;
}

}  // namespace

bool Execution::FinishMockedContainer(Frame& f, int64_t length) {
  const Inspection* in = options_.inspection;
  if (in == nullptr || in->container_mock == nullptr)
    return false;
  const State& s = StateOf(f);
  if (s.type == StateType::kMap) {
    // Counts are integers in TestState's answer (InspectionMaxConcurrency, ...).
    Inspect("maxConcurrency", static_cast<int64_t>(s.max_concurrency.value.value_or(0)));
    if (f.tolerated_count >= 0)
      Inspect("toleratedFailureCount", static_cast<int64_t>(f.tolerated_count));
    if (f.tolerated_percentage >= 0)
      Inspect("toleratedFailurePercentage", f.tolerated_percentage);
  }
  if (s.type == StateType::kMap && s.has_item_selector && !s.has_item_batcher && in->record) {
    // afterItemSelector: every iteration's input, as the children would have received it.
    Array selected;
    for (size_t i = 0; i < f.items.size(); ++i) {
      Value item;
      AslError ignored;
      if (!SelectItem(s, f.items[i], static_cast<int64_t>(i), ScopeFor(&f.effective), &item,
                      &ignored)) {
        break;
      }
      selected.push_back(std::move(item));
    }
    if (selected.size() == f.items.size())
      Inspect("afterItemSelector", selected);
  }
  f.items.clear();
  f.effective = Value();
  f.phase = FramePhase::kEnter;
  const TaskOutcome& mock = *in->container_mock;
  if (!mock.ok) {
    FailState(f, AslError{mock.error, mock.cause});
    return true;
  }
  if (s.type == StateType::kMap && ExceedsTolerance(s, f, in->map_iteration_failures, length)) {
    FailState(f, AslError{std::string(errors::kExceedToleratedFailureThreshold),
                          "The specified tolerated failure threshold was exceeded"});
    return true;
  }
  FinishWithResult(f, mock.output);
  return true;
}

}  // namespace stepshift::asl
