// Predicates (`[...]` stages): filters by truth, or selects by index.
#include <algorithm>
#include <cmath>

#include "jsonata/evaluator.h"
#include "jsonata/functions.h"

namespace stepshift::jsonata::internal {

namespace {

bool IsPlain(const Node* n) {
  return !n->has_predicate && !n->has_stages && n->group == nullptr;
}

// `[[0..9]]`, `[[1, 3, 5]]`: number literals and ranges between them only. Its value is the same
// for every item, so it is evaluated once instead of making the same array per item.
bool IsConstantIndexList(const Node* n) {
  if (n->kind != NodeKind::kUnary || n->value != "[" || !IsPlain(n))
    return false;
  for (const Node* item : n->expressions) {
    bool number = item->kind == NodeKind::kNumber;
    bool range = item->kind == NodeKind::kBinary && item->value == ".." &&
                 item->lhs->kind == NodeKind::kNumber && item->rhs->kind == NodeKind::kNumber &&
                 IsPlain(item->lhs) && IsPlain(item->rhs);
    if (!(number || range) || !IsPlain(item))
      return false;
  }
  return true;
}

// The items whose index (negative from the end) is among `indexes`, in item order and once per
// time it is named, as the per-item test in EvaluateFilter picks them.
Value SelectIndexes(const Value& indexes, const std::vector<Value>& items, Value results) {
  const double length = static_cast<double>(items.size());
  std::vector<size_t> picked;
  for (const Value& v : indexes.arr().items) {
    double i = std::floor(v.number());
    if (i < 0)
      i += length;
    if (i >= 0 && i < length)
      picked.push_back(static_cast<size_t>(i));
  }
  std::sort(picked.begin(), picked.end());
  for (size_t i : picked)
    results.push_back(items[i]);
  return results;
}

}  // namespace

Value Evaluator::EvaluateFilter(const Node* predicate, const Value& input_value, Frame* env) {
  Value results = Value::NewSequence();
  if (input_value.is_array() && input_value.arr().tuple_stream)
    results.arr().tuple_stream = true;
  Value input = input_value.is_array() ? input_value : SequenceOf(input_value);
  const auto& items = input.arr().items;
  const int64_t length = static_cast<int64_t>(items.size());
  if (predicate->kind == NodeKind::kNumber) {
    double index = std::floor(predicate->literal.number());
    if (index < 0)
      index += static_cast<double>(length);
    if (index >= 0 && index < static_cast<double>(length)) {
      const Value& item = items[static_cast<size_t>(index)];
      if (item.is_array())
        return item;
      if (!item.is_undefined())
        results.push_back(item);
    }
    return results;
  }
  if (length > 0 && IsConstantIndexList(predicate))
    return SelectIndexes(Evaluate(predicate, Value(), env), items, std::move(results));
  bool tuple_stream = input.arr().tuple_stream;
  for (int64_t index = 0; index < length; ++index) {
    const Value& item = items[index];
    Value res;
    if (tuple_stream) {
      FrameRef frame = FrameFromTuple(env, item);
      const Value* at = item.obj().Find("@");
      res = Evaluate(predicate, at != nullptr ? *at : Value(), frame.get());
    } else {
      res = Evaluate(predicate, item, env);
    }
    if (IsNumeric(res))
      res = SequenceOf(std::move(res));
    if (IsArrayOfNumbers(res)) {
      for (const Value& ires : res.arr().items) {
        double ii = std::floor(ires.number());
        if (ii < 0)
          ii += static_cast<double>(length);
        if (ii == static_cast<double>(index))
          results.push_back(item);
      }
    } else if (ToBoolean(res)) {
      results.push_back(item);
    }
  }
  return results;
}

}  // namespace stepshift::jsonata::internal
