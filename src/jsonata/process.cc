// jsonata-js's post-parse stage (processAST, seekParent, pushAncestry, resolveAncestry,
// tailCallOptimize), which adds the semantic structure the evaluator relies on.
#include <string>

#include "jsonata/errors.h"
#include "jsonata/parser.h"
#include "jsonata/stack_guard.h"

namespace stepshift::jsonata::internal::parser_internal {

namespace {

const char* KindName(NodeKind k) {
  switch (k) {
    case NodeKind::kPath:
      return "path";
    case NodeKind::kBinary:
      return "binary";
    case NodeKind::kUnary:
      return "unary";
    case NodeKind::kName:
      return "name";
    case NodeKind::kString:
      return "string";
    case NodeKind::kNumber:
      return "number";
    case NodeKind::kValue:
      return "value";
    case NodeKind::kWildcard:
      return "wildcard";
    case NodeKind::kDescendant:
      return "descendant";
    case NodeKind::kParent:
      return "parent";
    case NodeKind::kCondition:
      return "condition";
    case NodeKind::kBlock:
      return "block";
    case NodeKind::kBind:
      return "bind";
    case NodeKind::kRegex:
      return "regex";
    case NodeKind::kFunction:
      return "function";
    case NodeKind::kVariable:
      return "variable";
    case NodeKind::kLambda:
      return "lambda";
    case NodeKind::kPartial:
      return "partial";
    case NodeKind::kApply:
      return "apply";
    case NodeKind::kTransform:
      return "transform";
    case NodeKind::kSort:
      return "sort";
    case NodeKind::kOperator:
      return "operator";
    case NodeKind::kEnd:
      return "(end)";
  }
  return "";
}

[[noreturn]] void Fail(const char* code, int position) {
  Throw(Failure(code).At(position));
}

class Processor {
 public:
  explicit Processor(Ast* ast) : ast_(ast) {}

  Node* Process(Node* expr);

 private:
  Node* NewNode(NodeKind kind, const Node* from) {
    Node* n = ast_->NewNode();
    n->kind = kind;
    n->value = from->value;
    n->position = from->position;
    return n;
  }

  Node* WrapInPath(Node* step) {
    Node* path = ast_->NewNode();
    path->kind = NodeKind::kPath;
    path->position = step->position;
    path->steps.push_back(step);
    return path;
  }

  Slot* SeekParent(Node* node, Slot* slot);
  void PushAncestry(Node* result, Node* value);
  void ResolveAncestry(Node* path);
  Node* TailCallOptimize(Node* expr);

  Node* Binary(Node* expr);
  Node* PathOperator(Node* expr);
  Node* PredicateOperator(Node* expr);
  Node* GroupOperator(Node* expr);
  Node* SortOperator(Node* expr);
  Node* FocusOperator(Node* expr);
  Node* IndexOperator(Node* expr);
  Node* Unary(Node* expr);

  Ast* ast_;
  int ancestor_label_ = 0;
  int ancestor_index_ = 0;
  std::vector<Node*> ancestry_;
};

Slot* Processor::SeekParent(Node* node, Slot* slot) {
  CheckStack();
  switch (node->kind) {
    case NodeKind::kName:
    case NodeKind::kWildcard:
      --slot->level;
      if (slot->level == 0) {
        if (node->ancestor == nullptr) {
          node->ancestor = slot;
        } else {
          // reuse the existing label
          ancestry_[slot->index]->slot->label = node->ancestor->label;
          node->ancestor = slot;
        }
        node->tuple = true;
      }
      break;
    case NodeKind::kParent:
      ++slot->level;
      break;
    case NodeKind::kBlock:
      if (!node->expressions.empty()) {
        node->tuple = true;
        slot = SeekParent(node->expressions.back(), slot);
      }
      break;
    case NodeKind::kPath: {
      node->tuple = true;
      int index = static_cast<int>(node->steps.size()) - 1;
      slot = SeekParent(node->steps[index--], slot);
      while (slot->level > 0 && index >= 0)
        slot = SeekParent(node->steps[index--], slot);
      break;
    }
    default: {
      Failure f("S0217");
      f.WithToken(KindName(node->kind));
      f.position = node->position;
      Throw(std::move(f));
    }
  }
  return slot;
}

void Processor::PushAncestry(Node* result, Node* value) {
  if (value->seeking_parent == nullptr && value->kind != NodeKind::kParent)
    return;
  SlotList* slots = value->seeking_parent != nullptr ? value->seeking_parent : ast_->NewSlotList();
  if (value->kind == NodeKind::kParent)
    slots->push_back(value->slot);
  if (result->seeking_parent == nullptr)
    result->seeking_parent = slots;
  else
    result->seeking_parent->insert(result->seeking_parent->end(), slots->begin(), slots->end());
}

void Processor::ResolveAncestry(Node* path) {
  Node* last = path->steps.back();
  SlotList* slots = last->seeking_parent != nullptr ? last->seeking_parent : ast_->NewSlotList();
  if (last->kind == NodeKind::kParent)
    slots->push_back(last->slot);
  for (size_t is = 0; is < slots->size(); ++is) {
    Slot* slot = (*slots)[is];
    int index = static_cast<int>(path->steps.size()) - 2;
    while (slot->level > 0) {
      if (index < 0) {
        if (path->seeking_parent == nullptr)
          path->seeking_parent = ast_->NewSlotList();
        path->seeking_parent->push_back(slot);
        break;
      }
      Node* step = path->steps[index--];
      // multiple contiguous steps that bind the focus should be skipped
      while (index >= 0 && step->focus && path->steps[index]->focus)
        step = path->steps[index--];
      slot = SeekParent(step, slot);
    }
  }
}

Node* Processor::TailCallOptimize(Node* expr) {
  if (expr->kind == NodeKind::kFunction && !expr->has_predicate) {
    Node* thunk = ast_->NewNode();
    thunk->kind = NodeKind::kLambda;
    thunk->thunk = true;
    thunk->position = expr->position;
    thunk->body = expr;
    return thunk;
  }
  if (expr->kind == NodeKind::kCondition) {
    expr->then = TailCallOptimize(expr->then);
    if (expr->otherwise != nullptr)
      expr->otherwise = TailCallOptimize(expr->otherwise);
    return expr;
  }
  if (expr->kind == NodeKind::kBlock && !expr->expressions.empty()) {
    expr->expressions.back() = TailCallOptimize(expr->expressions.back());
  }
  return expr;
}

Node* Processor::PathOperator(Node* expr) {
  Node* lstep = Process(expr->lhs);
  Node* result = lstep->kind == NodeKind::kPath ? lstep : WrapInPath(lstep);
  if (lstep->kind == NodeKind::kParent) {
    result->seeking_parent = ast_->NewSlotList();
    result->seeking_parent->push_back(lstep->slot);
  }
  Node* rest = Process(expr->rhs);
  if (rest->kind == NodeKind::kPath) {
    result->steps.insert(result->steps.end(), rest->steps.begin(), rest->steps.end());
  } else {
    if (rest->has_predicate) {
      rest->stages = std::move(rest->predicate);
      rest->predicate.clear();
      rest->has_stages = true;
      rest->has_predicate = false;
    }
    result->steps.push_back(rest);
  }
  bool keep = false;
  for (Node* step : result->steps) {
    if (step->kind == NodeKind::kNumber || step->kind == NodeKind::kValue) {
      Failure f("S0213");
      f.position = step->position;
      f.WithValue(step->literal);
      Throw(std::move(f));
    }
    if (step->kind == NodeKind::kString)
      step->kind = NodeKind::kName;
    keep = keep || step->keep_array;
  }
  if (keep)
    result->keep_singleton_array = true;
  Node* first = result->steps.front();
  if (first->kind == NodeKind::kUnary && first->value == "[")
    first->consarray = true;
  Node* last = result->steps.back();
  if (last->kind == NodeKind::kUnary && last->value == "[")
    last->consarray = true;
  ResolveAncestry(result);
  return result;
}

Node* Processor::PredicateOperator(Node* expr) {
  Node* result = Process(expr->lhs);
  Node* step = result;
  bool stages = false;
  if (result->kind == NodeKind::kPath) {
    step = result->steps.back();
    stages = true;
  }
  if (step->group != nullptr)
    Fail("S0209", expr->position);
  if (stages)
    step->has_stages = true;
  else
    step->has_predicate = true;
  Node* predicate = Process(expr->rhs);
  if (predicate->seeking_parent != nullptr) {
    for (Slot* slot : *predicate->seeking_parent) {
      if (slot->level == 1)
        SeekParent(step, slot);
      else
        --slot->level;
    }
    PushAncestry(step, predicate);
  }
  Stage stage;
  stage.kind = Stage::Kind::kFilter;
  stage.expr = predicate;
  stage.position = expr->position;
  (stages ? step->stages : step->predicate).push_back(stage);
  return result;
}

Node* Processor::GroupOperator(Node* expr) {
  Node* result = Process(expr->lhs);
  if (result->group != nullptr)
    Fail("S0210", expr->position);
  Group* group = ast_->NewGroup();
  group->position = expr->position;
  for (auto& [k, v] : expr->pairs) {
    Node* key = Process(k);
    group->pairs.emplace_back(key, Process(v));
  }
  result->group = group;
  return result;
}

Node* Processor::SortOperator(Node* expr) {
  Node* result = Process(expr->lhs);
  if (result->kind != NodeKind::kPath)
    result = WrapInPath(result);
  Node* sort = ast_->NewNode();
  sort->kind = NodeKind::kSort;
  sort->position = expr->position;
  for (const SortTerm& term : expr->terms) {
    Node* e = Process(term.expr);
    PushAncestry(sort, e);
    sort->terms.push_back(SortTerm{term.descending, e});
  }
  result->steps.push_back(sort);
  ResolveAncestry(result);
  return result;
}

Node* Processor::FocusOperator(Node* expr) {
  Node* result = Process(expr->lhs);
  Node* step = result->kind == NodeKind::kPath ? result->steps.back() : result;
  if (step->has_stages || step->has_predicate)
    Fail("S0215", expr->position);
  if (step->kind == NodeKind::kSort)
    Fail("S0216", expr->position);
  if (expr->keep_array)
    step->keep_array = true;
  step->focus = expr->rhs->value;
  step->tuple = true;
  return result;
}

Node* Processor::IndexOperator(Node* expr) {
  Node* result = Process(expr->lhs);
  Node* step = result;
  if (result->kind == NodeKind::kPath) {
    step = result->steps.back();
  } else {
    result = WrapInPath(result);
    if (step->has_predicate) {
      step->stages = std::move(step->predicate);
      step->predicate.clear();
      step->has_stages = true;
      step->has_predicate = false;
    }
  }
  if (!step->has_stages) {
    step->index = expr->rhs->value;
  } else {
    Stage stage;
    stage.kind = Stage::Kind::kIndex;
    stage.var = expr->rhs->value;
    stage.position = expr->position;
    step->stages.push_back(stage);
  }
  step->tuple = true;
  return result;
}

Node* Processor::Binary(Node* expr) {
  const std::string& op = expr->value;
  if (op == ".")
    return PathOperator(expr);
  if (op == "[")
    return PredicateOperator(expr);
  if (op == "{")
    return GroupOperator(expr);
  if (op == "^")
    return SortOperator(expr);
  if (op == "@")
    return FocusOperator(expr);
  if (op == "#")
    return IndexOperator(expr);
  if (op == ":=") {
    Node* result = NewNode(NodeKind::kBind, expr);
    result->lhs = Process(expr->lhs);
    result->rhs = Process(expr->rhs);
    PushAncestry(result, result->rhs);
    return result;
  }
  if (op == "~>") {
    Node* result = NewNode(NodeKind::kApply, expr);
    result->lhs = Process(expr->lhs);
    result->rhs = Process(expr->rhs);
    result->keep_array = result->lhs->keep_array || result->rhs->keep_array;
    return result;
  }
  Node* result = NewNode(NodeKind::kBinary, expr);
  result->lhs = Process(expr->lhs);
  result->rhs = Process(expr->rhs);
  PushAncestry(result, result->lhs);
  PushAncestry(result, result->rhs);
  return result;
}

Node* Processor::Unary(Node* expr) {
  Node* result = NewNode(NodeKind::kUnary, expr);
  if (expr->value == "[") {
    for (Node* item : expr->expressions) {
      Node* value = Process(item);
      PushAncestry(result, value);
      result->expressions.push_back(value);
    }
  } else if (expr->value == "{") {
    for (auto& [k, v] : expr->pairs) {
      Node* key = Process(k);
      PushAncestry(result, key);
      Node* value = Process(v);
      PushAncestry(result, value);
      result->pairs.emplace_back(key, value);
    }
  } else {
    result->expression = Process(expr->expression);
    if (expr->value == "-" && result->expression->kind == NodeKind::kNumber) {
      result = result->expression;
      result->literal = Value::Number(-result->literal.number());
    } else {
      PushAncestry(result, result->expression);
    }
  }
  return result;
}

Node* Processor::Process(Node* expr) {
  CheckStack();
  Node* result = nullptr;
  switch (expr->kind) {
    case NodeKind::kBinary:
      result = Binary(expr);
      break;
    case NodeKind::kUnary:
      result = Unary(expr);
      break;
    case NodeKind::kFunction:
    case NodeKind::kPartial:
      result = NewNode(expr->kind, expr);
      for (Node* arg : expr->arguments) {
        Node* a = Process(arg);
        PushAncestry(result, a);
        result->arguments.push_back(a);
      }
      result->procedure = Process(expr->procedure);
      break;
    case NodeKind::kLambda:
      result = NewNode(NodeKind::kLambda, expr);
      result->arguments = expr->arguments;
      result->signature = expr->signature;
      result->body = TailCallOptimize(Process(expr->body));
      break;
    case NodeKind::kCondition:
      result = NewNode(NodeKind::kCondition, expr);
      result->condition = Process(expr->condition);
      PushAncestry(result, result->condition);
      result->then = Process(expr->then);
      PushAncestry(result, result->then);
      if (expr->otherwise != nullptr) {
        result->otherwise = Process(expr->otherwise);
        PushAncestry(result, result->otherwise);
      }
      break;
    case NodeKind::kTransform:
      result = NewNode(NodeKind::kTransform, expr);
      result->pattern = Process(expr->pattern);
      result->update = Process(expr->update);
      if (expr->remove != nullptr)
        result->remove = Process(expr->remove);
      break;
    case NodeKind::kBlock:
      result = NewNode(NodeKind::kBlock, expr);
      for (Node* item : expr->expressions) {
        Node* part = Process(item);
        PushAncestry(result, part);
        if (part->consarray || (part->kind == NodeKind::kPath && part->steps[0]->consarray))
          result->consarray = true;
        result->expressions.push_back(part);
      }
      break;
    case NodeKind::kName:
      result = WrapInPath(expr);
      if (expr->keep_array)
        result->keep_singleton_array = true;
      break;
    case NodeKind::kParent: {
      result = ast_->NewNode();
      result->kind = NodeKind::kParent;
      result->position = expr->position;
      result->slot = ast_->NewSlot();
      result->slot->label = "!" + std::to_string(ancestor_label_++);
      result->slot->index = ancestor_index_++;
      ancestry_.push_back(result);
      break;
    }
    case NodeKind::kString:
    case NodeKind::kNumber:
    case NodeKind::kValue:
    case NodeKind::kWildcard:
    case NodeKind::kDescendant:
    case NodeKind::kVariable:
    case NodeKind::kRegex:
      result = expr;
      break;
    case NodeKind::kOperator:
      if (expr->value == "and" || expr->value == "or" || expr->value == "in") {
        expr->kind = NodeKind::kName;
        result = Process(expr);
      } else if (expr->value == "?") {
        result = expr;
      } else {
        Failure f("S0201");
        f.position = expr->position;
        f.WithToken(expr->value);
        Throw(std::move(f));
      }
      break;
    default: {
      Failure f(expr->kind == NodeKind::kEnd ? "S0207" : "S0206");
      f.position = expr->position;
      f.WithToken(expr->value);
      Throw(std::move(f));
    }
  }
  if (expr->keep_array)
    result->keep_array = true;
  return result;
}

}  // namespace

Node* ProcessAst(Ast* ast, Node* expr) {
  Processor p(ast);
  Node* result = p.Process(expr);
  if (result->kind == NodeKind::kParent || result->seeking_parent != nullptr) {
    Failure f("S0217");
    f.WithToken(KindName(result->kind));
    f.position = result->position;
    Throw(std::move(f));
  }
  return result;
}

}  // namespace stepshift::jsonata::internal::parser_internal
