#include "asl/jsonata_template.h"

#include <algorithm>
#include <chrono>

#include "asl/jsonata_bridge.h"
#include "asl/template_tree.h"

namespace stepshift::asl {

namespace {

// AWS's bounds on one evaluation: 100 levels of nesting (the reference's depth guard with
// Step Functions' ceiling) and five seconds.
constexpr int kMaxDepth = 100;
constexpr std::chrono::milliseconds kTimeout{5000};

enum StatesField { kInput, kResult, kErrorOutput, kContext };

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos)
    return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

struct JsonataTemplate::Node {
  enum class Kind { kLiteral, kObject, kArray, kExpression } kind = Kind::kLiteral;
  Value literal;
  std::vector<std::string> keys;  // kObject, parallel to children
  std::vector<Node> children;     // kObject values, kArray items
  std::shared_ptr<const jsonata::Expression> expr;
  std::string text;   // the expression, as causes quote it
  std::string field;  // "Output/v", "Arguments/items[0]"
};

namespace {

using Node = JsonataTemplate::Node;

void CheckReferences(const jsonata::Expression& expr, const std::string& location,
                     JsonataRules rules, std::vector<Diagnostic>* diags) {
  auto unsupported = [&](std::string message) {
    diags->push_back({"ERROR", codes::kUnsupportedJsonata, std::move(message), location});
  };
  for (const std::string& name : expr.context_references()) {
    if (name == "$$")
      unsupported("Reference to '$$' is not supported.");
    else
      unsupported("Reference to '" + name + "' at the top level is not supported.");
  }
  std::vector<std::string> fields;
  if (!expr.VariableFields("states", &fields))
    return;
  if (Contains(fields, "result") && !rules.result)
    unsupported("Field '$states.result' does not exist.");
  if (Contains(fields, "errorOutput") && !rules.error_output)
    unsupported("Field '$states.errorOutput' does not exist.");
}

Node CompileNode(const Value& v, const std::string& location, const std::string& field,
                 JsonataRules rules, std::vector<Diagnostic>* diags) {
  Node n;
  if (v.is_string() && JsonataTemplate::IsExpression(v.get_string())) {
    std::string_view s = v.get_string();
    std::string_view inner = s.substr(2, s.size() - 4);
    n.kind = Node::Kind::kExpression;
    n.text = Trim(inner);
    n.field = field;
    jsonata::Error err;
    n.expr = jsonata::Expression::Compile(inner, &err);
    if (n.expr == nullptr) {
      diags->push_back({"ERROR", codes::kInvalidJsonata, err.message, location, err.position});
    } else {
      CheckReferences(*n.expr, location, rules, diags);
    }
    return n;
  }
  bool dynamic = false;
  if (const Object* obj = v.if_object()) {
    n.kind = Node::Kind::kObject;
    for (const auto& kv : *obj) {
      std::string key(kv.key());
      Node child = CompileNode(kv.value(), location + "/" + key, field + "/" + key, rules, diags);
      dynamic = dynamic || child.kind != Node::Kind::kLiteral;
      n.keys.push_back(std::move(key));
      n.children.push_back(std::move(child));
    }
  } else if (const Array* arr = v.if_array()) {
    n.kind = Node::Kind::kArray;
    for (size_t i = 0; i < arr->size(); ++i) {
      std::string idx = "[" + std::to_string(i) + "]";
      Node child = CompileNode((*arr)[i], location + idx, field + idx, rules, diags);
      dynamic = dynamic || child.kind != Node::Kind::kLiteral;
      n.children.push_back(std::move(child));
    }
  }
  if (!dynamic) {
    Node lit;
    lit.literal = v;  // a constant subtree is copied whole when evaluated
    return lit;
  }
  return n;
}

std::string Sentence(const Node& n) {
  return "The JSONata expression '" + n.text + "' specified for the field '" + n.field + "'";
}

// AWS's cause for an expression that threw: a JSONata error's code and message after a full
// stop, a bound the evaluation ran into after a colon.
std::string ThrownCause(const Node& n, const jsonata::Error& e) {
  std::string head = Sentence(n) + " threw an error during evaluation";
  if (e.code == "D1011") {
    return head + ": Stack overflow error: Check for non-terminating recursive function.  " +
           "Consider rewriting as tail-recursive. Depth=" + std::to_string(kMaxDepth + 1) +
           " max=" + std::to_string(kMaxDepth);
  }
  if (e.code == "D1012")
    return head + ": Expression evaluation timeout: Check for infinite loop";
  if (e.code.empty())
    return head + ": " + e.message;
  return head + ". " + e.code + ": " + e.message;
}

AslError QueryError(const Node& n, std::string cause) {
  return AslError{std::string(errors::kQueryEvaluationError), std::move(cause), n.field};
}

bool EvalExpression(const Node& n, JsonataScope& scope, Value* out, AslError* err) {
  if (n.expr == nullptr) {
    *err = QueryError(n, Sentence(n) + " could not be compiled.");
    return false;
  }
  jsonata::Bindings bindings;
  scope.Bind(*n.expr, &bindings);
  jsonata::EvalOptions options;
  options.max_depth = kMaxDepth;
  options.timeout = kTimeout;
  options.now_millis = scope.env()->NowMillis();
  options.bindings = &bindings;
  EvalEnv* env = scope.env();
  AwsFunctionSources sources{[env] { return env->NewUuid(); }, [env] { return env->NextRandom(); }};
  AwsFunctionScope functions(&sources);
  jsonata::Value result;
  jsonata::Error e;
  if (!n.expr->Evaluate(jsonata::Value(), options, &result, &e)) {
    *err = QueryError(n, ThrownCause(n, e));
    return false;
  }
  if (result.is_undefined()) {
    *err = QueryError(n, Sentence(n) + " returned nothing (undefined).");
    return false;
  }
  std::string what;
  if (!FromJsonata(result, out, &what)) {
    *err = QueryError(n, Sentence(n) + " returned an unsupported result type.");
    return false;
  }
  return true;
}

}  // namespace

const jsonata::Value& JsonataScope::Converted(int field) {
  auto& slot = converted_[field];
  if (!slot) {
    switch (field) {
      case kInput:
        slot = ToJsonata(*input_);
        break;
      case kResult:
        slot = ToJsonata(*result_);
        break;
      case kErrorOutput:
        slot = ToJsonata(*error_output_);
        break;
      default:
        slot = ToJsonata(env_->Context());
    }
  }
  return *slot;
}

void JsonataScope::Bind(const jsonata::Expression& expr, jsonata::Bindings* bindings) {
  BindAwsFunctions(bindings);
  const auto& vars = expr.variables();
  if (Contains(vars, "states")) {
    std::vector<std::string> fields;
    bool some = expr.VariableFields("states", &fields);
    auto wanted = [&](const char* name) { return !some || Contains(fields, name); };
    jsonata::Value states = jsonata::Value::NewObject();
    auto& obj = states.obj();
    if (input_ != nullptr && wanted("input"))
      obj.Set("input", Converted(kInput));
    if (result_ != nullptr && wanted("result"))
      obj.Set("result", Converted(kResult));
    if (error_output_ != nullptr && wanted("errorOutput"))
      obj.Set("errorOutput", Converted(kErrorOutput));
    if (wanted("context"))
      obj.Set("context", Converted(kContext));
    bindings->Set("states", std::move(states));
  }
  for (const std::string& name : vars) {
    if (name == "states")
      continue;
    if (const Value* v = env_->Variable(name))
      bindings->Set(name, ToJsonata(*v));
  }
}

JsonataTemplate JsonataTemplate::Compile(const Value& tmpl, const std::string& location,
                                         const std::string& field, JsonataRules rules,
                                         std::vector<Diagnostic>* diags) {
  JsonataTemplate t;
  t.root_ = std::make_shared<Node>(CompileNode(tmpl, location, field, rules, diags));
  t.field_ = field;
  return t;
}

bool JsonataTemplate::Evaluate(JsonataScope& scope, Value* out, AslError* err) const {
  auto expression = [&scope](const Node& n, Value* v, AslError* e) {
    return EvalExpression(n, scope, v, e);
  };
  return internal::BuildFromTemplate(*root_, expression, out, err);
}

bool JsonataTemplate::is_expression() const {
  return root_ != nullptr && root_->kind == Node::Kind::kExpression;
}

const std::string& JsonataTemplate::expression_text() const {
  return root_->text;
}

bool JsonataTemplate::IsExpression(std::string_view s) {
  return s.size() >= 4 && s.substr(0, 2) == "{%" && s.substr(s.size() - 2) == "%}";
}

const char* JsonataTypeName(const Value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return "null";
    case boost::json::kind::bool_:
      return "boolean";
    case boost::json::kind::string:
      return "string";
    case boost::json::kind::array:
      return "array";
    case boost::json::kind::object:
      return "object";
    default:
      return "number";
  }
}

AslError UnexpectedType(const JsonataTemplate& t, const char* want, const Value& got) {
  std::string cause = "The JSONata expression '" + t.expression_text() +
                      "' specified for the field '" + t.field() +
                      "' returned an unexpected result type. Expected '" + want + "', but was '" +
                      JsonataTypeName(got) + "' for value: " + ToJson(got);
  return AslError{std::string(errors::kQueryEvaluationError), std::move(cause), t.field()};
}

}  // namespace stepshift::asl
