// The post-parse stage's resolution of the `%` parent operator (jsonata-js's seekParent,
// pushAncestry and resolveAncestry): each `%` gets a slot, labelled with the step whose context
// it refers to.
#include "jsonata/errors.h"
#include "jsonata/process_internal.h"
#include "jsonata/stack_guard.h"

namespace stepshift::jsonata::internal::parser_internal {

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

}  // namespace stepshift::jsonata::internal::parser_internal
