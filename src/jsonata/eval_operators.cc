// Operators and the simple expression kinds: arithmetic, comparison, boolean, `&`, `..`, `in`,
// unary minus, array and object constructors, wildcards, descendants, conditions, blocks.
#include <cmath>

#include "jsonata/evaluator.h"
#include "jsonata/functions.h"
#include "jsonata/number.h"
#include "jsonata/stack_guard.h"
#include "jsonata/utf8.h"

namespace stepshift::jsonata::internal {

namespace {

Value Numeric(const Value& lhs, const Value& rhs, char op) {
  if (!lhs.is_undefined() && !IsNumeric(lhs))
    ThrowWithValue("T2001", lhs);
  if (!rhs.is_undefined() && !IsNumeric(rhs))
    ThrowWithValue("T2002", rhs);
  if (lhs.is_undefined() || rhs.is_undefined())
    return Value();
  double a = lhs.number();
  double b = rhs.number();
  switch (op) {
    case '+':
      return Value::Number(a + b);
    case '-':
      return Value::Number(a - b);
    case '*':
      return Value::Number(a * b);
    case '/':
      return Value::Number(a / b);
    default:
      return Value::Number(std::fmod(a, b));
  }
}

bool Comparable(const Value& v) {
  return v.is_undefined() || v.is_string() || v.is_number();
}

Value Compare(const Value& lhs, const Value& rhs, const std::string& op) {
  if (!Comparable(lhs) || !Comparable(rhs)) {
    bool left_bad = !(lhs.is_string() || lhs.is_number());
    ThrowWithValue("T2010", left_bad ? lhs : rhs);
  }
  if (lhs.is_undefined() || rhs.is_undefined())
    return Value();
  if (lhs.type() != rhs.type()) {
    Failure f("T2009");
    f.WithValue(lhs);
    f.value2 = rhs;
    f.has_value2 = true;
    Throw(std::move(f));
  }
  int c;
  if (lhs.is_string()) {
    c = CompareUtf16(lhs.str(), rhs.str());
  } else {
    double a = lhs.number();
    double b = rhs.number();
    if (std::isnan(a) || std::isnan(b))
      return Value::Bool(false);
    c = a < b ? -1 : a > b ? 1 : 0;
  }
  if (op == "<")
    return Value::Bool(c < 0);
  if (op == "<=")
    return Value::Bool(c <= 0);
  if (op == ">")
    return Value::Bool(c > 0);
  return Value::Bool(c >= 0);
}

Value Includes(const Value& lhs, const Value& rhs) {
  if (lhs.is_undefined() || rhs.is_undefined())
    return Value::Bool(false);
  if (!rhs.is_array())
    return Value::Bool(rhs.SameAs(lhs));
  for (const Value& item : rhs.arr().items) {
    if (item.SameAs(lhs))
      return Value::Bool(true);
  }
  return Value::Bool(false);
}

Value Concat(const Value& lhs, const Value& rhs) {
  std::string out;
  if (!lhs.is_undefined())
    out = ToJsonataString(lhs).str();
  if (!rhs.is_undefined())
    out += ToJsonataString(rhs).str();
  return Value::String(std::move(out));
}

}  // namespace

Value Evaluator::EvaluateBinary(const Node* expr, const Value& input, Frame* env) {
  Value lhs = Evaluate(expr->lhs, input, env);
  const std::string& op = expr->value;
  auto rethrow = [&](Failure& f) {
    f.position = expr->position;
    f.token = Value::String(op);
  };
  if (op == "and" || op == "or") {
    try {
      bool l = ToBoolean(lhs);
      if (op == "and" && !l)
        return Value::Bool(false);
      if (op == "or" && l)
        return Value::Bool(true);
      return Value::Bool(ToBoolean(Evaluate(expr->rhs, input, env)));
    } catch (Failure& f) {
      rethrow(f);
      throw;
    }
  }
  Value rhs = Evaluate(expr->rhs, input, env);
  try {
    char c = op.size() == 1 ? op[0] : '\0';
    if (c == '+' || c == '-' || c == '*' || c == '/' || c == '%')
      return Numeric(lhs, rhs, c);
    if (op == "=" || op == "!=") {
      if (lhs.is_undefined() || rhs.is_undefined())
        return Value::Bool(false);
      return Value::Bool(DeepEqual(lhs, rhs) == (op == "="));
    }
    if (op == "<" || op == "<=" || op == ">" || op == ">=")
      return Compare(lhs, rhs, op);
    if (op == "&")
      return Concat(lhs, rhs);
    if (op == "in")
      return Includes(lhs, rhs);
    if (op == "..") {
      if (!lhs.is_undefined() && !(lhs.is_number() && IsInteger(lhs.number())))
        ThrowWithValue("T2003", lhs);
      if (!rhs.is_undefined() && !(rhs.is_number() && IsInteger(rhs.number())))
        ThrowWithValue("T2004", rhs);
      if (lhs.is_undefined() || rhs.is_undefined() || lhs.number() > rhs.number())
        return Value();
      double size = rhs.number() - lhs.number() + 1;
      if (size > 1e7)
        ThrowWithValue("D2014", Value::Number(size));
      CheckSequence(static_cast<size_t>(size));
      Value result = Value::NewSequence();
      auto& items = result.arr().items;
      items.reserve(static_cast<size_t>(size));
      for (double v = lhs.number(); v <= rhs.number(); ++v)
        items.push_back(Value::Number(v));
      return result;
    }
  } catch (Failure& f) {
    rethrow(f);
    throw;
  }
  return Value();
}

Value Evaluator::EvaluateUnary(const Node* expr, const Value& input, Frame* env) {
  if (expr->value == "-") {
    Value v = Evaluate(expr->expression, input, env);
    if (v.is_undefined())
      return Value();
    if (!IsNumeric(v)) {
      Failure f("D1002");
      f.position = expr->position;
      f.WithToken("-");
      f.WithValue(v);
      Throw(std::move(f));
    }
    return Value::Number(-v.number());
  }
  if (expr->value == "[") {
    Value result = Value::NewArray();
    for (const Node* item : expr->expressions) {
      Value value = Evaluate(item, input, env);
      if (value.is_undefined())
        continue;
      if (item->value == "[" && item->kind == NodeKind::kUnary) {
        result.push_back(std::move(value));
      } else if (value.is_array()) {
        // fn.append: the items join one level down (a fresh array in jsonata-js). An array
        // nobody else holds (a range, a path result) gives its items up instead of copying.
        auto& items = result.arr().items;
        if (items.empty() && value.arr().refs == 1) {
          items = std::move(value.arr().items);
        } else {
          items.insert(items.end(), value.arr().items.begin(), value.arr().items.end());
        }
      } else {
        result.push_back(std::move(value));
      }
    }
    if (expr->consarray)
      result.arr().cons = true;
    return result;
  }
  return EvaluateGroup(expr->pairs, expr->position, input, env);
}

Value Evaluator::EvaluateWildcard(const Value& input_value) {
  Value results = Value::NewSequence();
  const Value& input =
      input_value.is_array() && input_value.arr().outer_wrapper && input_value.size() > 0
          ? input_value[0]
          : input_value;
  auto add = [&results](const Value& value) {
    if (value.is_array()) {
      Value flat = Value::NewArray();
      Flatten(value, &flat);
      results = Append(results, flat);
    } else {
      results.push_back(value);
    }
  };
  if (input.is_object()) {
    for (const auto& e : input.obj().entries())
      add(e.value);
  } else if (input.is_array()) {
    for (const Value& v : input.arr().items)
      add(v);
  }
  return results;
}

namespace {

void RecurseDescendants(const Value& input, Value* results) {
  CheckStack();
  if (input.is_array()) {
    for (const Value& member : input.arr().items)
      RecurseDescendants(member, results);
    return;
  }
  results->push_back(input);
  if (input.is_object()) {
    for (const auto& e : input.obj().entries())
      RecurseDescendants(e.value, results);
  }
}

}  // namespace

Value Evaluator::EvaluateDescendants(const Value& input) {
  if (input.is_undefined())
    return Value();
  Value results = Value::NewSequence();
  RecurseDescendants(input, &results);
  if (results.size() == 1)
    return results[0];
  return results;
}

Value Evaluator::EvaluateCondition(const Node* expr, const Value& input, Frame* env) {
  Value condition = Evaluate(expr->condition, input, env);
  if (ToBoolean(condition))
    return Evaluate(expr->then, input, env);
  if (expr->otherwise != nullptr)
    return Evaluate(expr->otherwise, input, env);
  return Value();
}

Value Evaluator::EvaluateBlock(const Node* expr, const Value& input, Frame* env) {
  FrameRef frame = NewFrame(env);
  Value result;
  for (const Node* e : expr->expressions)
    result = Evaluate(e, input, frame.get());
  return result;
}

Value Evaluator::EvaluateVariable(const Node* expr, const Value& input, Frame* env) {
  if (expr->value.empty()) {
    if (input.is_array() && input.arr().outer_wrapper)
      return input.size() > 0 ? input[0] : Value();
    return input;
  }
  if (const Value* v = env->Find(expr->value))
    return *v;
  if (const Value* b = FindBuiltin(expr->value))
    return *b;
  return Value();
}

}  // namespace stepshift::jsonata::internal
