// The post-parse stage's class, shared by process.cc (the walk over the tree),
// process_steps.cc (the operators that build path steps) and process_ancestry.cc (the `%`
// parent operator). Internal to the parser.
#pragma once

#include <vector>

#include "jsonata/ast.h"

namespace stepshift::jsonata::internal::parser_internal {

// The reference's name of a node kind, as error S0217 quotes it.
const char* KindName(NodeKind k);

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

  // The `%` parent operator's slots, matched to the steps they refer to
  // (process_ancestry.cc).
  Slot* SeekParent(Node* node, Slot* slot);
  void PushAncestry(Node* result, Node* value);
  void ResolveAncestry(Node* path);

  // Binary operators (process.cc); the ones that build path steps are in process_steps.cc.
  Node* Binary(Node* expr);
  Node* PathOperator(Node* expr);
  Node* PredicateOperator(Node* expr);
  Node* GroupOperator(Node* expr);
  Node* SortOperator(Node* expr);
  Node* FocusOperator(Node* expr);
  Node* IndexOperator(Node* expr);

  Node* Unary(Node* expr);
  Node* TailCallOptimize(Node* expr);

  Ast* ast_;
  int ancestor_label_ = 0;
  int ancestor_index_ = 0;
  std::vector<Node*> ancestry_;
};

}  // namespace stepshift::jsonata::internal::parser_internal
