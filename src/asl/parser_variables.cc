// Workflow variables at definition time: the names an Assign field may use and which scope may
// assign them.
//
// AWS Developer Guide, "Passing data between states with variables" (workflow-variables.html),
// "Variable name syntax": names follow the Unicode identifier rules of UAX #31 — the first
// character an ID_Start character, the others ID_Continue characters — and are at most 80
// characters long. The States Language specification (states-language.net, "State Machine
// Variables") reserves the name "states": "A state MUST NOT assign a value to "states"".
//
// "Variable scope": a Parallel branch or Map iteration is a scope of its own that may read outer
// variables, but "a variable assigned in an inner scope cannot have the same name as one assigned
// in an outer scope" (the specification: "states in inner scopes MUST NOT assign to a variable
// with the same name as a variable in an outer scope"). A Catch's Assign belongs to the scope of
// the state that has the Catch, like the state's own Assign.
#include <cstdint>
#include <unordered_set>

#include "asl/parser_internal.h"
#include "jsonata/utf8.h"

namespace stepshift::asl::internal {

namespace {

constexpr size_t kMaxVariableNameChars = 80;

// Code points outside ASCII that are neither ID_Start nor ID_Continue: spaces, punctuation and
// symbol blocks, controls, private use, specials and emoji. Everything else above U+007F is taken
// as a letter (or, for ID_Continue, a mark or digit); without the full Unicode tables this keeps
// every real script's letters legal and rejects the characters a user is likely to mistype.
bool IsNonIdentifierBlock(uint32_t cp) {
  struct Range {
    uint32_t lo, hi;
  };

  static constexpr Range kRanges[] = {
      {0x0080, 0x00A9}, {0x00AB, 0x00B4}, {0x00B6, 0x00B6}, {0x00B8, 0x00B9},   {0x00BB, 0x00BF},
      {0x00D7, 0x00D7}, {0x00F7, 0x00F7}, {0x2000, 0x203E}, {0x2041, 0x2053},   {0x2055, 0x206F},
      {0x2190, 0x2BFF}, {0x3000, 0x3004}, {0x3008, 0x3020}, {0xD800, 0xF8FF},   {0xFE10, 0xFE32},
      {0xFE35, 0xFE4C}, {0xFE50, 0xFE6F}, {0xFF00, 0xFF0F}, {0xFF1A, 0xFF20},   {0xFF3B, 0xFF3E},
      {0xFF40, 0xFF40}, {0xFF5B, 0xFF65}, {0xFFF0, 0xFFFF}, {0x1F000, 0x1FAFF}, {0xE0000, 0x10FFFF},
  };
  for (const Range& r : kRanges) {
    if (cp >= r.lo && cp <= r.hi)
      return true;
  }
  return false;
}

bool IsIdStart(uint32_t cp) {
  if (cp < 0x80)
    return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
  // Combining marks and the middle dot continue an identifier but cannot start one.
  bool mark = (cp >= 0x0300 && cp <= 0x036F) || cp == 0x00B7 || cp == 0x203F || cp == 0x2040;
  return !mark && !IsNonIdentifierBlock(cp);
}

bool IsIdContinue(uint32_t cp) {
  if (cp < 0x80)
    return IsIdStart(cp) || (cp >= '0' && cp <= '9') || cp == '_';
  return cp == 0x00B7 || !IsNonIdentifierBlock(cp) || cp == 0x203F || cp == 0x2040;
}

}  // namespace

std::string VariableNameProblem(std::string_view name) {
  if (name == "states")
    return "The variable name 'states' is reserved and cannot be assigned";
  size_t chars = 0;
  bool ok = !name.empty();
  for (size_t i = 0; i < name.size();) {
    uint32_t cp = jsonata::internal::NextCodePoint(name, &i);
    ok = ok && (chars == 0 ? IsIdStart(cp) : IsIdContinue(cp));
    ++chars;
  }
  if (!ok) {
    return "The variable name '" + std::string(name) +
           "' is not valid: the first character must be a Unicode ID_Start character (a "
           "letter) and the others Unicode ID_Continue characters (letters, digits, '_')";
  }
  if (chars > kMaxVariableNameChars) {
    return "The variable name '" + std::string(name) + "' is longer than 80 characters";
  }
  return "";
}

void DefinitionBuilder::CheckAssign(const Value& assign, const std::string& loc) {
  const Object* obj = assign.if_object();
  if (obj == nullptr)
    return;  // "Expected value of type [OBJECT]" is reported by the caller
  for (const auto& kv : *obj) {
    std::string key(kv.key());
    std::string name = key;
    // A JSONPath Assign names its dynamic values "name.$"; the variable is "name".
    if (!IsJsonataState() && name.size() > 2 && name.compare(name.size() - 2, 2, ".$") == 0)
      name.resize(name.size() - 2);
    std::string problem = VariableNameProblem(name);
    if (!problem.empty()) {
      Error(problem, loc + "/" + key);
      continue;
    }
    assigned_.push_back({current_scope_, name, loc + "/" + key});
  }
}

void DefinitionBuilder::CheckOuterScopeAssigns() {
  std::vector<std::unordered_set<std::string_view>> names(scope_parents_.size());
  for (const AssignedName& a : assigned_)
    names[a.scope].insert(a.name);
  for (const AssignedName& inner : assigned_) {
    for (int scope = scope_parents_[inner.scope]; scope >= 0; scope = scope_parents_[scope]) {
      if (names[scope].contains(inner.name)) {
        Error("The variable '" + inner.name +
                  "' is assigned in an outer scope and cannot be assigned in a Parallel branch "
                  "or Map iteration",
              inner.location);
        break;
      }
    }
  }
}

}  // namespace stepshift::asl::internal
