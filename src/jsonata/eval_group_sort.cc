// Object construction and grouping, order-by, transforms (|pattern|update,delete|) and the
// function application operator (~>).
#include <unordered_map>

#include "jsonata/evaluator.h"
#include "jsonata/functions.h"
#include "jsonata/parser.h"
#include "jsonata/utf8.h"

namespace stepshift::jsonata::internal {

namespace {

// jsonata-js's reduceTupleStream: the tuples of one group merged, each binding appended.
Value ReduceTuples(const Value& tuples) {
  if (!tuples.is_array())
    return tuples;
  Value result = Value::NewObject();
  if (tuples.size() == 0)
    return result;
  for (const auto& e : tuples[0].obj().entries())
    result.obj().Set(e.key, e.value);
  for (size_t i = 1; i < tuples.size(); ++i) {
    for (const auto& e : tuples[i].obj().entries()) {
      const Value* prev = result.obj().Find(e.key);
      result.obj().Set(e.key, Append(prev != nullptr ? *prev : Value(), e.value));
    }
  }
  return result;
}

}  // namespace

namespace {

struct GroupEntry {
  Value key;  // a string
  Value data;
  size_t expr_index;
  bool owned = false;  // data is an array built here, so it may grow in place
};

// The groups in order of their first key, with a hash index once there are more than a few.
class Groups {
 public:
  GroupEntry* Find(const std::string& key) {
    if (index_.empty()) {
      for (GroupEntry& e : entries_) {
        if (e.key.str() == key)
          return &e;
      }
      return nullptr;
    }
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &entries_[it->second];
  }

  void Add(GroupEntry e) {
    entries_.push_back(std::move(e));
    if (entries_.size() > 8 && index_.empty()) {
      for (size_t i = 0; i < entries_.size(); ++i)
        index_.emplace(entries_[i].key.str(), i);
    } else if (!index_.empty()) {
      index_.emplace(entries_.back().key.str(), entries_.size() - 1);
    }
  }

  std::vector<GroupEntry>& entries() { return entries_; }

 private:
  std::vector<GroupEntry> entries_;
  // Views of the keys' strings, which live on the heap and do not move with the vector.
  std::unordered_map<std::string_view, size_t> index_;
};

void AppendInPlace(GroupEntry* entry, const Value& item) {
  // fn.append copies on every call; appending in place to the array built here is the same value
  // without the quadratic copying.
  if (entry->owned) {
    auto& items = entry->data.arr().items;
    if (item.is_array())
      items.insert(items.end(), item.arr().items.begin(), item.arr().items.end());
    else
      items.push_back(item);
    return;
  }
  entry->owned = !entry->data.is_undefined() && !item.is_undefined();  // Append makes a new one
  entry->data = Append(entry->data, item);
}

}  // namespace

Value Evaluator::EvaluateGroup(const std::vector<std::pair<Node*, Node*>>& pairs, int position,
                               const Value& input, Frame* env) {
  bool reduce = input.is_array() && input.arr().tuple_stream;
  // The items: the input's, or the input alone; an empty input still produces the object (with
  // one undefined item), so a literal object constructor works. jsonata-js pushes that item into
  // the input array itself, which the document then holds too (`items{...}` over an empty
  // `items` leaves it [undefined]); the same here, as the reference answers.
  static const Value kUndefined;
  const Value* begin = &input;
  size_t count = 1;
  if (input.is_array()) {
    if (input.size() == 0 && !reduce)
      input.push_back(Value());
    begin = input.arr().items.data();
    count = input.size();
  }
  Groups groups;
  for (const Value* item = begin; item != begin + count; ++item) {
    FrameRef tuple_frame;
    if (reduce)
      tuple_frame = FrameFromTuple(env, *item);
    Frame* item_env = reduce ? tuple_frame.get() : env;
    const Value* at = reduce ? item->obj().Find("@") : nullptr;
    const Value& context = reduce ? (at != nullptr ? *at : kUndefined) : *item;
    for (size_t p = 0; p < pairs.size(); ++p) {
      Value key = Evaluate(pairs[p].first, context, item_env);
      if (key.is_undefined())
        continue;
      if (!key.is_string()) {
        Failure f("T1003");
        f.position = position;
        f.WithValue(key);
        Throw(std::move(f));
      }
      GroupEntry* entry = groups.Find(key.str());
      if (entry == nullptr) {
        groups.Add(GroupEntry{std::move(key), *item, p});
        continue;
      }
      if (entry->expr_index != p) {
        Failure f("D1009");
        f.position = position;
        f.WithValue(key);
        Throw(std::move(f));
      }
      AppendInPlace(entry, *item);
    }
  }
  Value result = Value::NewObject();
  result.obj().Reserve(groups.entries().size());
  for (GroupEntry& entry : groups.entries()) {
    Value context = entry.data;
    FrameRef tuple_frame;
    Frame* value_env = env;
    if (reduce) {
      Value tuple = ReduceTuples(entry.data);
      const Value* at = tuple.obj().Find("@");
      context = at != nullptr ? *at : Value();
      tuple.obj().Erase("@");
      tuple_frame = FrameFromTuple(env, tuple);
      value_env = tuple_frame.get();
    }
    Value value = Evaluate(pairs[entry.expr_index].second, context, value_env);
    if (!value.is_undefined())
      result.obj().Set(entry.key.str(), std::move(value));
  }
  return result;
}

Value Evaluator::EvaluateSort(const Node* expr, const Value& input, Frame* env) {
  if (!input.is_array())
    return input;
  bool tuple_sort = input.arr().tuple_stream;
  auto term_value = [&](const Node* term, const Value& item) {
    if (!tuple_sort)
      return Evaluate(term, item, env);
    FrameRef frame = FrameFromTuple(env, item);
    const Value* at = item.obj().Find("@");
    return Evaluate(term, at != nullptr ? *at : Value(), frame.get());
  };
  auto swap = [&](const Value& a, const Value& b) {
    int comp = 0;
    for (size_t i = 0; comp == 0 && i < expr->terms.size(); ++i) {
      const SortTerm& term = expr->terms[i];
      Value aa = term_value(term.expr, a);
      Value bb = term_value(term.expr, b);
      if (aa.is_undefined()) {
        comp = bb.is_undefined() ? 0 : 1;
        continue;
      }
      if (bb.is_undefined()) {
        comp = -1;
        continue;
      }
      bool a_ok = aa.is_string() || aa.is_number();
      bool b_ok = bb.is_string() || bb.is_number();
      if (!a_ok || !b_ok) {
        Failure f("T2008");
        f.position = expr->position;
        f.WithValue(!a_ok ? aa : bb);
        Throw(std::move(f));
      }
      if (aa.type() != bb.type()) {
        Failure f("T2007");
        f.position = expr->position;
        f.WithValue(aa);
        f.value2 = bb;
        f.has_value2 = true;
        Throw(std::move(f));
      }
      // JavaScript: equal moves on, `<` gives -1, anything else (NaN included) 1.
      int c;
      if (aa.is_string()) {
        c = CompareUtf16(aa.str(), bb.str());
        if (c == 0)
          continue;
        c = c < 0 ? -1 : 1;
      } else {
        if (aa.number() == bb.number())
          continue;
        c = aa.number() < bb.number() ? -1 : 1;
      }
      comp = term.descending ? -c : c;
    }
    return comp == 1;
  };
  return MergeSort(input, swap);
}

Value Evaluator::EvaluateTransform(const Node* expr, Frame* env) {
  auto* fn = new FunctionValue();
  fn->kind = FunctionValue::Kind::kTransform;
  fn->ast = current_ast_;
  fn->node = expr;
  fn->env = FrameRef(env);
  return Value::Function(fn);
}

Value Evaluator::ApplyTransform(FunctionValue& fn, const Value& obj, Frame* /*env*/) {
  if (obj.is_undefined())
    return Value();
  const Node* expr = fn.node;
  Frame* env = fn.env.get();
  const Value* clone = env->Find("clone");
  if (clone == nullptr)
    clone = FindBuiltin("clone");
  if (clone == nullptr || !clone->is_function())
    Throw(Failure("T2013").At(expr->position));
  std::vector<Value> clone_args{obj};
  Value result = Apply(*clone, std::move(clone_args), Value::Null(), env);
  std::shared_ptr<const Ast> saved = current_ast_;
  current_ast_ = fn.ast;
  Value matches = Evaluate(expr->pattern, result, env);
  if (!matches.is_undefined()) {
    if (!matches.is_array())
      matches = SequenceOf(std::move(matches));
    for (const Value& match : matches.arr().items) {
      Value update = Evaluate(expr->update, match, env);
      if (!update.is_undefined()) {
        if (!update.is_object()) {
          Failure f("T2011");
          f.position = expr->update->position;
          f.WithValue(update);
          Throw(std::move(f));
        }
        if (match.is_object()) {
          for (const auto& e : update.obj().entries())
            match.obj().Set(e.key, e.value);
        }
      }
      if (expr->remove == nullptr)
        continue;
      Value deletions = Evaluate(expr->remove, match, env);
      if (deletions.is_undefined())
        continue;
      Value list = deletions.is_array() ? deletions : SequenceOf(deletions);
      if (!IsArrayOfStrings(list)) {
        Failure f("T2012");
        f.position = expr->remove->position;
        f.WithValue(deletions);
        Throw(std::move(f));
      }
      if (match.is_object()) {
        for (const Value& key : list.arr().items)
          match.obj().Erase(key.str());
      }
    }
  }
  current_ast_ = saved;
  return result;
}

namespace {

// λ($f, $g) { λ($x){ $g($f($x)) } }: what `~>` builds from two functions.
const std::shared_ptr<const Ast>& ChainAst() {
  static const std::shared_ptr<const Ast> ast =
      Parse("function($f, $g) { function($x){ $g($f($x)) } }");
  return ast;
}

}  // namespace

Value Evaluator::EvaluateApplyExpression(const Node* expr, const Value& input, Frame* env) {
  Value lhs = Evaluate(expr->lhs, input, env);
  if (expr->rhs->kind == NodeKind::kFunction)
    return EvaluateFunction(expr->rhs, input, env, &lhs);
  Value func = Evaluate(expr->rhs, input, env);
  if (!func.is_function()) {
    Failure f("T2006");
    f.position = expr->position;
    f.WithValue(func);
    Throw(std::move(f));
  }
  if (lhs.is_function()) {
    std::shared_ptr<const Ast> saved = current_ast_;
    current_ast_ = ChainAst();
    Value chain = Evaluate(ChainAst()->root, Value::Null(), env);
    current_ast_ = saved;
    return Apply(chain, {lhs, func}, Value::Null(), env);
  }
  return Apply(func, {lhs}, Value::Null(), env);
}

}  // namespace stepshift::jsonata::internal
