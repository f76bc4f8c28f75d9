// Payload templates (Parameters, ResultSelector, ItemSelector, Assign, Credentials): compiled once
// into a tree whose constant parts are copied and whose `key.$` fields are precompiled paths or
// intrinsic calls.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "asl/diagnostic.h"
#include "asl/errors.h"
#include "asl/eval_env.h"
#include "asl/intrinsics.h"
#include "asl/path.h"

namespace stepshift::asl {

// A value that is computed from a `.$` string: a path, a context path, a variable or an
// intrinsic call.
struct DynamicValue {
  std::string field;  // the template key as written ("x.$"), quoted in error causes
  bool is_intrinsic = false;
  JsonPath path;
  std::shared_ptr<const IntrinsicCall> call;

  // Compiles `text` for `field`; adds a SCHEMA_VALIDATION_FAILED diagnostic at `location` and
  // returns false when it is neither a path nor an intrinsic.
  bool Compile(const std::string& field, const std::string& text, const std::string& location,
               std::vector<Diagnostic>* diags);
  bool Evaluate(const EvalScope& scope, Value* out, AslError* err) const;
};

class PayloadTemplate {
 public:
  PayloadTemplate() = default;
  // Compiles `tmpl`; problems are appended to *diags with locations under `location`.
  static PayloadTemplate Compile(const Value& tmpl, const std::string& location,
                                 std::vector<Diagnostic>* diags);

  bool Evaluate(const EvalScope& scope, Value* out, AslError* err) const;

  bool empty() const { return root_ == nullptr; }

 private:
  struct Node {
    enum class Kind { kLiteral, kObject, kArray, kDynamic } kind = Kind::kLiteral;
    Value literal;
    std::vector<std::string> keys;  // kObject: keys without ".$", parallel to children
    std::vector<Node> children;     // kObject values or kArray elements
    DynamicValue dynamic;
  };

  static Node CompileNode(const Value& v, const std::string& location,
                          std::vector<Diagnostic>* diags);

  std::shared_ptr<const Node> root_;
};

}  // namespace stepshift::asl
