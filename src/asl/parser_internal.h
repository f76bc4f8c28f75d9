// Internal to the parser: the recursive builder shared by parser.cc, parser_states.cc and
// validator.cc.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "asl/definition.h"
#include "asl/diagnostic.h"

namespace stepshift::asl::internal {

// The fields a state of `type` may have in query language `ql` (besides Type, Comment and
// QueryLanguage).
const std::set<std::string>& AllowedFields(StateType type, QueryLanguage ql);
const std::set<std::string>& JsonataAllowedFields(StateType type);

// Why `name` cannot be a workflow variable (parser_variables.cc), or "" when it can.
std::string VariableNameProblem(std::string_view name);

class DefinitionBuilder {
 public:
  DefinitionBuilder(StateMachine* machine, std::vector<Diagnostic>* diags)
      : machine_(machine), diags_(diags) {}

  // Builds the scope described by `obj` (StartAt + States) found at `location`; returns its index.
  int BuildScope(const Object& obj, const std::string& location, int parent, int depth);
  // Resolves transitions and checks reachability and terminal states in every scope.
  void ResolveAndCheckGraph();
  // Rejects a variable assigned in a Parallel branch or Map iteration that an enclosing scope
  // also assigns (parser_variables.cc).
  void CheckOuterScopeAssigns();

 private:
  void Error(std::string message, std::string location, const char* code = codes::kSchema) {
    diags_->push_back({"ERROR", code, std::move(message), std::move(location)});
  }

  void BuildState(const std::string& name, const Value& v, const std::string& loc, int depth,
                  State* s);
  void CheckFields(const Object& obj, StateType type, const std::string& loc);
  void BuildTransition(const Object& obj, const std::string& loc, State* s);
  void BuildIoFields(const Object& obj, const std::string& loc, State* s);
  void BuildTask(const Object& obj, const std::string& loc, State* s);
  void BuildChoice(const Object& obj, const std::string& loc, State* s);
  void BuildWait(const Object& obj, const std::string& loc, State* s);
  void BuildFail(const Object& obj, const std::string& loc, State* s);
  // Whether a Fail state's ErrorPath/CausePath is a reference path or a string intrinsic.
  bool CheckFailPath(const DynamicValue& d, const std::string& field, const std::string& loc);
  void BuildParallel(const Object& obj, const std::string& loc, int depth, State* s);
  void BuildMap(const Object& obj, const std::string& loc, int depth, State* s);
  void BuildItemBatcher(const Value& v, const std::string& loc, State* s);
  void BuildRetry(const Value& v, const std::string& loc, State* s);
  void BuildCatch(const Value& v, const std::string& loc, State* s);
  bool BuildErrorEquals(const Object& obj, const std::string& loc, std::vector<std::string>* out);
  void BuildFilterPath(const Object& obj, const char* field, const std::string& loc,
                       FilterPath* out);
  bool BuildResultPath(const Value& v, const std::string& loc, ResultPathSpec* out);
  std::optional<JsonPath> BuildReferencePath(const Value& v, const char* field,
                                             const std::string& loc);
  void BuildNumberOrPath(const Object& obj, const char* field, const std::string& loc, double min,
                         NumberOrPath* out);
  void CheckScopeGraph(int scope_index);

  // Variables (parser_variables.cc): checks the names an Assign field (at `loc`) assigns and
  // records them for the outer-scope rule.
  void CheckAssign(const Value& assign, const std::string& loc);

  bool IsJsonataState() const { return state_language_ == QueryLanguage::kJsonata; }

  // Map (parser_map.cc)
  void BuildProcessor(const Object& proc, const std::string& loc, int depth, State* s);
  void BuildProcessorConfig(const Value& cfg, const std::string& loc, State* s);
  void BuildItemReader(const Value& v, const std::string& loc, State* s);
  void BuildLabel(const Value& v, const std::string& loc, State* s);

  // JSONata states (parser_jsonata.cc)
  QueryLanguage StateQueryLanguage(const Object& obj, const std::string& loc);
  // "The QueryLanguage is set to ..., but field ... is only supported for ..." when `key` belongs
  // to the other query language; false when it belongs to neither.
  bool ReportOtherLanguageField(const std::string& key, StateType type, const std::string& loc);
  // That diagnostic for `key`, a field of the other query language (of a state, Choice rule or
  // catcher).
  void OtherLanguageField(const std::string& key, const std::string& loc);

  QueryLanguage OtherLanguage() const {
    return state_language_ == QueryLanguage::kJsonata ? QueryLanguage::kJsonPath
                                                      : QueryLanguage::kJsonata;
  }

  void BuildJsonataIo(const Object& obj, const std::string& loc, State* s);
  void BuildJsonataChoiceRule(const Object& rule, const std::string& loc, ChoiceBranch* branch);
  void BuildJsonataCatcher(const Object& obj, const std::string& loc, Catcher* c);
  // Whether `v` is a JSONata expression in the state being built ("{% ... %}" in a JSONata state).
  bool IsJsonataExpression(const Value& v) const;
  JsonataTemplate CompileJsonata(const Value& v, const std::string& loc, const std::string& field,
                                 JsonataRules rules = {});

  StateMachine* machine_;
  std::vector<Diagnostic>* diags_;
  std::vector<std::string> scope_locations_;  // "/States", "/States/P/Branches[0]/States", ...
  // Scopes without a States member: a schema error that AWS reports alone, with no graph checks.
  std::vector<bool> scope_lacks_states_;
  std::vector<std::pair<std::string, std::string>> all_names_;  // name, location (uniqueness)
  std::set<std::string> labels_;                             // the Map states' Labels (uniqueness)
  QueryLanguage state_language_ = QueryLanguage::kJsonPath;  // of the state being built

  struct AssignedName {
    int scope;
    std::string name;
    std::string location;  // "/States/A/Assign/x"
  };

  std::vector<AssignedName> assigned_;
  std::vector<int> scope_parents_;  // the enclosing scope of each scope, -1 for the top level
  int current_scope_ = -1;          // the scope whose states are being built
};

}  // namespace stepshift::asl::internal
