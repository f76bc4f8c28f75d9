// The JSONata syntax tree, in the shape jsonata-js's parser and its post-parse stage (processAST)
// give it: location paths flattened into steps with stages (predicates, index bindings), group-by
// and order-by attached to steps, parent (%) references resolved to ancestor slots, tail calls
// marked as thunks. The evaluator reads it; nothing changes it after compilation.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "jsonata/value.h"

namespace stepshift::jsonata::internal {

class Regex;
struct Signature;

enum class NodeKind : uint8_t {
  kPath,
  kBinary,
  kUnary,
  kName,
  kString,
  kNumber,
  kValue,  // true, false, null
  kWildcard,
  kDescendant,
  kParent,
  kCondition,
  kBlock,
  kBind,
  kRegex,
  kFunction,
  kVariable,
  kLambda,
  kPartial,
  kApply,
  kTransform,
  kSort,
  kOperator,  // a bare operator token: `?` in a partial application, or and/or/in as names
  kEnd,
};

// An ancestor slot: where a `%` finds its parent in the tuple stream.
struct Slot {
  std::string label;  // "!0", "!1", ...
  int level = 1;
  int index = 0;
};

// jsonata-js shares these arrays between nodes and appends to them through any holder.
using SlotList = std::vector<Slot*>;

struct Node;

struct Stage {
  enum class Kind { kFilter, kIndex } kind = Kind::kFilter;
  Node* expr = nullptr;  // kFilter
  std::string var;       // kIndex
  int position = 0;
};

struct SortTerm {
  bool descending = false;
  Node* expr = nullptr;
};

struct Group {
  std::vector<std::pair<Node*, Node*>> pairs;
  int position = 0;
};

struct Node {
  NodeKind kind = NodeKind::kEnd;
  std::string id;     // the parser's symbol: "(name)", "(literal)", "+", "[", ...
  std::string value;  // operator, name, variable name or string literal
  Value literal;      // kString, kNumber, kValue: the value (shared: evaluations hand it out)
  int position = 0;

  Node* lhs = nullptr;
  Node* rhs = nullptr;
  Node* expression = nullptr;                  // unary minus
  std::vector<Node*> expressions;              // array constructor, block
  std::vector<std::pair<Node*, Node*>> pairs;  // object constructor; raw `{` group
  std::vector<SortTerm> terms;                 // raw `^`, and kSort steps
  std::vector<Node*> steps;                    // kPath
  std::vector<Stage> stages;                   // a path step's predicates and index bindings
  std::vector<Stage> predicate;                // predicates of a non-step expression
  Group* group = nullptr;
  Node* condition = nullptr;
  Node* then = nullptr;
  Node* otherwise = nullptr;
  Node* procedure = nullptr;
  std::vector<Node*> arguments;
  Node* body = nullptr;
  std::shared_ptr<const Signature> signature;
  Node* pattern = nullptr;
  Node* update = nullptr;
  Node* remove = nullptr;
  std::shared_ptr<const Regex> regex;

  bool keep_array = false;
  bool keep_singleton_array = false;
  bool consarray = false;
  bool tuple = false;
  bool thunk = false;
  bool has_predicate = false;  // `predicate` defined (possibly empty)
  bool has_stages = false;
  std::optional<std::string> focus;  // `@$var`
  std::optional<std::string> index;  // `#$var`
  Slot* ancestor = nullptr;
  Slot* slot = nullptr;                // kParent
  SlotList* seeking_parent = nullptr;  // undefined when null
};

// Owns every node of one expression (and of nothing else).
struct Ast {
  std::deque<Node> nodes;
  std::deque<Slot> slots;
  std::deque<SlotList> slot_lists;
  std::deque<Group> groups;
  Node* root = nullptr;

  Node* NewNode() { return &nodes.emplace_back(); }

  Slot* NewSlot() { return &slots.emplace_back(); }

  SlotList* NewSlotList() { return &slot_lists.emplace_back(); }

  Group* NewGroup() { return &groups.emplace_back(); }
};

}  // namespace stepshift::jsonata::internal
