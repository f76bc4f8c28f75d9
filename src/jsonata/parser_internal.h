// The Pratt parser's class, shared by its two files: parser.cc (the token stream, the
// binding-power loop and the constructs that start an expression) and parser_infix.cc (the
// constructs that continue one). Internal to the parser.
#pragma once

#include <string_view>

#include "jsonata/ast.h"
#include "jsonata/lexer.h"

namespace stepshift::jsonata::internal::parser_internal {

class Parser {
 public:
  Parser(std::string_view text, Ast* ast) : text_(text), lexer_(text), ast_(ast) {}

  // The whole text as one expression; S0201 when tokens are left over.
  Node* ParseAll();

 private:
  // --- The token stream and the binding-power loop (parser.cc) ---
  // The token's value as the reference's error objects carry it.
  static Value TokenValue(const Node* n);
  // Moves to the next token, which must be `id` when one is given (S0202, or S0203 at the end).
  // `infix`: an operator is expected next (lexer.h).
  void Advance(const char* id = nullptr, bool infix = false);
  int Lbp(const Node* n) const;  // the left binding power of the node's symbol
  Node* Expression(int rbp);
  Node* Nud(Node* t);              // `t` starts an expression
  Node* Led(Node* t, Node* left);  // `t` continues `left` (parser_infix.cc)

  // --- Constructs that start an expression (parser.cc) ---
  Node* Block(Node* t);
  Node* ArrayConstructor(Node* t);
  // Also an infix: `left{...}` groups `left` (left is null for a plain object constructor).
  Node* ObjectConstructor(Node* t, Node* left);
  Node* Transform(Node* t);

  // --- Constructs that continue one (parser_infix.cc) ---
  Node* Coalesce(Node* t, Node* left);
  Node* Elvis(Node* t, Node* left);
  Node* Ternary(Node* t, Node* left);
  Node* Call(Node* t, Node* left);
  Node* Lambda(Node* t);  // a call of `function` or `λ` turns out to be a lambda
  Node* Predicate(Node* t, Node* left);
  Node* OrderBy(Node* t, Node* left);
  Node* Bind(Node* t, Node* left);
  Node* ContextBind(Node* t, Node* left);

  std::string_view text_;
  Lexer lexer_;
  Ast* ast_;
  Node* node_ = nullptr;
};

}  // namespace stepshift::jsonata::internal::parser_internal
