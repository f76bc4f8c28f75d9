#include "jsonata/stack_guard.h"

#include <pthread.h>

#include <algorithm>
#include <cstdint>

#include "jsonata/errors.h"

namespace stepshift::jsonata::internal {

namespace {

// Left unused below the budget for the frames between checks, library code and signal handlers.
constexpr size_t kMargin = 256 << 10;
// When the thread's stack cannot be measured.
constexpr size_t kFallbackBudget = 1 << 20;

thread_local uintptr_t base = 0;
thread_local size_t budget = 0;

uintptr_t Here() {
  return reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
}

// The bytes of stack below `from` on this thread, or 0 when unknown.
size_t StackLeft(uintptr_t from) {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0)
    return 0;
  void* low = nullptr;
  size_t size = 0;
  int rc = pthread_attr_getstack(&attr, &low, &size);
  pthread_attr_destroy(&attr);
  auto bottom = reinterpret_cast<uintptr_t>(low);
  if (rc != 0 || from <= bottom || from > bottom + size)
    return 0;
  return from - bottom;
}

}  // namespace

StackScope::StackScope() {
  if (base != 0)
    return;
  outermost_ = true;
  base = Here();
  size_t left = StackLeft(base);
  budget = left > 2 * kMargin ? left - kMargin : kFallbackBudget;
}

StackScope::~StackScope() {
  if (outermost_)
    base = 0;
}

void CheckStack() {
  uintptr_t here = Here();
  // Stacks grow down on every platform stepshift builds for.
  if (base != 0 && here < base && base - here > budget)
    Throw(Failure("D1011"));
}

}  // namespace stepshift::jsonata::internal
