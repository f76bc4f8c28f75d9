// The Pratt parser of jsonata-js (Vaughan Pratt's top-down operator precedence, after Douglas
// Crockford's JavaScript framework). Symbols, binding powers and error codes are the reference's.
#include "jsonata/parser.h"

#include <cstring>
#include <optional>

#include "jsonata/errors.h"
#include "jsonata/lexer.h"
#include "jsonata/regex.h"
#include "jsonata/signature.h"
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

bool IsPlainInfix(std::string_view id) {
  static constexpr const char* kOps[] = {".",  "+",  "-",  "*", "/",   "%",  "=",  "<", ">",
                                         "!=", "<=", ">=", "&", "and", "or", "in", "~>"};
  for (const char* op : kOps) {
    if (id == op)
      return true;
  }
  return false;
}

class Parser {
 public:
  Parser(std::string_view text, Ast* ast) : text_(text), lexer_(text), ast_(ast) {}

  Node* ParseAll() {
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

 private:
  // The token's value as the reference's error objects carry it.
  static Value TokenValue(const Node* n) {
    if (n->kind == NodeKind::kNumber || n->kind == NodeKind::kValue)
      return n->literal;
    return Value::String(n->value);
  }

  void Advance(const char* id = nullptr, bool infix = false) {
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

  int Lbp(const Node* n) const {
    const Symbol* s = FindSymbol(n->id);
    return s == nullptr ? 0 : s->lbp;
  }

  Node* Expression(int rbp) {
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

  Node* Nud(Node* t) {
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

  Node* Led(Node* t, Node* left) {
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

  Node* Coalesce(Node* t, Node* left) {
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
    call->arguments.push_back(parser_internal::CloneRaw(ast_, left));
    t->condition = call;
    t->then = left;
    t->otherwise = Expression(0);
    return t;
  }

  Node* Elvis(Node* t, Node* left) {
    t->kind = NodeKind::kCondition;
    t->condition = parser_internal::CloneRaw(ast_, left);
    t->then = left;
    t->otherwise = Expression(0);
    return t;
  }

  Node* Ternary(Node* t, Node* left) {
    t->kind = NodeKind::kCondition;
    t->condition = left;
    t->then = Expression(0);
    if (node_->id == ":") {
      Advance(":");
      t->otherwise = Expression(0);
    }
    return t;
  }

  Node* Call(Node* t, Node* left) {
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

  Node* Lambda(Node* t) {
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

  Node* Block(Node* t) {
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

  Node* ArrayConstructor(Node* t) {
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

  Node* Predicate(Node* t, Node* left) {
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

  Node* OrderBy(Node* t, Node* left) {
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

  Node* ObjectConstructor(Node* t, Node* left) {
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

  Node* Bind(Node* t, Node* left) {
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

  Node* ContextBind(Node* t, Node* left) {
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

  Node* Transform(Node* t) {
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

  std::string_view text_;
  Lexer lexer_;
  Ast* ast_;
  Node* node_ = nullptr;
};

}  // namespace

namespace parser_internal {

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
  Parser parser(text, ast.get());
  Node* raw = parser.ParseAll();
  ast->root = parser_internal::ProcessAst(ast.get(), raw);
  return ast;
}

}  // namespace stepshift::jsonata::internal
