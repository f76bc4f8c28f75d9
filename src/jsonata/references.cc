// What an expression refers to: its variables, the fields it reads off them and the names it
// reads from the input document at the top level, found by walking the processed syntax tree.
#include <algorithm>

#include "jsonata/ast.h"
#include "jsonata/jsonata.h"
#include "jsonata/stack_guard.h"

namespace stepshift::jsonata {

namespace {

using internal::Node;
using internal::NodeKind;

void AddUnique(std::vector<std::string>* v, const std::string& s) {
  if (std::find(v->begin(), v->end(), s) == v->end())
    v->push_back(s);
}

class Walker {
 public:
  explicit Walker(Expression::References* refs) : refs_(refs) {}

  // Every node, for variables and their fields.
  void Variables(const Node* n) {
    if (n == nullptr)
      return;
    internal::CheckStack();
    if (n->kind == NodeKind::kPath && !n->steps.empty() &&
        n->steps[0]->kind == NodeKind::kVariable && n->steps.size() >= 2 &&
        n->steps[1]->kind == NodeKind::kName && !n->steps[0]->has_stages &&
        !n->steps[0]->has_predicate && !n->steps[0]->tuple) {
      const std::string& var = n->steps[0]->value;
      AddUnique(&refs_->variables, var);
      AddField(var, n->steps[1]->value);
      for (size_t i = 1; i < n->steps.size(); ++i)
        Variables(n->steps[i]);
      Children(n);
      return;
    }
    if (n->kind == NodeKind::kVariable && !n->value.empty()) {
      AddUnique(&refs_->variables, n->value);
      AddUnique(&refs_->whole, n->value);
    }
    for (const Node* s : n->steps)
      Variables(s);
    Children(n);
  }

  // The top level only: the first step of paths, operands, arguments, lambda bodies.
  void Context(const Node* n) {
    if (n == nullptr)
      return;
    internal::CheckStack();
    switch (n->kind) {
      case NodeKind::kPath:
        if (!n->steps.empty())
          Context(n->steps[0]);
        break;
      case NodeKind::kName:
        AddUnique(&refs_->context, n->value);
        break;
      case NodeKind::kVariable:
        if (n->value.empty())
          AddUnique(&refs_->context, "$");
        else if (n->value == "$")
          AddUnique(&refs_->context, "$$");
        break;
      case NodeKind::kUnary:
        for (const Node* e : n->expressions)
          Context(e);
        for (const auto& [k, v] : n->pairs) {
          Context(k);
          Context(v);
        }
        Context(n->expression);
        break;
      case NodeKind::kBinary:
      case NodeKind::kApply:
        Context(n->lhs);
        Context(n->rhs);
        break;
      case NodeKind::kFunction:
      case NodeKind::kPartial:
        Context(n->procedure);
        for (const Node* a : n->arguments)
          Context(a);
        break;
      case NodeKind::kLambda:
        Context(n->body);
        break;
      case NodeKind::kCondition:
        Context(n->condition);
        Context(n->then);
        Context(n->otherwise);
        break;
      case NodeKind::kBlock:
        for (const Node* e : n->expressions)
          Context(e);
        break;
      case NodeKind::kBind:
        Context(n->rhs);
        break;
      default:
        break;
    }
  }

 private:
  void AddField(const std::string& var, const std::string& field) {
    for (auto& [v, fields] : refs_->fields) {
      if (v == var) {
        AddUnique(&fields, field);
        return;
      }
    }
    refs_->fields.push_back({var, {field}});
  }

  void Children(const Node* n) {
    Variables(n->lhs);
    Variables(n->rhs);
    Variables(n->expression);
    for (const Node* e : n->expressions)
      Variables(e);
    for (const auto& [k, v] : n->pairs) {
      Variables(k);
      Variables(v);
    }
    for (const auto& t : n->terms)
      Variables(t.expr);
    for (const auto& s : n->stages)
      Variables(s.expr);
    for (const auto& s : n->predicate)
      Variables(s.expr);
    if (n->group != nullptr) {
      for (const auto& [k, v] : n->group->pairs) {
        Variables(k);
        Variables(v);
      }
    }
    Variables(n->condition);
    Variables(n->then);
    Variables(n->otherwise);
    Variables(n->procedure);
    for (const Node* a : n->arguments)
      Variables(a);
    Variables(n->body);
    Variables(n->pattern);
    Variables(n->update);
    Variables(n->remove);
  }

  Expression::References* refs_;
};

}  // namespace

Expression::Expression(std::string text, std::shared_ptr<const internal::Ast> ast)
    : text_(std::move(text)), ast_(std::move(ast)) {
  Walker w(&refs_);
  w.Variables(ast_->root);
  w.Context(ast_->root);
}

bool Expression::VariableFields(std::string_view var, std::vector<std::string>* fields) const {
  if (std::find(refs_.whole.begin(), refs_.whole.end(), var) != refs_.whole.end())
    return false;
  for (const auto& [v, f] : refs_.fields) {
    if (v == var) {
      *fields = f;
      return true;
    }
  }
  return false;
}

}  // namespace stepshift::jsonata
