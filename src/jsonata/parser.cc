// The Pratt parser of jsonata-js (Vaughan Pratt's top-down operator precedence, after Douglas
// Crockford's JavaScript framework). Symbols, binding powers and error codes are the reference's.
// This file: the token stream, the binding-power loop and the constructs that start an
// expression; parser_infix.cc has the constructs that continue one.
#include "jsonata/parser.h"

#include <cstring>
#include <optional>

#include "jsonata/errors.h"
#include "jsonata/parser_internal.h"
#include "jsonata/regex.h"
#include "jsonata/stack_guard.h"

namespace stepshift::jsonata::internal {

namespace {

struct Symbol {
  const char* id;
  int lbp;
};

// Left binding powers as the reference's symbol table ends up after its registrations.
constexpr Symbol kSymbols[] = {
    {"(end)", 0}, {"(name)", 0}, {"(literal)", 0}, {"(regex)", 0}, {":", 0},   {";", 0},
    {",", 0},     {")", 0},      {"]", 0},         {"}", 0},       {"..", 0},  {".", 75},
    {"+", 50},    {"-", 50},     {"*", 60},        {"/", 60},      {"%", 60},  {"=", 40},
    {"<", 40},    {">", 40},     {"!=", 40},       {"<=", 40},     {">=", 40}, {"&", 50},
    {"and", 30},  {"or", 25},    {"in", 40},       {"~>", 40},     {"??", 40}, {"**", 0},
    {"(", 80},    {"[", 80},     {"^", 40},        {"{", 70},      {":=", 10}, {"@", 80},
    {"#", 80},    {"?", 20},     {"?:", 40},       {"|", 0},
};

const Symbol* FindSymbol(std::string_view id) {
  for (const Symbol& s : kSymbols) {
    if (id == s.id)
      return &s;
  }
  return nullptr;
}

}  // namespace

namespace parser_internal {

Node* Parser::ParseAll() {
  Advance();
  Node* expr = Expression(0);
  if (node_->id != "(end)") {
    Failure f("S0201");
    f.position = node_->position;
    f.token = TokenValue(node_);
    Throw(std::move(f));
  }
  return expr;
}

Value Parser::TokenValue(const Node* n) {
  if (n->kind == NodeKind::kNumber || n->kind == NodeKind::kValue)
    return n->literal;
  return Value::String(n->value);
}

void Parser::Advance(const char* id, bool infix) {
  if (id != nullptr && node_->id != id) {
    Failure f(node_->id == "(end)" ? "S0203" : "S0202");
    f.position = node_->position;
    f.token = TokenValue(node_);
    f.WithValue(Value::String(id));
    Throw(std::move(f));
  }
  std::optional<Token> tok = lexer_.Next(infix);
  Node* n = ast_->NewNode();
  if (!tok) {
    n->id = "(end)";
    n->value = "(end)";
    n->kind = NodeKind::kEnd;
    n->position = static_cast<int>(text_.size());
    node_ = n;
    return;
  }
  n->position = tok->position;
  n->value = tok->value;
  n->literal = tok->literal;
  n->literal.MakeShared();
  switch (tok->type) {
    case Token::Type::kName:
      n->id = "(name)";
      n->kind = NodeKind::kName;
      break;
    case Token::Type::kVariable:
      n->id = "(name)";
      n->kind = NodeKind::kVariable;
      break;
    case Token::Type::kOperator:
      if (FindSymbol(tok->value) == nullptr) {
        Failure f("S0204");
        f.position = tok->position;
        f.WithToken(tok->value);
        Throw(std::move(f));
      }
      n->id = tok->value;
      n->kind = NodeKind::kOperator;
      break;
    case Token::Type::kString:
      n->id = "(literal)";
      n->kind = NodeKind::kString;
      break;
    case Token::Type::kNumber:
      n->id = "(literal)";
      n->kind = NodeKind::kNumber;
      break;
    case Token::Type::kValue:
      n->id = "(literal)";
      n->kind = NodeKind::kValue;
      break;
    case Token::Type::kRegex: {
      n->id = "(regex)";
      n->kind = NodeKind::kRegex;
      std::string error;
      n->regex = Regex::Compile(tok->value, tok->flags, &error);
      if (n->regex == nullptr) {
        Failure f("S0303");
        f.position = tok->position;
        f.message = "Invalid regular expression /" + tok->value + "/: " + error;
        Throw(std::move(f));
      }
      break;
    }
  }
  node_ = n;
}

int Parser::Lbp(const Node* n) const {
  const Symbol* s = FindSymbol(n->id);
  return s == nullptr ? 0 : s->lbp;
}

Node* Parser::Expression(int rbp) {
  CheckStack();
  Node* t = node_;
  Advance(nullptr, true);
  Node* left = Nud(t);
  while (rbp < Lbp(node_)) {
    t = node_;
    Advance();
    left = Led(t, left);
  }
  return left;
}

Node* Parser::Nud(Node* t) {
  const std::string& id = t->id;
  if (id == "(end)" || id == "(name)" || id == "(literal)" || id == "(regex)" || id == "and" ||
      id == "or" || id == "in") {
    return t;
  }
  if (id == "-") {
    t->expression = Expression(70);
    t->kind = NodeKind::kUnary;
    return t;
  }
  if (id == "*") {
    t->kind = NodeKind::kWildcard;
    return t;
  }
  if (id == "**") {
    t->kind = NodeKind::kDescendant;
    return t;
  }
  if (id == "%") {
    t->kind = NodeKind::kParent;
    return t;
  }
  if (id == "(")
    return Block(t);
  if (id == "[")
    return ArrayConstructor(t);
  if (id == "{")
    return ObjectConstructor(t, nullptr);
  if (id == "|")
    return Transform(t);
  Failure f("S0211");
  f.position = t->position;
  f.token = TokenValue(t);
  Throw(std::move(f));
}

Node* Parser::Block(Node* t) {
  while (node_->id != ")") {
    t->expressions.push_back(Expression(0));
    if (node_->id != ";")
      break;
    Advance(";");
  }
  Advance(")", true);
  t->kind = NodeKind::kBlock;
  return t;
}

Node* Parser::ArrayConstructor(Node* t) {
  if (node_->id != "]") {
    while (true) {
      Node* item = Expression(0);
      if (node_->id == "..") {
        Node* range = ast_->NewNode();
        range->kind = NodeKind::kBinary;
        range->id = "..";
        range->value = "..";
        range->position = node_->position;
        range->lhs = item;
        Advance("..");
        range->rhs = Expression(0);
        item = range;
      }
      t->expressions.push_back(item);
      if (node_->id != ",")
        break;
      Advance(",");
    }
  }
  Advance("]", true);
  t->kind = NodeKind::kUnary;
  return t;
}

Node* Parser::ObjectConstructor(Node* t, Node* left) {
  if (node_->id != "}") {
    while (true) {
      Node* name = Expression(0);
      Advance(":");
      Node* value = Expression(0);
      t->pairs.emplace_back(name, value);
      if (node_->id != ",")
        break;
      Advance(",");
    }
  }
  Advance("}", true);
  if (left == nullptr) {
    t->kind = NodeKind::kUnary;
  } else {
    t->lhs = left;
    t->kind = NodeKind::kBinary;
  }
  return t;
}

Node* Parser::Transform(Node* t) {
  t->kind = NodeKind::kTransform;
  t->pattern = Expression(0);
  Advance("|");
  t->update = Expression(0);
  if (node_->id == ",") {
    Advance(",");
    t->remove = Expression(0);
  }
  Advance("|");
  return t;
}

Node* CloneRaw(Ast* ast, const Node* n) {
  if (n == nullptr)
    return nullptr;
  CheckStack();
  Node* c = ast->NewNode();
  *c = *n;

  c->lhs = CloneRaw(ast, n->lhs);
  c->rhs = CloneRaw(ast, n->rhs);
  c->expression = CloneRaw(ast, n->expression);
  for (Node*& e : c->expressions)
    e = CloneRaw(ast, e);
  for (auto& p : c->pairs)
    p = {CloneRaw(ast, p.first), CloneRaw(ast, p.second)};
  for (SortTerm& term : c->terms)
    term.expr = CloneRaw(ast, term.expr);
  c->condition = CloneRaw(ast, n->condition);
  c->then = CloneRaw(ast, n->then);
  c->otherwise = CloneRaw(ast, n->otherwise);
  c->procedure = CloneRaw(ast, n->procedure);
  for (Node*& a : c->arguments)
    a = CloneRaw(ast, a);
  c->body = CloneRaw(ast, n->body);
  c->pattern = CloneRaw(ast, n->pattern);
  c->update = CloneRaw(ast, n->update);
  c->remove = CloneRaw(ast, n->remove);
  return c;
}

}  // namespace parser_internal

std::unique_ptr<Ast> Parse(std::string_view text) {
  auto ast = std::make_unique<Ast>();
  parser_internal::Parser parser(text, ast.get());
  Node* raw = parser.ParseAll();
  ast->root = parser_internal::ProcessAst(ast.get(), raw);
  return ast;
}

}  // namespace stepshift::jsonata::internal
