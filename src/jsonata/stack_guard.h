// Bounds the native stack that JSONata's recursive parts (parser, evaluator, JSON writer, deep
// equality) may use, so a deeply nested expression or document fails with D1011 ("Stack
// overflow") instead of crashing the process. The budget is the stack this thread has left below
// the outermost library call, less a safety margin, so it holds on any thread and whatever the
// frame sizes (sanitizer builds included).
#pragma once

#include <cstddef>

namespace stepshift::jsonata::internal {

// Marks the outermost library call on this thread; nested scopes keep the first one's budget.
class StackScope {
 public:
  StackScope();
  ~StackScope();
  StackScope(const StackScope&) = delete;
  StackScope& operator=(const StackScope&) = delete;

 private:
  bool outermost_ = false;
};

// Throws Failure D1011 when the stack below the outermost StackScope exceeds its budget.
void CheckStack();

}  // namespace stepshift::jsonata::internal
