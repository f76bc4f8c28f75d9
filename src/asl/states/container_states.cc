// Parallel and Map. Branches and iterations are child frames of the container's frame and run
// side by side as AWS runs them: a child runs until it blocks (a Wait, a retry back-off), then the
// container starts its next child while fewer than MaxConcurrency run (Parallel: all). Outputs
// keep branch/item order; error propagation and tolerated failures are AWS's, and the whole nest
// stays a plain, serialisable frame tree.
#include <algorithm>
#include <utility>
#include <vector>

#include "asl/executor.h"

namespace stepshift::asl {

namespace {

// Children end in any order; their results keep branch/item order.
void StoreResult(Frame* container, int64_t index, Value result) {
  if (container->results.size() <= static_cast<size_t>(index))
    container->results.resize(index + 1);
  container->results[index] = std::move(result);
}

// Children mostly end in order: the insertion is at the end.
void MarkSucceeded(Frame* container, int64_t index) {
  std::vector<int64_t>& done = container->succeeded;
  done.insert(std::upper_bound(done.begin(), done.end(), index), index);
}

}  // namespace

void Execution::RunParallel(Frame& f) {
  const State& s = StateOf(f);
  if (s.uses_jsonata())
    return RunJsonataParallel(f);
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
  Inspect("afterParameters", f.effective);
  if (FinishMockedContainer(f, 0))
    return;
  StartBranches(f);
}

void Execution::StartBranches(Frame& f) {
  if (!std::exchange(f.redriven, false))
    ForgetChildren(f);
  f.child_index = 0;
  SkipSucceeded(f);
  f.active = 0;
  f.max_active = 0;
  f.phase = FramePhase::kChildren;
  f.link_event_id = Emit("ParallelStateStarted", nullptr, Object());
  ContinueContainer(IndexOf(f));
}

int64_t Execution::ChildCount(const Frame& f) const {
  const State& s = StateOf(f);
  return s.type == StateType::kParallel ? static_cast<int64_t>(s.branches.size())
                                        : static_cast<int64_t>(f.items.size());
}

bool Execution::CanStartChild(const Frame& f) const {
  return f.phase == FramePhase::kChildren && f.child_index < ChildCount(f) &&
         (f.max_active <= 0 || f.active < f.max_active);
}

void Execution::ContinueContainer(int index) {
  state_.current = index;
  Bind(index);
  Frame& f = state_.frames[index];
  if (CanStartChild(f)) {
    StartChild(index);
  } else if (f.active == 0) {
    FinishContainer(f);
  } else {
    Yield(index);  // its children are all blocked
  }
}

void Execution::StartChild(int parent_index) {
  Bind(parent_index);
  Frame& parent = state_.frames[parent_index];
  const State& s = StateOf(parent);
  Frame child;
  child.parent = parent_index;
  child.item_index = parent.child_index;
  child.detached = parent.detached;
  if (s.type == StateType::kParallel) {
    child.scope = s.branches[parent.child_index];
    child.input = parent.effective;
    // Branches run side by side on AWS: each starts from ParallelStateStarted. Inside a
    // distributed map's child execution nothing was recorded (id 0) and the link stays.
    if (parent.link_event_id > 0)
      state_.last_event_id = parent.link_event_id;
  } else {
    Value& item = parent.items[parent.child_index];
    if (s.has_item_selector && !s.has_item_batcher) {  // a batcher applied it already
      AslError err;
      if (!SelectItem(s, item, parent.child_index, ScopeFor(&parent.effective), &child.input,
                      &err)) {
        state_.current = parent_index;
        StopContainer(parent_index);
        err = WithStatePrefix(std::move(err));
        // The map run fails with the state; AWS records no MapRunFailed for it (localstack
        // test_base_scenarios, item selector failures), so only the engine hears of it.
        if (s.distributed)
          NoteMapRunEnded(state_.frames[parent_index], MapRunEvent::Kind::kFailed, err);
        Emit("MapStateFailed", nullptr, Object());
        FailState(state_.frames[parent_index], std::move(err));
        return;
      }
    } else {
      child.input = std::move(item);  // the item is not needed once its iteration starts
    }
    child.scope = s.iterator;
    child.detached = parent.detached || s.distributed;
    // Follows the event before it in the history: the last event of the iteration that ended or
    // blocked before this one starts (AWS recordings of Pass-only maps).
    if (!s.distributed) {
      Emit("MapIterationStarted", "mapIterationStartedEventDetails",
           recording() ? Object{{"name", s.name}, {"index", parent.child_index}} : Object());
    }
  }
  child.state = machine_->scopes[child.scope].start_at;
  if (s.distributed && options_.map_runs)
    DeferChildExecution(parent, s, &child);
  ++parent.child_index;
  SkipSucceeded(parent);
  ++parent.active;
  state_.frames.push_back(std::move(child));
  state_.current = static_cast<int>(state_.frames.size()) - 1;
}

void Execution::ChildSucceeded(Value output) {
  int child = static_cast<int>(bound_frame_);
  int parent_index = state_.frames[child].parent;
  int64_t item_index = state_.frames[child].item_index;
  RemoveFrame(child);
  Bind(parent_index);
  Frame& parent = state_.frames[parent_index];
  const State& s = StateOf(parent);
  --parent.active;
  if (s.type == StateType::kMap && !s.distributed) {
    // The next iteration follows the last state event; only the map's end joins this one.
    parent.link_event_id =
        EmitAside("MapIterationSucceeded", "mapIterationSucceededEventDetails",
                  recording() ? Object{{"name", s.name}, {"index", item_index}} : Object());
  }
  StoreResult(&parent, item_index, std::move(output));
  MarkSucceeded(&parent, item_index);
  ContinueContainer(parent_index);
}

void Execution::ChildFailed(AslError err) {
  int child = static_cast<int>(bound_frame_);
  int parent_index = state_.frames[child].parent;
  int64_t item_index = state_.frames[child].item_index;
  RemoveFrame(child);
  Bind(parent_index);
  state_.current = parent_index;
  Frame& parent = state_.frames[parent_index];
  const State& s = StateOf(parent);
  --parent.active;
  bool within = false;
  // A distributed map always has a threshold: "The default percentage value is zero, which means
  // that the workflow fails if any one of its child workflow executions fails" (developer guide,
  // "Tolerated failure threshold for Distributed Map state").
  if (s.type == StateType::kMap && (s.distributed || s.tolerated_failure_count.present() ||
                                    s.tolerated_failure_percentage.present())) {
    ++parent.failures;
    double total = static_cast<double>(parent.items.size());
    within = parent.failures <= parent.tolerated_count ||
             (total > 0 && parent.failures * 100.0 / total <= parent.tolerated_percentage);
    if (!within) {
      err = AslError{std::string(errors::kExceedToleratedFailureThreshold),
                     "The specified tolerated failure threshold was exceeded"};
    }
  }
  if (!within)
    StopContainer(parent_index);  // its MapIterationAborted events come before this failure
  if (s.type == StateType::kMap && !s.distributed) {
    EmitAside("MapIterationFailed", "mapIterationFailedEventDetails",
              recording() ? Object{{"name", s.name}, {"index", item_index}} : Object());
  }
  Frame& p = state_.frames[parent_index];
  if (within) {
    Object error_output{{"Error", err.error}};
    if (!err.cause.empty())
      error_output["Cause"] = err.cause;
    StoreResult(&p, item_index, std::move(error_output));
    ContinueContainer(parent_index);
    return;
  }
  if (s.distributed)
    EmitMapRunFailed(p, err);
  FailContainer(p, std::move(err));
}

// AWS records no MapStateFailed/ParallelStateFailed before a retry, only when the state is done
// (caught or failed); localstack test_base_scenarios.snapshot.json, test_map_state_retry.
void Execution::FailContainer(Frame& f, AslError err) {
  if (TryRetry(f, err))
    return;
  Emit(StateOf(f).type == StateType::kMap ? "MapStateFailed" : "ParallelStateFailed", nullptr,
       Object());
  if (TryCatch(f, err))
    return;
  FailFrame(std::move(err));
}

// The children still running when the container fails stop at once, with everything under them.
// No AWS recording of this is public (LocalStack's snapshots have none), so this follows the
// event types AWS documents: a MapIterationAborted for each stopped (inline) Map iteration, linked
// to the failing strand's last event, and no events for stopped Parallel branches.
void Execution::StopContainer(int index) {
  size_t n = state_.frames.size();
  std::vector<bool> under(n, false);
  for (size_t i = index + 1; i < n; ++i) {
    int p = state_.frames[i].parent;
    under[i] = p == index || (p > index && under[p]);
    const Frame& f = state_.frames[i];
    const State& container = StateOf(state_.frames[p]);
    if (under[i] && container.type == StateType::kMap && !f.detached) {
      EmitAside("MapIterationAborted", "mapIterationAbortedEventDetails",
                recording() ? Object{{"name", container.name}, {"index", f.item_index}} : Object());
    }
  }
  std::vector<int> remap(n, -1);
  size_t kept = 0;
  for (size_t i = 0; i < n; ++i) {
    if (under[i])
      continue;
    remap[i] = static_cast<int>(kept);
    if (kept != i)
      state_.frames[kept] = std::move(state_.frames[i]);
    Frame& f = state_.frames[kept++];
    if (f.parent >= 0)
      f.parent = remap[f.parent];
  }
  state_.frames.resize(kept);
  state_.current = state_.current >= 0 ? remap[state_.current] : -1;
  // The results of the children that succeeded stay, for a redrive; a retry or a catch drops
  // them.
  Frame& c = state_.frames[index];
  c.active = 0;
  c.items.clear();
  c.phase = FramePhase::kEnter;
}

void Execution::SkipSucceeded(Frame& f) {
  const std::vector<int64_t>& done = f.succeeded;
  while (std::binary_search(done.begin(), done.end(), f.child_index))
    ++f.child_index;
}

void Execution::ForgetChildren(Frame& f) {
  f.results.clear();
  f.succeeded.clear();
  f.redriven = false;
  f.map_run_arn.clear();
  f.map_run_redrives = 0;
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
    NoteMapRunEnded(f, MapRunEvent::Kind::kSucceeded);
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
  ForgetChildren(f);
  f.items.clear();
  f.active = 0;
  f.effective = nullptr;
  f.phase = FramePhase::kEnter;
  FinishWithResult(f, std::move(results));
}

}  // namespace stepshift::asl
