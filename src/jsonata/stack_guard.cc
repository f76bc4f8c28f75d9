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

struct StackBounds {
  uintptr_t bottom = 0;
  uintptr_t top = 0;  // 0 when unknown
};

// This thread's stack, measured once: for the main thread glibc reads /proc/self/maps to answer,
// which costs more than evaluating a small expression.
const StackBounds& ThisStack() {
  thread_local const StackBounds bounds = [] {
    StackBounds b;
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0)
      return b;
    void* low = nullptr;
    size_t size = 0;
    if (pthread_attr_getstack(&attr, &low, &size) == 0) {
      b.bottom = reinterpret_cast<uintptr_t>(low);
      b.top = b.bottom + size;
    }
    pthread_attr_destroy(&attr);
    return b;
  }();
  return bounds;
}

// The bytes of stack below `from` on this thread, or 0 when unknown.
size_t StackLeft(uintptr_t from) {
  const StackBounds& stack = ThisStack();
  if (stack.top == 0 || from <= stack.bottom || from > stack.top)
    return 0;
  return from - stack.bottom;
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
