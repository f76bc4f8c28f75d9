// Scheduling of strands: Parallel branches and Map iterations are leaf frames that run until they
// block; these pick the one to wake next and hand the turn on when one blocks or ends.
#include "asl/executor.h"

namespace stepshift::asl {

int Execution::EarliestWake() const {
  int best = -1;
  for (int i = 0; i < static_cast<int>(state_.frames.size()); ++i) {
    const Frame& f = state_.frames[i];
    if (!Sleeping(f))
      continue;
    if (best < 0 || f.wake_time < state_.frames[best].wake_time ||
        (f.wake_time == state_.frames[best].wake_time && TreeBefore(i, best))) {
      best = i;
    }
  }
  return best;
}

// Tree order: by branch/item index from the root down. Frames are stored in start order, which
// differs when an earlier iteration started nested children after a later sibling started.
bool Execution::TreeBefore(int a, int b) const {
  auto parent = [this](int i) { return state_.frames[i].parent; };
  auto depth = [&](int i) {
    int d = 0;
    for (; parent(i) >= 0; i = parent(i))
      ++d;
    return d;
  };
  int da = depth(a);
  int db = depth(b);
  int x = a;
  int y = b;
  for (int d = da; d > db; --d)
    x = parent(x);
  for (int d = db; d > da; --d)
    y = parent(y);
  if (x == y)
    return da < db;  // an ancestor before its descendants
  while (parent(x) != parent(y)) {
    x = parent(x);
    y = parent(y);
  }
  return state_.frames[x].item_index < state_.frames[y].item_index;
}

void Execution::Block(int index) {
  state_.frames[index].last_event_id = state_.last_event_id;
  Yield(index);
}

void Execution::Yield(int index) {
  for (int p = state_.frames[index].parent; p >= 0; p = state_.frames[p].parent) {
    if (CanStartChild(state_.frames[p])) {
      StartChild(p);
      return;
    }
  }
  state_.current = -1;
}

void Execution::RemoveFrame(int index) {
  state_.frames.erase(state_.frames.begin() + index);
  for (size_t i = index; i < state_.frames.size(); ++i) {
    if (state_.frames[i].parent > index)
      --state_.frames[i].parent;
  }
  if (state_.current == index) {
    state_.current = -1;
  } else if (state_.current > index) {
    --state_.current;
  }
  if (bound_frame_ > static_cast<size_t>(index))
    --bound_frame_;
}

}  // namespace stepshift::asl
