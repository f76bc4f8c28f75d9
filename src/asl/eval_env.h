// What a path, payload template, intrinsic or Choice rule can see while it is evaluated: the
// state's data (`$`), the context object (`$$`), workflow variables (`$name`) and the sources of
// randomness. The executor implements EvalEnv; tests use a small fake.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "asl/json_util.h"
#include "asl/path.h"

namespace stepshift::asl {

class EvalEnv {
 public:
  virtual ~EvalEnv() = default;
  // The context object; built on first use.
  virtual const Value& Context() = 0;
  // A workflow variable, or nullptr when it is not set.
  virtual const Value* Variable(std::string_view name) = 0;
  virtual std::string NewUuid() = 0;
  // Uniform 64-bit random numbers (States.MathRandom without a seed).
  virtual uint64_t NextRandom() = 0;

  // The current time in epoch milliseconds, as JSONata's $now() and $millis() report it.
  virtual int64_t NowMillis() { return 0; }
};

struct EvalScope {
  const Value* input = nullptr;  // what `$` denotes
  EvalEnv* env = nullptr;
};

// The value a path's root denotes in `scope`, or nullptr for an unset variable.
inline const Value* ResolveRoot(const JsonPath& path, const EvalScope& scope) {
  switch (path.root()) {
    case PathRoot::kInput:
      return scope.input;
    case PathRoot::kContext:
      return &scope.env->Context();
    case PathRoot::kVariable:
      return scope.env->Variable(path.variable());
  }
  return nullptr;
}

// REQUIRES: path.definite(). The node a reference path selects from its root in `scope` (the
// state's data, the context object or a variable), or nullptr when absent.
inline const Value* FindPath(const JsonPath& path, const EvalScope& scope) {
  const Value* root = ResolveRoot(path, scope);
  return root == nullptr ? nullptr : path.Find(*root);
}

// AWS's "Invalid path '<text>' : <reason>" text for a path that selects nothing in `root` (its
// root's value, or nullptr for an unset variable); the reason comes from Jayway, see
// JsonPath::NotFoundReason.
inline std::string InvalidPathMessage(const JsonPath& path, const Value* root) {
  std::string reason = root != nullptr && path.definite()
                           ? path.NotFoundReason(*root)
                           : "No results for path: " + path.Normalized();
  return "Invalid path '" + path.text() + "' : " + reason;
}

inline std::string InvalidPathMessage(const JsonPath& path, const EvalScope& scope) {
  return InvalidPathMessage(path, ResolveRoot(path, scope));
}

// Evaluates a path against its root in `scope`. False when a definite path selects nothing.
inline bool EvaluatePath(const JsonPath& path, const EvalScope& scope, Value* out) {
  const Value* root = ResolveRoot(path, scope);
  if (root == nullptr)
    return false;
  return path.Evaluate(*root, out);
}

}  // namespace stepshift::asl
