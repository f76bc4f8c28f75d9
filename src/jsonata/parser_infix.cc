// The Pratt parser's constructs that continue an expression (its `led`s): operators, calls and
// lambdas, predicates, order-by, bindings and conditions. parser.cc has the rest.
#include <memory>

#include "jsonata/errors.h"
#include "jsonata/parser.h"
#include "jsonata/parser_internal.h"
#include "jsonata/signature.h"

namespace stepshift::jsonata::internal::parser_internal {

namespace {

bool IsPlainInfix(std::string_view id) {
  static constexpr const char* kOps[] = {".",  "+",  "-",  "*", "/",   "%",  "=",  "<", ">",
                                         "!=", "<=", ">=", "&", "and", "or", "in", "~>"};
  for (const char* op : kOps) {
    if (id == op)
      return true;
  }
  return false;
}

}  // namespace

Node* Parser::Led(Node* t, Node* left) {
  const std::string& id = t->id;
  if (IsPlainInfix(id)) {
    t->lhs = left;
    t->rhs = Expression(Lbp(t));
    t->kind = NodeKind::kBinary;
    return t;
  }
  if (id == "??")
    return Coalesce(t, left);
  if (id == "(")
    return Call(t, left);
  if (id == "[")
    return Predicate(t, left);
  if (id == "^")
    return OrderBy(t, left);
  if (id == "{")
    return ObjectConstructor(t, left);
  if (id == ":=")
    return Bind(t, left);
  if (id == "@" || id == "#")
    return ContextBind(t, left);
  if (id == "?")
    return Ternary(t, left);
  if (id == "?:")
    return Elvis(t, left);
  Failure f("S0201");  // unreachable: every symbol with a binding power has a led
  f.position = t->position;
  f.token = TokenValue(t);
  Throw(std::move(f));
}

Node* Parser::Coalesce(Node* t, Node* left) {
  t->kind = NodeKind::kCondition;
  Node* call = ast_->NewNode();
  call->kind = NodeKind::kFunction;
  call->value = "(";
  call->position = -1;
  Node* exists = ast_->NewNode();
  exists->kind = NodeKind::kVariable;
  exists->value = "exists";
  exists->position = -1;
  call->procedure = exists;
  call->arguments.push_back(CloneRaw(ast_, left));
  t->condition = call;
  t->then = left;
  t->otherwise = Expression(0);
  return t;
}

Node* Parser::Elvis(Node* t, Node* left) {
  t->kind = NodeKind::kCondition;
  t->condition = CloneRaw(ast_, left);
  t->then = left;
  t->otherwise = Expression(0);
  return t;
}

Node* Parser::Ternary(Node* t, Node* left) {
  t->kind = NodeKind::kCondition;
  t->condition = left;
  t->then = Expression(0);
  if (node_->id == ":") {
    Advance(":");
    t->otherwise = Expression(0);
  }
  return t;
}

Node* Parser::Call(Node* t, Node* left) {
  t->procedure = left;
  t->kind = NodeKind::kFunction;
  if (node_->id != ")") {
    while (true) {
      if (node_->kind == NodeKind::kOperator && node_->id == "?") {
        t->kind = NodeKind::kPartial;
        t->arguments.push_back(node_);
        Advance("?");
      } else {
        t->arguments.push_back(Expression(0));
      }
      if (node_->id != ",")
        break;
      Advance(",");
    }
  }
  Advance(")", true);
  if (left->kind == NodeKind::kName && (left->value == "function" || left->value == "\u03BB"))
    return Lambda(t);
  return t;
}

Node* Parser::Lambda(Node* t) {
  for (size_t i = 0; i < t->arguments.size(); ++i) {
    Node* arg = t->arguments[i];
    if (arg->kind != NodeKind::kVariable) {
      Failure f("S0208");
      f.position = arg->position;
      f.token = TokenValue(arg);
      f.WithValue(Value::Number(static_cast<double>(i + 1)));
      Throw(std::move(f));
    }
  }
  t->kind = NodeKind::kLambda;
  if (node_->id == "<") {
    int sig_pos = node_->position;
    int depth = 1;
    std::string sig = "<";
    while (depth > 0 && node_->id != "{" && node_->id != "(end)") {
      Advance();
      if (node_->id == ">")
        --depth;
      else if (node_->id == "<")
        ++depth;
      sig += node_->value;
    }
    Advance(">");
    try {
      t->signature = std::make_shared<const Signature>(Signature::Parse(sig));
    } catch (Failure& f) {
      f.position = sig_pos + f.position;
      throw;
    }
  }
  Advance("{");
  t->body = Expression(0);
  Advance("}");
  return t;
}

Node* Parser::Predicate(Node* t, Node* left) {
  if (node_->id == "]") {
    // An empty predicate keeps singleton arrays in the output.
    Node* step = left;
    while (step != nullptr && step->kind == NodeKind::kBinary && step->value == "[")
      step = step->lhs;
    step->keep_array = true;
    Advance("]");
    return left;
  }
  t->lhs = left;
  t->rhs = Expression(0);
  t->kind = NodeKind::kBinary;
  Advance("]", true);
  return t;
}

Node* Parser::OrderBy(Node* t, Node* left) {
  Advance("(");
  while (true) {
    SortTerm term;
    if (node_->id == "<") {
      Advance("<");
    } else if (node_->id == ">") {
      term.descending = true;
      Advance(">");
    }
    term.expr = Expression(0);
    t->terms.push_back(term);
    if (node_->id != ",")
      break;
    Advance(",");
  }
  Advance(")");
  t->lhs = left;
  t->kind = NodeKind::kBinary;
  return t;
}

Node* Parser::Bind(Node* t, Node* left) {
  if (left->kind != NodeKind::kVariable) {
    Failure f("S0212");
    f.position = left->position;
    f.token = TokenValue(left);
    Throw(std::move(f));
  }
  t->lhs = left;
  t->rhs = Expression(10 - 1);  // right associative
  t->kind = NodeKind::kBinary;
  return t;
}

Node* Parser::ContextBind(Node* t, Node* left) {
  t->lhs = left;
  t->rhs = Expression(80);
  if (t->rhs->kind != NodeKind::kVariable) {
    Failure f("S0214");
    f.position = t->rhs->position;
    f.WithToken(t->id);
    Throw(std::move(f));
  }
  t->kind = NodeKind::kBinary;
  return t;
}

}  // namespace stepshift::jsonata::internal::parser_internal
