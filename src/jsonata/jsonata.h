// JSONata 2.x (https://jsonata.org), implemented after the reference implementation jsonata-js
// 2.2 (MIT licence), whose test suite it passes: the language, the whole standard library, its
// error codes and messages. A library of its own: it depends on the C++ standard library and PCRE2
// only, and on nothing else in stepshift.
//
//   jsonata::Error err;
//   auto expr = jsonata::Expression::Compile("Account.Order.Product[Price > 30].SKU", &err);
//   jsonata::Value doc, out;
//   jsonata::ParseJson(text, &doc, &why);
//   if (!expr->Evaluate(doc, {}, &out, &err)) ... err.code, err.message
//
// Compile once, evaluate many times: a compiled Expression is immutable and may be evaluated from
// several threads at once. Runaway evaluations stop with JSONata's own errors: D1011 when the
// native stack budget or `max_depth` is exceeded, D1012 after `timeout`.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jsonata/errors.h"
#include "jsonata/json.h"
#include "jsonata/value.h"

namespace stepshift::jsonata {

namespace internal {
struct Ast;
}

// A function the host provides ($partition, $uuid, ...). It receives the arguments as the
// signature validated them and returns false with *error filled (code and message; the code is
// the host's own) to fail the evaluation.
struct HostFunction {
  std::string name;
  std::string signature;  // "<a<j>n:a>"; empty for none
  int arity = 0;          // what higher-order functions pass it
  std::function<bool(std::vector<Value>& args, Value* result, Error* error)> call;
};

// Makes a function value from a host function, to be bound as a variable.
Value MakeFunction(HostFunction f);

// Variables an evaluation starts with ($name), possibly shadowing built-in functions.
class Bindings {
 public:
  void Set(std::string name, Value value);

  const std::vector<std::pair<std::string, Value>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::string, Value>> entries_;
};

struct EvalOptions {
  // jsonata-js's `stack` option: the deepest nesting of evaluation steps; 0 leaves only the native
  // stack budget (which fails with the same D1011).
  int max_depth = 0;
  // jsonata-js's `timeout` option (D1012); 0 for none.
  std::chrono::milliseconds timeout{0};
  // What $now() and $millis() report; unset, the wall clock when the evaluation starts.
  std::optional<int64_t> now_millis;
  const Bindings* bindings = nullptr;
};

class Expression {
 public:
  // Compiles `text`. Returns nullptr and fills *error (S0xxx with its position) on a syntax error.
  static std::shared_ptr<const Expression> Compile(std::string_view text, Error* error);

  // Evaluates against `input` (undefined for none). Returns false and fills *error on failure.
  // A function value in the result keeps no variables: its closure is released with the
  // evaluation.
  bool Evaluate(const Value& input, const EvalOptions& options, Value* result, Error* error) const;

  const std::string& text() const { return text_; }

  // What the expression refers to, for hosts that validate or bind lazily (found once, at
  // compile time):
  // - every variable name it reads ($name), lambdas included;
  const std::vector<std::string>& variables() const { return refs_.variables; }

  // - for `var`, the field names read directly off it ($var.field) when that is the only way it
  //   is read; false when the variable is used whole (or not at all);
  bool VariableFields(std::string_view var, std::vector<std::string>* fields) const;

  // - the names read from the input document at the top level of the expression (`total` in
  //   `total + 1`, not in `$x[total > 1]`), with "$" for the context item and "$$" for the root.
  const std::vector<std::string>& context_references() const { return refs_.context; }

  struct References {
    std::vector<std::string> variables;
    std::vector<std::pair<std::string, std::vector<std::string>>> fields;  // per variable
    std::vector<std::string> whole;  // variables read other than as $var.field
    std::vector<std::string> context;
  };

  Expression(std::string text, std::shared_ptr<const internal::Ast> ast);

 private:
  std::string text_;
  std::shared_ptr<const internal::Ast> ast_;
  References refs_;
};

}  // namespace stepshift::jsonata
