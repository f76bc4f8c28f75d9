#include "asl/payload.h"

#include <algorithm>
#include <cstdint>
#include <numeric>

#include "asl/template_tree.h"

namespace stepshift::asl {

namespace {

// Java's String.hashCode(): 31-polynomial over the UTF-16 code units of `utf8`.
uint32_t JavaStringHash(std::string_view utf8) {
  uint32_t h = 0;
  auto add = [&h](uint32_t unit) { h = 31 * h + unit; };
  for (size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    uint32_t cp = extra == 0 ? c : c & (0x3F >> extra);
    for (int k = 1; k <= extra && i + k < utf8.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    i += extra + 1;
    if (cp >= 0x10000) {
      add(0xD800 + ((cp - 0x10000) >> 10));
      add(0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      add(cp);
    }
  }
  return h;
}

// The order in which a java.util.HashMap that had `keys` put into it (in that order) iterates
// them: by bucket, ties in insertion order. The table starts at 16 buckets and doubles while
// the entries exceed 3/4 of it.
std::vector<size_t> JavaHashMapOrder(const std::vector<std::string>& keys) {
  uint32_t buckets = 16;
  while (keys.size() * 4 > buckets * 3)
    buckets *= 2;
  std::vector<uint32_t> bucket(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    uint32_t h = JavaStringHash(keys[i]);
    bucket[i] = (h ^ (h >> 16)) & (buckets - 1);
  }
  std::vector<size_t> order(keys.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&bucket](size_t a, size_t b) { return bucket[a] < bucket[b]; });
  return order;
}

}  // namespace

bool DynamicValue::Compile(const std::string& key, const std::string& text,
                           const std::string& location, std::vector<Diagnostic>* diags) {
  field = key;
  if (LooksLikeIntrinsic(text)) {
    auto parsed = ParseIntrinsic(text);
    if (parsed.ok()) {
      is_intrinsic = true;
      call = *parsed;
      return true;
    }
  } else if (!text.empty() && text[0] == '$') {
    auto parsed = JsonPath::Parse(text);
    if (parsed.ok()) {
      path = std::move(*parsed);
      return true;
    }
  }
  diags->push_back({"ERROR", codes::kSchema,
                    "The value for the field '" + key +
                        "' must be a valid JSONPath or a valid intrinsic function call",
                    location});
  return false;
}

bool DynamicValue::Evaluate(const EvalScope& scope, Value* out, AslError* err) const {
  if (is_intrinsic)
    return EvaluateIntrinsic(*call, scope, out, err);
  if (EvaluatePath(path, scope, out))
    return true;
  const Value* root = ResolveRoot(path, scope);
  *err = RuntimeError("The JSONPath '" + path.text() + "' specified for the field '" + field +
                      "' could not be found in the input '" +
                      (root ? ToJson(*root) : std::string("null")) + "'");
  return false;
}

PayloadTemplate PayloadTemplate::Compile(const Value& tmpl, const std::string& location,
                                         std::vector<Diagnostic>* diags) {
  PayloadTemplate t;
  t.root_ = std::make_shared<Node>(CompileNode(tmpl, location, diags));
  return t;
}

PayloadTemplate::Node PayloadTemplate::CompileNode(const Value& v, const std::string& location,
                                                   std::vector<Diagnostic>* diags) {
  Node n;
  bool dynamic = false;
  if (const Object* obj = v.if_object()) {
    n.kind = Node::Kind::kObject;
    std::vector<std::string> dyn_keys;
    std::vector<Node> dyn_children;
    for (const auto& kv : *obj) {
      std::string key(kv.key());
      std::string loc = location + "/" + key;
      if (key.size() > 2 && key.compare(key.size() - 2, 2, ".$") == 0) {
        Node d;
        d.kind = Node::Kind::kDynamic;
        if (!kv.value().is_string()) {
          diags->push_back({"ERROR", codes::kSchema,
                            "The value for the field '" + key +
                                "' must be a valid JSONPath or a valid intrinsic function call",
                            loc});
        } else {
          d.dynamic.Compile(key, std::string(kv.value().get_string()), loc, diags);
        }
        dyn_keys.push_back(key.substr(0, key.size() - 2));
        dyn_children.push_back(std::move(d));
        dynamic = true;
      } else {
        Node child = CompileNode(kv.value(), loc, diags);
        dynamic = dynamic || child.kind != Node::Kind::kLiteral;
        n.keys.push_back(std::move(key));
        n.children.push_back(std::move(child));
      }
    }
    // AWS emits the plain fields first, in template order, then the `.$` fields in the
    // iteration order of a Java HashMap keyed by their names (recorded in localstack
    // base/test_base.snapshot.json test_query_context_object_values and
    // assign/test_assign_reference_variables.snapshot.json BASE_REFERENCE_IN_LAMBDA_TASK_FIELDS,
    // BASE_REFERENCE_IN_INTRINSIC_FUNCTION). History payloads are compared byte for byte.
    for (size_t i : JavaHashMapOrder(dyn_keys)) {
      n.keys.push_back(std::move(dyn_keys[i]));
      n.children.push_back(std::move(dyn_children[i]));
    }
  } else if (const Array* arr = v.if_array()) {
    n.kind = Node::Kind::kArray;
    for (size_t i = 0; i < arr->size(); ++i) {
      Node child = CompileNode((*arr)[i], location + "[" + std::to_string(i) + "]", diags);
      dynamic = dynamic || child.kind != Node::Kind::kLiteral;
      n.children.push_back(std::move(child));
    }
  }
  if (!dynamic) {
    // A constant subtree is stored whole and copied at evaluation time.
    Node lit;
    lit.literal = v;
    return lit;
  }
  return n;
}

bool PayloadTemplate::Evaluate(const EvalScope& scope, Value* out, AslError* err) const {
  if (root_ == nullptr) {
    *out = *scope.input;
    return true;
  }
  auto dynamic = [&scope](const Node& n, Value* v, AslError* e) {
    return n.dynamic.Evaluate(scope, v, e);
  };
  return internal::BuildFromTemplate(*root_, dynamic, out, err);
}

}  // namespace stepshift::asl
