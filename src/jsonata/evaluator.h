// The evaluator: jsonata-js's evaluate() and its helpers over the processed syntax tree, one
// Evaluator per evaluation. Variables live in Frames (jsonata-js's createFrame); closures hold
// their frame, so frames are reference counted; cycles (a recursive function bound in the frame it
// closes over) are broken when the evaluation ends.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "jsonata/ast.h"
#include "jsonata/errors.h"
#include "jsonata/regex.h"
#include "jsonata/signature.h"
#include "jsonata/value.h"

namespace stepshift::jsonata::internal {

class Evaluator;
struct Frame;

// A counted reference to a Frame.
class FrameRef {
 public:
  FrameRef() = default;
  explicit FrameRef(Frame* f);  // takes a new reference
  FrameRef(const FrameRef& o);

  FrameRef(FrameRef&& o) noexcept : f_(o.f_) { o.f_ = nullptr; }

  FrameRef& operator=(FrameRef o) noexcept {
    std::swap(f_, o.f_);
    return *this;
  }

  ~FrameRef();

  Frame* get() const { return f_; }

  Frame* operator->() const { return f_; }

 private:
  Frame* f_ = nullptr;
};

struct Frame {
  struct Binding {
    std::string name;
    Value value;
  };

  uint32_t refs = 0;
  FrameRef parent;
  Evaluator* owner = nullptr;  // registry for cycle breaking; null once detached
  size_t registry_slot = 0;
  std::vector<Binding> bindings;

  void Bind(std::string_view name, Value value);
  // The binding in this frame or an enclosing one; nullptr when unbound (built-ins are not here).
  const Value* Find(std::string_view name) const;
};

struct Call;
using BuiltinImpl = Value (*)(Call& call, std::vector<Value>& args);

// A native function: one of JSONata's built-ins or a host function registered by the caller.
struct Builtin {
  std::string name;
  std::shared_ptr<const Signature> signature;
  int arity = 0;       // JavaScript's implementation.length (what HOFs pass)
  std::string params;  // "str,start,length": names for partial application
  BuiltinImpl impl = nullptr;
  std::function<Value(Call&, std::vector<Value>&)> host;
};

// Every function value.
struct FunctionValue : FunctionRep {
  enum class Kind { kBuiltin, kLambda, kRegex, kRegexNext, kTransform };
  Kind kind = Kind::kLambda;

  // kBuiltin (and the native body of a partially applied built-in)
  std::shared_ptr<const Builtin> builtin;
  // kLambda: a lambda or partial application; kTransform: the transform node
  std::shared_ptr<const Ast> ast;   // keeps the nodes alive
  const Node* node = nullptr;       // the lambda (arguments, signature, body) or transform
  std::vector<std::string> params;  // partial applications: the parameters still unbound
  bool partial = false;
  bool thunk = false;
  Value input;
  FrameRef env;
  // kRegex, kRegexNext
  std::shared_ptr<const Regex> regex;
  int position = 0;
  std::string subject;  // kRegexNext: the string being matched, and where to continue
  size_t from = 0;

  int Arity() const;
  const Signature* signature() const;
};

FunctionValue& AsFunction(const Value& v);
bool IsLambda(const Value& v);

// Where a function is invoked from: the name jsonata-js puts in errors' `token` and the position.
struct CallSite {
  std::string token;
  int position = -1;
  bool present = false;
};

// What a native function sees: jsonata-js's `this` (environment, input) and the evaluator.
struct Call {
  Evaluator& ev;
  Frame* env;
  const Value& input;
};

// Looks up a built-in by name; nullptr when there is none.
const Value* FindBuiltin(std::string_view name);

struct EvalLimits {
  int max_depth = 0;                     // 0: only the native stack budget applies
  std::chrono::milliseconds timeout{0};  // 0: none
  size_t max_sequence = 0;               // 0: none (jsonata-js's `sequence` option)
};

class Evaluator {
 public:
  Evaluator(std::shared_ptr<const Ast> ast, EvalLimits limits, int64_t now_millis);
  ~Evaluator();
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  // Evaluates the root of the tree; `input` is the document, `bindings` the initial frame.
  Value Run(const Value& input, FrameRef root_frame);

  FrameRef NewFrame(Frame* parent);
  void Unregister(Frame* f);

  Value Evaluate(const Node* expr, const Value& input, Frame* env);
  // jsonata-js's apply(): validates arguments, runs the function and the tail-call trampoline.
  Value Apply(const Value& proc, std::vector<Value> args, const Value& input, Frame* env,
              const CallSite& site = {});
  // How built-ins invoke function arguments (jsonata-js's wrapped closures): no input.
  Value CallFunction(Call& call, const Value& fn, std::vector<Value> args);

  Value NewSequence() const { return Value::NewSequence(); }

  void CheckSequence(size_t size) const;

  int64_t now_millis() const { return now_millis_; }

  // Seeded on first use: seeding costs more than evaluating many small expressions.
  std::mt19937_64& random() {
    if (!random_)
      random_.emplace(std::random_device{}());
    return *random_;
  }

  const std::shared_ptr<const Ast>& current_ast() const { return current_ast_; }

  // $eval: parses and evaluates `text` in `env`.
  Value EvaluateText(const std::string& text, const Value& input, Frame* env);

 private:
  friend struct EvaluatorAccess;

  void Guardrails();

  Value EvaluatePath(const Node* expr, const Value& input, Frame* env);
  bool SimpleField(const Node* expr, const Value& input, Value* out);
  Value EvaluateStep(const Node* step, const Value& input, Frame* env, bool last);
  Value EvaluateStages(const std::vector<Stage>& stages, Value input, Frame* env);
  Value EvaluateTupleStep(const Node* step, const Value& input, Value tuples, Frame* env);
  Value EvaluateFilter(const Node* predicate, const Value& input, Frame* env);
  Value EvaluateBinary(const Node* expr, const Value& input, Frame* env);
  Value EvaluateUnary(const Node* expr, const Value& input, Frame* env);
  Value EvaluateWildcard(const Value& input);
  Value EvaluateDescendants(const Value& input);
  Value EvaluateCondition(const Node* expr, const Value& input, Frame* env);
  Value EvaluateBlock(const Node* expr, const Value& input, Frame* env);
  Value EvaluateVariable(const Node* expr, const Value& input, Frame* env);
  Value EvaluateGroup(const std::vector<std::pair<Node*, Node*>>& pairs, int position,
                      const Value& input, Frame* env);
  Value EvaluateSort(const Node* expr, const Value& input, Frame* env);
  Value EvaluateTransform(const Node* expr, Frame* env);
  Value EvaluateApplyExpression(const Node* expr, const Value& input, Frame* env);
  Value EvaluateFunction(const Node* expr, const Value& input, Frame* env, const Value* applyto);
  Value EvaluateLambda(const Node* expr, const Value& input, Frame* env);
  Value EvaluatePartial(const Node* expr, const Value& input, Frame* env);
  Value ApplyInner(const Value& proc, std::vector<Value> args, const Value& input, Frame* env,
                   const CallSite& site);
  Value ApplyProcedure(FunctionValue& proc, std::vector<Value> args, Frame* env);
  Value ApplyTransform(FunctionValue& fn, const Value& obj, Frame* env);
  Value ApplyRegex(FunctionValue& fn, const std::vector<Value>& args);
  FrameRef FrameFromTuple(Frame* env, const Value& tuple);
  void BreakCycles();

  std::shared_ptr<const Ast> ast_;
  std::shared_ptr<const Ast> current_ast_;
  EvalLimits limits_;
  int64_t now_millis_;
  int depth_ = 0;
  uint32_t clock_counter_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::optional<std::mt19937_64> random_;
  std::vector<Frame*> frames_;  // live frames, for breaking cycles at the end
};

}  // namespace stepshift::jsonata::internal
