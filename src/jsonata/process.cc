// jsonata-js's post-parse stage (processAST, tailCallOptimize), which adds the semantic structure
// the evaluator relies on. The operators that build path steps are in process_steps.cc, the
// resolution of the `%` parent operator (seekParent, pushAncestry, resolveAncestry) in
// process_ancestry.cc.
#include <string>

#include "jsonata/errors.h"
#include "jsonata/parser.h"
#include "jsonata/process_internal.h"
#include "jsonata/stack_guard.h"

namespace stepshift::jsonata::internal::parser_internal {

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
