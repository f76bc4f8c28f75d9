// The JSON of a compiled payload template (Parameters' "key.$" fields, JSONata's "{% %}"
// strings): literals as written, arrays and objects rebuilt from their children, and every other
// node evaluated by the template's own language.
#pragma once

#include <utility>

#include "asl/errors.h"
#include "asl/json_util.h"

namespace stepshift::asl::internal {

// NodeT has `kind` (its Kind with kLiteral, kArray and kObject), `literal`, `children` and, for
// objects, `keys` parallel to the children. `leaf(node, out, err)` evaluates the other kinds.
// Returns false with *err as soon as a leaf fails.
template <typename NodeT, typename Leaf>
bool BuildFromTemplate(const NodeT& n, const Leaf& leaf, Value* out, AslError* err) {
  using Kind = typename NodeT::Kind;
  if (n.kind == Kind::kLiteral) {
    *out = n.literal;
    return true;
  }
  if (n.kind == Kind::kArray) {
    Array arr;
    arr.reserve(n.children.size());
    for (const NodeT& c : n.children) {
      Value v;
      if (!BuildFromTemplate(c, leaf, &v, err))
        return false;
      arr.push_back(std::move(v));
    }
    *out = std::move(arr);
    return true;
  }
  if (n.kind == Kind::kObject) {
    Object obj;
    obj.reserve(n.children.size());
    for (size_t i = 0; i < n.children.size(); ++i) {
      Value v;
      if (!BuildFromTemplate(n.children[i], leaf, &v, err))
        return false;
      obj.insert_or_assign(n.keys[i], std::move(v));
    }
    *out = std::move(obj);
    return true;
  }
  return leaf(n, out, err);
}

}  // namespace stepshift::asl::internal
