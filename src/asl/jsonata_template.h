// The fields of JSONata states (Arguments, Output, Assign, Items, Condition, Seconds, ...):
// JSON in which every string of the exact form "{% expression %}" is a JSONata expression,
// compiled once when the definition is parsed. Evaluating one gives the field's JSON value, or
// States.QueryEvaluationError with AWS's cause naming the expression and the field.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asl/diagnostic.h"
#include "asl/errors.h"
#include "asl/eval_env.h"
#include "asl/json_util.h"
#include "jsonata/jsonata.h"

namespace stepshift::asl {

// What expressions of a JSONata state see: $states (input, result, errorOutput, context) and the
// workflow variables. Conversions to JSONata values are made on first use and shared by the
// state's expressions.
class JsonataScope {
 public:
  JsonataScope(const Value* input, EvalEnv* env) : input_(input), env_(env) {}

  void set_result(const Value* result) { result_ = result; }

  void set_error_output(const Value* error_output) { error_output_ = error_output; }

  // The bindings an expression needs: $states with the fields it reads, its variables, and
  // Step Functions' functions.
  void Bind(const jsonata::Expression& expr, jsonata::Bindings* bindings);

  EvalEnv* env() const { return env_; }

 private:
  const jsonata::Value& Converted(int field);

  const Value* input_;
  const Value* result_ = nullptr;
  const Value* error_output_ = nullptr;
  EvalEnv* env_;
  std::optional<jsonata::Value> converted_[4];  // input, result, errorOutput, context
};

// Which $states fields a field's expressions may read (others fail validation).
struct JsonataRules {
  bool result = false;        // a Task/Map/Parallel's own Output and Assign
  bool error_output = false;  // a catcher's Output and Assign
};

class JsonataTemplate {
 public:
  JsonataTemplate() = default;
  // Compiles `tmpl`, the value of the field found at `location` (a JSON pointer, for
  // diagnostics) and named `field` in causes ("Output", "Arguments"). Syntax errors and
  // references AWS refuses are appended to *diags.
  static JsonataTemplate Compile(const Value& tmpl, const std::string& location,
                                 const std::string& field, JsonataRules rules,
                                 std::vector<Diagnostic>* diags);

  // Evaluates; false with *err (States.QueryEvaluationError, err->location = the field) when an
  // expression fails or returns nothing.
  bool Evaluate(JsonataScope& scope, Value* out, AslError* err) const;

  bool empty() const { return root_ == nullptr; }

  // The whole field is one expression (as opposed to JSON holding some).
  bool is_expression() const;
  // The expression text of a whole-field expression, for causes about its result.
  const std::string& expression_text() const;

  const std::string& field() const { return field_; }

  // Whether `s` is a JSONata string ("{%" ... "%}", nothing around them).
  static bool IsExpression(std::string_view s);

  struct Node;  // the compiled form, private to jsonata_template.cc

 private:
  std::shared_ptr<const Node> root_;
  std::string field_;
};

// The cause AWS gives when a field's expression returns a value of the wrong type:
// "The JSONata expression '<expr>' specified for the field '<field>' returned an unexpected
// result type. Expected '<want>', but was '<type>' for value: <json>".
AslError UnexpectedType(const JsonataTemplate& t, const char* want, const Value& got);
// JSONata's name for a JSON value's type: null, boolean, number, string, array, object.
const char* JsonataTypeName(const Value& v);

}  // namespace stepshift::asl
