// Internal to the parser: the recursive builder shared by parser.cc, parser_states.cc and
// validator.cc.
#pragma once

#include <string>
#include <vector>

#include "asl/definition.h"
#include "asl/diagnostic.h"

namespace stepshift::asl::internal {

class DefinitionBuilder {
 public:
  DefinitionBuilder(StateMachine* machine, std::vector<Diagnostic>* diags)
      : machine_(machine), diags_(diags) {}

  // Builds the scope described by `obj` (StartAt + States) found at `location`; returns its index.
  int BuildScope(const Object& obj, const std::string& location, int parent, int depth);
  // Resolves transitions and checks reachability and terminal states in every scope.
  void ResolveAndCheckGraph();

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

  StateMachine* machine_;
  std::vector<Diagnostic>* diags_;
  std::vector<std::string> scope_locations_;  // "/States", "/States/P/Branches[0]/States", ...
  // Scopes without a States member: a schema error that AWS reports alone, with no graph checks.
  std::vector<bool> scope_lacks_states_;
  std::vector<std::pair<std::string, std::string>> all_names_;  // name, location (uniqueness)
};

}  // namespace stepshift::asl::internal
