// evaluate() and location paths: steps, tuple streams (`@`, `#`, `%`), stages and predicates.
#include "jsonata/evaluator.h"

#include <cmath>

#include "jsonata/functions.h"
#include "jsonata/stack_guard.h"

namespace stepshift::jsonata::internal {

namespace {

// Restores the evaluation depth however evaluate() is left.
class DepthScope {
 public:
  explicit DepthScope(int* depth) : depth_(depth) { ++*depth_; }

  ~DepthScope() { --*depth_; }

 private:
  int* depth_;
};

}  // namespace

void Evaluator::Guardrails() {
  CheckStack();
  if (limits_.max_depth > 0 && depth_ > limits_.max_depth) {
    Failure f("D1011");
    f.WithValue(Value::Number(limits_.max_depth));
    Throw(std::move(f));
  }
  // Reading the clock on every call would cost more than many of the calls themselves.
  if (limits_.timeout.count() > 0 && (++clock_counter_ & 63) == 0 &&
      std::chrono::steady_clock::now() - start_ > limits_.timeout) {
    Failure f("D1012");
    f.WithValue(Value::Number(static_cast<double>(limits_.timeout.count())));
    Throw(std::move(f));
  }
}

Value Evaluator::Evaluate(const Node* expr, const Value& input, Frame* env) {
  DepthScope depth(&depth_);
  Guardrails();
  Value result;
  switch (expr->kind) {
    case NodeKind::kPath:
      result = EvaluatePath(expr, input, env);
      break;
    case NodeKind::kBinary:
      result = EvaluateBinary(expr, input, env);
      break;
    case NodeKind::kUnary:
      result = EvaluateUnary(expr, input, env);
      break;
    case NodeKind::kName:
      result = Lookup(input, expr->value);
      break;
    case NodeKind::kString:
    case NodeKind::kNumber:
    case NodeKind::kValue:
      result = expr->literal;
      break;
    case NodeKind::kWildcard:
      result = EvaluateWildcard(input);
      break;
    case NodeKind::kDescendant:
      result = EvaluateDescendants(input);
      break;
    case NodeKind::kParent:
      if (const Value* v = env->Find(expr->slot->label))
        result = *v;
      break;
    case NodeKind::kCondition:
      result = EvaluateCondition(expr, input, env);
      break;
    case NodeKind::kBlock:
      result = EvaluateBlock(expr, input, env);
      break;
    case NodeKind::kBind:
      result = Evaluate(expr->rhs, input, env);
      env->Bind(expr->lhs->value, result);
      break;
    case NodeKind::kRegex: {
      auto* fn = new FunctionValue();
      fn->kind = FunctionValue::Kind::kRegex;
      fn->regex = expr->regex;
      fn->position = expr->position;
      result = Value::Function(fn);
      break;
    }
    case NodeKind::kFunction:
      result = EvaluateFunction(expr, input, env, nullptr);
      break;
    case NodeKind::kVariable:
      result = EvaluateVariable(expr, input, env);
      break;
    case NodeKind::kLambda:
      result = EvaluateLambda(expr, input, env);
      break;
    case NodeKind::kPartial:
      result = EvaluatePartial(expr, input, env);
      break;
    case NodeKind::kApply:
      result = EvaluateApplyExpression(expr, input, env);
      break;
    case NodeKind::kTransform:
      result = EvaluateTransform(expr, env);
      break;
    default:
      break;
  }
  if (expr->has_predicate) {
    for (const Stage& stage : expr->predicate)
      result = EvaluateFilter(stage.expr, result, env);
  }
  if (expr->kind != NodeKind::kPath && expr->group != nullptr)
    result = EvaluateGroup(expr->group->pairs, expr->group->position, result, env);
  if (result.is_sequence() && !result.arr().tuple_stream) {
    if (expr->keep_array)
      result.arr().keep_singleton = true;
    if (result.size() == 0) {
      result = Value();
    } else if (result.size() == 1 && !result.arr().keep_singleton) {
      Value single = result[0];
      result = std::move(single);
    }
  }
  return result;
}

// A path of one plain field name over a single value (most paths inside predicates and
// object constructors), without the sequences the general case builds. The result is the one
// the general case gives; the depth counts the step as evaluate() would.
bool Evaluator::SimpleField(const Node* expr, const Value& input, Value* out) {
  const Node* step = expr->steps[0];
  if (expr->steps.size() != 1 || step->kind != NodeKind::kName || step->has_stages ||
      step->has_predicate || step->tuple || step->focus || step->index || step->group != nullptr ||
      step->keep_array || expr->keep_singleton_array || expr->group != nullptr || expr->tuple ||
      input.is_array())
    return false;
  {
    DepthScope depth(&depth_);
    Guardrails();
  }
  if (!input.is_object())
    return true;  // undefined
  const Value* v = input.obj().Find(step->value);
  if (v == nullptr)
    return true;
  if (!v->is_sequence()) {
    *out = *v;
    return true;
  }
  // A sequence stored in an object is flattened and collapsed, as the general case would.
  Value seq = Value::NewSequence();
  seq.arr().items = v->arr().items;
  *out = std::move(seq);
  return true;
}

Value Evaluator::EvaluatePath(const Node* expr, const Value& input, Frame* env) {
  Value simple;
  if (SimpleField(expr, input, &simple))
    return simple;
  Value input_sequence =
      input.is_array() && expr->steps[0]->kind != NodeKind::kVariable ? input : SequenceOf(input);
  Value result;
  bool tuple_stream = false;
  Value tuples;
  const size_t n = expr->steps.size();
  for (size_t i = 0; i < n; ++i) {
    const Node* step = expr->steps[i];
    if (step->tuple)
      tuple_stream = true;
    if (i == 0 && step->consarray) {
      result = Evaluate(step, input_sequence, env);
    } else if (tuple_stream) {
      tuples = EvaluateTupleStep(step, input_sequence, std::move(tuples), env);
    } else {
      result = EvaluateStep(step, input_sequence, env, i == n - 1);
    }
    if (!tuple_stream && (result.is_undefined() || JsLength(result) == 0))
      break;
    if (!step->focus)
      input_sequence = result;
  }
  if (tuple_stream) {
    if (expr->tuple) {
      result = tuples;
    } else {
      result = Value::NewSequence();
      if (tuples.is_array()) {
        for (const Value& t : tuples.arr().items) {
          const Value* at = t.obj().Find("@");
          result.push_back(at != nullptr ? *at : Value());
        }
      }
    }
  }
  if (expr->keep_singleton_array && result.is_array()) {
    if (result.arr().cons && !result.arr().sequence)
      result = SequenceOf(std::move(result));
    result.arr().keep_singleton = true;
  }
  if (expr->group != nullptr) {
    result = EvaluateGroup(expr->group->pairs, expr->group->position,
                           tuple_stream ? tuples : result, env);
  }
  return result;
}

Value Evaluator::EvaluateStep(const Node* step, const Value& input, Frame* env, bool last) {
  if (step->kind == NodeKind::kSort) {
    Value result = EvaluateSort(step, input, env);
    if (step->has_stages)
      result = EvaluateStages(step->stages, std::move(result), env);
    return result;
  }
  // Results are flattened one level into `out` as they come (arrays built by `[...]` stay
  // whole); a lone plain array from the last step is returned as it is. The first result is held
  // back until a second one shows which case applies.
  Value out = Value::NewSequence();
  if (!input.is_array())
    return out;
  auto& flat = out.arr().items;
  auto add = [&flat](Value res) {
    if (!res.is_array() || res.arr().cons) {
      flat.push_back(std::move(res));
    } else {
      flat.insert(flat.end(), res.arr().items.begin(), res.arr().items.end());
    }
  };
  Value first;
  size_t count = 0;
  for (const Value& item : input.arr().items) {
    Value res = Evaluate(step, item, env);
    if (step->has_stages) {
      for (const Stage& stage : step->stages)
        res = EvaluateFilter(stage.expr, res, env);
    }
    if (res.is_undefined())
      continue;
    if (++count == 1) {
      first = std::move(res);
      continue;
    }
    if (count == 2)
      add(std::move(first));
    add(std::move(res));
  }
  if (count == 1) {
    if (last && first.is_array() && !first.is_sequence())
      return first;
    add(std::move(first));
  }
  CheckSequence(flat.size());
  return out;
}

Value Evaluator::EvaluateStages(const std::vector<Stage>& stages, Value input, Frame* env) {
  Value result = std::move(input);
  for (const Stage& stage : stages) {
    if (stage.kind == Stage::Kind::kFilter) {
      result = EvaluateFilter(stage.expr, result, env);
    } else if (result.is_array()) {
      for (size_t i = 0; i < result.size(); ++i)
        result[i].obj().Set(stage.var, Value::Number(static_cast<double>(i)));
    }
  }
  return result;
}

FrameRef Evaluator::FrameFromTuple(Frame* env, const Value& tuple) {
  FrameRef frame = NewFrame(env);
  for (const auto& e : tuple.obj().entries())
    frame->Bind(e.key, e.value);
  return frame;
}

namespace {

Value NewTuple(Value focus) {
  Value t = Value::NewObject();
  t.obj().Set("@", std::move(focus));
  return t;
}

Value CopyTuple(const Value& t) {
  Value c = Value::NewObject();
  c.obj().Reserve(t.obj().size() + 2);
  for (const auto& e : t.obj().entries())
    c.obj().Set(e.key, e.value);
  return c;
}

}  // namespace

Value Evaluator::EvaluateTupleStep(const Node* step, const Value& input, Value tuples, Frame* env) {
  if (step->kind == NodeKind::kSort) {
    Value result;
    if (!tuples.is_undefined()) {
      result = EvaluateSort(step, tuples, env);
    } else {
      Value sorted = EvaluateSort(step, input, env);
      result = Value::NewSequence();
      result.arr().tuple_stream = true;
      for (size_t i = 0; i < sorted.size(); ++i) {
        Value t = NewTuple(sorted[i]);
        if (step->index)
          t.obj().Set(*step->index, Value::Number(static_cast<double>(i)));
        result.push_back(std::move(t));
      }
    }
    if (step->has_stages)
      result = EvaluateStages(step->stages, std::move(result), env);
    return result;
  }
  Value result = Value::NewSequence();
  result.arr().tuple_stream = true;
  if (tuples.is_undefined()) {
    tuples = Value::NewArray();
    for (const Value& item : input.arr().items)
      tuples.push_back(NewTuple(item));
  }
  for (const Value& tuple : tuples.arr().items) {
    FrameRef frame = FrameFromTuple(env, tuple);
    const Value* at = tuple.obj().Find("@");
    Value res = Evaluate(step, at != nullptr ? *at : Value(), frame.get());
    if (res.is_undefined())
      continue;
    if (!res.is_array())
      res = SequenceOf(std::move(res));
    bool res_tuples = res.arr().tuple_stream;
    for (size_t b = 0; b < res.size(); ++b) {
      Value t = CopyTuple(tuple);
      auto& obj = t.obj();
      if (res_tuples) {
        for (const auto& e : res[b].obj().entries())
          obj.Set(e.key, e.value);
      } else {
        if (step->focus && !step->focus->empty()) {
          obj.Set(*step->focus, res[b]);
          obj.Set("@", at != nullptr ? *at : Value());
        } else {
          obj.Set("@", res[b]);
        }
        if (step->index && !step->index->empty())
          obj.Set(*step->index, Value::Number(static_cast<double>(b)));
        if (step->ancestor != nullptr)
          obj.Set(step->ancestor->label, at != nullptr ? *at : Value());
      }
      result.push_back(std::move(t));
    }
  }
  if (step->has_stages)
    result = EvaluateStages(step->stages, std::move(result), env);
  return result;
}

void Evaluator::CheckSequence(size_t size) const {
  if (limits_.max_sequence > 0 && size > limits_.max_sequence) {
    Failure f("D2015");
    f.WithValue(Value::Number(static_cast<double>(limits_.max_sequence)));
    Throw(std::move(f));
  }
}

}  // namespace stepshift::jsonata::internal
