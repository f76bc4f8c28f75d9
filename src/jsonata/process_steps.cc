// The post-parse stage's operators that build path steps: `.` flattens paths, `[...]` attaches
// predicates, `{...}` group-by, `^(...)` order-by, and `@` and `#` bind the focus and the index
// (jsonata-js's processAST, their cases).
#include "jsonata/errors.h"
#include "jsonata/process_internal.h"

namespace stepshift::jsonata::internal::parser_internal {

namespace {

[[noreturn]] void Fail(const char* code, int position) {
  Throw(Failure(code).At(position));
}

}  // namespace

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

}  // namespace stepshift::jsonata::internal::parser_internal
