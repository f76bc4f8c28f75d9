// JSONata text -> syntax tree: jsonata-js's Pratt parser (parser.js) and its post-parse stage.
// Throws Failure with the S0xxx code and byte position of the first syntax error.
#pragma once

#include <memory>
#include <string_view>

#include "jsonata/ast.h"

namespace stepshift::jsonata::internal {

// Nesting deeper than the stack budget (stack_guard.h) fails with D1011.
std::unique_ptr<Ast> Parse(std::string_view text);

namespace parser_internal {
// The post-parse stage (process.cc): flattens paths, attaches predicates, group-by and order-by
// to steps, resolves `%` slots and marks tail calls.
Node* ProcessAst(Ast* ast, Node* expr);
Node* CloneRaw(Ast* ast, const Node* n);
}  // namespace parser_internal

}  // namespace stepshift::jsonata::internal
