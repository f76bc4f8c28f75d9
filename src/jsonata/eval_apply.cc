// Functions: invocation (evaluateFunction, apply with its tail-call trampoline, applyInner),
// lambdas and closures, partial application, and regular expressions used as matchers.
#include <cmath>

#include "jsonata/evaluator.h"
#include "jsonata/functions.h"
#include "jsonata/utf8.h"

namespace stepshift::jsonata::internal {

namespace {

// JavaScript truthiness (not JSONata's $boolean).
bool JsTruthy(const Value* v) {
  if (v == nullptr)
    return false;
  switch (v->type()) {
    case Type::kUndefined:
    case Type::kNull:
      return false;
    case Type::kBoolean:
      return v->boolean();
    case Type::kNumber:
      return v->number() != 0 && !std::isnan(v->number());
    case Type::kString:
      return !v->str().empty();
    default:
      return true;
  }
}

const Signature& TransformSignature() {
  static const Signature sig = Signature::Parse("<(oa):o>");
  return sig;
}

// The name jsonata-js reports for a procedure expression: the first step's name of a path, or
// the variable's name.
std::string ProcedureName(const Node* procedure) {
  if (procedure->kind == NodeKind::kPath)
    return procedure->steps[0]->value;
  return procedure->value;
}

bool Forgotten$(const Node* procedure, Frame* env) {
  if (procedure->kind != NodeKind::kPath)
    return false;
  const std::string& name = procedure->steps[0]->value;
  const Value* v = env->Find(name);
  return JsTruthy(v != nullptr ? v : FindBuiltin(name));
}

}  // namespace

FunctionValue& AsFunction(const Value& v) {
  return static_cast<FunctionValue&>(v.fn());
}

bool IsLambda(const Value& v) {
  return v.is_function() && AsFunction(v).kind == FunctionValue::Kind::kLambda;
}

int FunctionValue::Arity() const {
  switch (kind) {
    case Kind::kBuiltin:
      return builtin->arity;
    case Kind::kLambda:
      return partial ? static_cast<int>(params.size()) : static_cast<int>(node->arguments.size());
    case Kind::kRegex:
      return 2;
    case Kind::kRegexNext:
      return 0;
    case Kind::kTransform:
      return 1;
  }
  return 0;
}

const Signature* FunctionValue::signature() const {
  switch (kind) {
    case Kind::kBuiltin:
      return builtin->signature.get();
    case Kind::kLambda:
      return partial || node->signature == nullptr ? nullptr : node->signature.get();
    case Kind::kTransform:
      return &TransformSignature();
    default:
      return nullptr;
  }
}

Value Evaluator::EvaluateFunction(const Node* expr, const Value& input, Frame* env,
                                  const Value* applyto) {
  Value proc = Evaluate(expr->procedure, input, env);
  if (proc.is_undefined() && Forgotten$(expr->procedure, env)) {
    Failure f("T1005");
    f.position = expr->position;
    f.WithToken(expr->procedure->steps[0]->value);
    Throw(std::move(f));
  }
  std::vector<Value> args;
  args.reserve(expr->arguments.size() + 1);
  if (applyto != nullptr)
    args.push_back(*applyto);
  for (const Node* arg : expr->arguments)
    args.push_back(Evaluate(arg, input, env));
  CallSite site;
  site.token = ProcedureName(expr->procedure);
  site.position = expr->position;
  site.present = true;
  try {
    return Apply(proc, std::move(args), input, env, site);
  } catch (Failure& f) {
    if (f.position <= 0)
      f.position = expr->position;
    if (f.token.is_undefined())
      f.token = Value::String(site.token);
    throw;
  }
}

Value Evaluator::Apply(const Value& proc, std::vector<Value> args, const Value& input, Frame* env,
                       const CallSite& site) {
  Value result = ApplyInner(proc, std::move(args), input, env, site);
  while (IsLambda(result) && AsFunction(result).thunk) {
    // A tail call: evaluate the callee and its arguments in the thunk's scope, then call it
    // here, so tail recursion runs in constant stack.
    Value thunk = std::move(result);
    FunctionValue& th = AsFunction(thunk);
    const Node* call = th.node->body;
    std::shared_ptr<const Ast> saved = current_ast_;
    current_ast_ = th.ast;
    Value next = Evaluate(call->procedure, th.input, th.env.get());
    CallSite next_site;
    if (call->procedure->kind == NodeKind::kVariable) {
      next_site.token = call->procedure->value;
      next_site.present = true;
    }
    next_site.position = call->procedure->position;
    std::vector<Value> next_args;
    next_args.reserve(call->arguments.size());
    for (const Node* arg : call->arguments)
      next_args.push_back(Evaluate(arg, th.input, th.env.get()));
    current_ast_ = saved;
    result = ApplyInner(next, std::move(next_args), input, env, next_site);
  }
  return result;
}

Value Evaluator::ApplyInner(const Value& proc, std::vector<Value> args, const Value& input,
                            Frame* env, const CallSite& site) {
  try {
    if (!proc.is_function())
      Throw(Failure("T1006"));
    FunctionValue& fn = AsFunction(proc);
    if (const Signature* sig = fn.signature())
      args = sig->Validate(args, input);
    switch (fn.kind) {
      case FunctionValue::Kind::kLambda:
        return ApplyProcedure(fn, std::move(args), env);
      case FunctionValue::Kind::kBuiltin: {
        Call call{*this, env, input};
        if (fn.builtin->impl != nullptr)
          return fn.builtin->impl(call, args);
        return fn.builtin->host(call, args);
      }
      case FunctionValue::Kind::kTransform:
        return ApplyTransform(fn, args.empty() ? Value() : args[0], env);
      case FunctionValue::Kind::kRegex:
      case FunctionValue::Kind::kRegexNext:
        return ApplyRegex(fn, args);
    }
    return Value();
  } catch (Failure& f) {
    bool named = proc.is_function() && AsFunction(proc).kind != FunctionValue::Kind::kRegex &&
                 AsFunction(proc).kind != FunctionValue::Kind::kRegexNext;
    if (named && site.present) {
      if (f.token.is_undefined() && !site.token.empty())
        f.token = Value::String(site.token);
      if (site.position > 0)
        f.position = site.position;
    }
    throw;
  }
}

Value Evaluator::ApplyProcedure(FunctionValue& proc, std::vector<Value> args, Frame* env) {
  FrameRef frame = NewFrame(proc.env.get() != nullptr ? proc.env.get() : env);
  auto bind = [&](size_t i, std::string_view name) {
    frame->Bind(name, i < args.size() ? std::move(args[i]) : Value());
  };
  if (proc.partial) {
    for (size_t i = 0; i < proc.params.size(); ++i)
      bind(i, proc.params[i]);
  } else {
    for (size_t i = 0; i < proc.node->arguments.size(); ++i)
      bind(i, proc.node->arguments[i]->value);
  }
  if (proc.builtin != nullptr) {
    // A partially applied built-in: call it with its parameters looked up by name, unvalidated.
    std::vector<Value> native_args;
    std::string_view names = proc.builtin->params;
    while (!names.empty()) {
      size_t comma = names.find(',');
      std::string_view name = names.substr(0, comma);
      const Value* v = frame->Find(name);
      native_args.push_back(v != nullptr ? *v : Value());
      names = comma == std::string_view::npos ? std::string_view() : names.substr(comma + 1);
    }
    Value no_input;
    // jsonata-js calls it unvalidated, and an argument of the wrong type then fails inside
    // JavaScript (a TypeError without a JSONata code). Built-ins here rely on validated
    // arguments, so such a call fails with the signature's error (T0410) instead.
    if (const Signature* sig = proc.builtin->signature.get())
      native_args = sig->Validate(native_args, no_input);
    Call call{*this, frame.get(), no_input};
    if (proc.builtin->impl != nullptr)
      return proc.builtin->impl(call, native_args);
    return proc.builtin->host(call, native_args);
  }
  std::shared_ptr<const Ast> saved = current_ast_;
  current_ast_ = proc.ast;
  Value result = Evaluate(proc.node->body, proc.input, frame.get());
  current_ast_ = saved;
  return result;
}

Value Evaluator::EvaluateLambda(const Node* expr, const Value& input, Frame* env) {
  auto* fn = new FunctionValue();
  fn->kind = FunctionValue::Kind::kLambda;
  fn->ast = current_ast_;
  fn->node = expr;
  fn->input = input;
  fn->env = FrameRef(env);
  fn->thunk = expr->thunk;
  return Value::Function(fn);
}

Value Evaluator::EvaluatePartial(const Node* expr, const Value& input, Frame* env) {
  std::vector<Value> args;
  std::vector<bool> placeholder;
  for (const Node* arg : expr->arguments) {
    bool hole = arg->kind == NodeKind::kOperator && arg->value == "?";
    placeholder.push_back(hole);
    args.push_back(hole ? Value() : Evaluate(arg, input, env));
  }
  Value proc = Evaluate(expr->procedure, input, env);
  if (proc.is_undefined() && Forgotten$(expr->procedure, env)) {
    Failure f("T1007");
    f.position = expr->position;
    f.WithToken(expr->procedure->steps[0]->value);
    Throw(std::move(f));
  }
  bool lambda = IsLambda(proc);
  bool builtin = proc.is_function() && AsFunction(proc).kind == FunctionValue::Kind::kBuiltin;
  if (!lambda && !builtin) {
    Failure f("T1008");
    f.position = expr->position;
    f.WithToken(ProcedureName(expr->procedure));
    Throw(std::move(f));
  }
  FunctionValue& source = AsFunction(proc);
  std::vector<std::string> names;
  if (builtin) {
    std::string_view list = source.builtin->params;
    while (!list.empty()) {
      size_t comma = list.find(',');
      names.emplace_back(list.substr(0, comma));
      list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    }
  } else if (source.partial) {
    names = source.params;
  } else {
    for (const Node* a : source.node->arguments)
      names.push_back(a->value);
  }
  FrameRef frame = NewFrame(lambda && source.env.get() != nullptr ? source.env.get() : env);
  auto* fn = new FunctionValue();
  fn->kind = FunctionValue::Kind::kLambda;
  fn->partial = true;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i < args.size() && placeholder[i])
      fn->params.push_back(names[i]);
    else
      frame->Bind(names[i], i < args.size() ? args[i] : Value());
  }
  fn->env = std::move(frame);
  if (builtin) {
    fn->builtin = source.builtin;
  } else {
    fn->builtin = source.builtin;
    fn->node = source.node;
    fn->ast = source.ast;
    fn->input = source.input;
  }
  return Value::Function(fn);
}

Value Evaluator::CallFunction(Call& call, const Value& fn, std::vector<Value> args) {
  return Apply(fn, std::move(args), Value::Null(), call.env);
}

namespace {

// The object a regex matcher returns (jsonata-js's evaluateRegex closure): match, start, end
// (UTF-16 offsets), groups, and `next` to continue after this match.
Value MatchObject(const FunctionValue& fn, std::string_view subject, const Regex::Match& m) {
  Value obj = Value::NewObject();
  auto& o = obj.obj();
  o.Set("match", Value::String(std::string(subject.substr(m.start, m.end - m.start))));
  o.Set("start", Value::Number(static_cast<double>(Utf16Offset(subject, m.start))));
  o.Set("end", Value::Number(static_cast<double>(Utf16Offset(subject, m.end))));
  Value groups = Value::NewArray();
  for (size_t i = 0; i < m.groups.size(); ++i)
    groups.push_back(m.unset[i] ? Value() : Value::String(m.groups[i]));
  o.Set("groups", std::move(groups));
  auto* next = new FunctionValue();
  next->kind = FunctionValue::Kind::kRegexNext;
  next->regex = fn.regex;
  next->position = fn.position;
  next->subject = std::string(subject);
  next->from = m.end;
  o.Set("next", Value::Function(next));
  return obj;
}

// A UTF-16 offset into `s` as a byte offset.
size_t ByteOffset(std::string_view s, double utf16) {
  size_t units = 0;
  size_t i = 0;
  while (i < s.size() && units < utf16) {
    uint32_t cp = NextCodePoint(s, &i);
    units += cp >= 0x10000 ? 2 : 1;
  }
  return i;
}

}  // namespace

Value Evaluator::ApplyRegex(FunctionValue& fn, const std::vector<Value>& args) {
  Regex::Match m;
  if (fn.kind == FunctionValue::Kind::kRegexNext) {
    if (fn.from >= fn.subject.size())
      return Value();
    if (!fn.regex->Search(fn.subject, fn.from, &m))
      return Value();
    if (m.start == m.end) {
      Failure f("D1004");
      f.position = fn.position;
      f.WithValue(Value::String(fn.regex->source()));
      Throw(std::move(f));
    }
    return MatchObject(fn, fn.subject, m);
  }
  if (args.empty() || !args[0].is_string())
    return Value();
  const std::string& s = args[0].str();
  size_t from = args.size() > 1 && args[1].is_number() ? ByteOffset(s, args[1].number()) : 0;
  if (!fn.regex->Search(s, from, &m))
    return Value();
  return MatchObject(fn, s, m);
}

}  // namespace stepshift::jsonata::internal
