#include "asl/parser.h"

#include <algorithm>
#include <set>

#include "asl/parser_internal.h"

namespace stepshift::asl {

namespace internal {

namespace {

constexpr int kMaxNestingDepth = 32;  // nested Parallel/Map scopes

struct TypeName {
  const char* name;
  StateType type;
};

constexpr TypeName kTypes[] = {
    {"Choice", StateType::kChoice}, {"Fail", StateType::kFail},
    {"Map", StateType::kMap},       {"Parallel", StateType::kParallel},
    {"Pass", StateType::kPass},     {"Succeed", StateType::kSucceed},
    {"Task", StateType::kTask},     {"Wait", StateType::kWait},
};

}  // namespace

int DefinitionBuilder::BuildScope(const Object& obj, const std::string& location, int parent,
                                  int depth) {
  int index = static_cast<int>(machine_->scopes.size());
  machine_->scopes.emplace_back();
  std::string states_loc = (location == "/" ? "" : location) + "/States";
  scope_locations_.resize(machine_->scopes.size());
  scope_locations_[index] = states_loc;
  scope_lacks_states_.resize(machine_->scopes.size());
  scope_lacks_states_[index] = !obj.contains("States");
  scope_parents_.resize(machine_->scopes.size());
  scope_parents_[index] = current_scope_;
  int enclosing_scope = current_scope_;
  current_scope_ = index;
  Scope scope;
  scope.parent = parent;
  std::vector<std::string> missing;
  const Value* states = obj.if_contains("States");
  const Value* start_at = obj.if_contains("StartAt");
  if (states == nullptr)
    missing.push_back("States");
  if (start_at == nullptr)
    missing.push_back("StartAt");
  if (!missing.empty()) {
    std::string list = missing.size() == 2 ? "States, StartAt" : missing[0];
    Error("These fields are required: [" + list + "]", location);
  }
  if (start_at != nullptr) {
    if (start_at->is_string())
      scope.start_at_name = std::string(start_at->get_string());
    else
      Error("Expected value of type [STRING]", (location == "/" ? "" : location) + "/StartAt");
  }
  if (states != nullptr && !states->is_object()) {
    Error("Expected value of type [OBJECT]", states_loc);
  } else if (states != nullptr) {
    QueryLanguage enclosing = state_language_;  // the state whose branch or processor this is
    for (const auto& kv : states->get_object()) {
      std::string name(kv.key());
      std::string loc = states_loc + "/" + name;
      State s;
      s.name = name;
      BuildState(name, kv.value(), loc, depth, &s);
      scope.index.emplace(name, static_cast<int>(scope.states.size()));
      scope.states.push_back(std::move(s));
    }
    state_language_ = enclosing;
  }
  current_scope_ = enclosing_scope;
  machine_->scopes[index] = std::move(scope);
  if (depth > kMaxNestingDepth) {
    Error("The states are too deeply nested", location, codes::kTooDeep);
  }
  return index;
}

void DefinitionBuilder::BuildState(const std::string& name, const Value& v, const std::string& loc,
                                   int depth, State* s) {
  if (name.empty() || name.size() > 80) {
    Error("State name '" + name + "' must be between 1 and 80 characters long", loc,
          codes::kInvalidStateName);
  }
  for (const auto& [other, other_loc] : all_names_) {
    if (other == name) {
      Error("Duplicate State name: " + name, loc, codes::kDuplicateState);
      break;
    }
  }
  all_names_.emplace_back(name, loc);
  const Object* obj = v.if_object();
  if (obj == nullptr) {
    Error("Expected value of type [OBJECT]", loc);
    return;
  }
  const Value* type = obj->if_contains("Type");
  if (type == nullptr) {
    Error("These fields are required: [Type]", loc);
    return;
  }
  const TypeName* found = nullptr;
  for (const TypeName& t : kTypes) {
    if (type->is_string() && type->get_string() == t.name)
      found = &t;
  }
  if (found == nullptr) {
    Error(
        "Value should be one of the following: [Choice, Fail, Map, Parallel, Pass, Succeed, "
        "Task, Wait]",
        loc + "/Type");
    return;
  }
  s->type = found->type;
  s->query_language = StateQueryLanguage(*obj, loc);
  state_language_ = s->query_language;
  if (const Value* c = obj->if_contains("Comment"); c != nullptr && !c->is_string()) {
    Error("Expected value of type [STRING]", loc + "/Comment");
  }
  CheckFields(*obj, s->type, loc);
  BuildTransition(*obj, loc, s);
  if (s->uses_jsonata())
    BuildJsonataIo(*obj, loc, s);
  else
    BuildIoFields(*obj, loc, s);
  switch (s->type) {
    case StateType::kTask:
      BuildTask(*obj, loc, s);
      break;
    case StateType::kChoice:
      BuildChoice(*obj, loc, s);
      break;
    case StateType::kWait:
      BuildWait(*obj, loc, s);
      break;
    case StateType::kFail:
      BuildFail(*obj, loc, s);
      break;
    case StateType::kParallel:
      BuildParallel(*obj, loc, depth, s);
      break;
    case StateType::kMap:
      BuildMap(*obj, loc, depth, s);
      break;
    default:
      break;
  }
}

void DefinitionBuilder::BuildTransition(const Object& obj, const std::string& loc, State* s) {
  const Value* next = obj.if_contains("Next");
  const Value* end = obj.if_contains("End");
  bool terminal_type = s->type == StateType::kSucceed || s->type == StateType::kFail;
  if (terminal_type || s->type == StateType::kChoice)
    return;  // CheckFields rejects Next/End
  if (next != nullptr && !next->is_string()) {
    Error("Expected value of type [STRING]", loc + "/Next");
    return;
  }
  if (end != nullptr && !end->is_bool()) {
    Error("Expected value of type [BOOLEAN]", loc + "/End");
    return;
  }
  bool is_end = end != nullptr && end->get_bool();
  if (next != nullptr && is_end) {
    Error("Only one of the following fields may be specified: [Next, End]", loc);
  } else if (next == nullptr && !is_end) {
    Error("One of the following fields must be specified: [Next, End]", loc);
  }
  if (next != nullptr)
    s->next_name = std::string(next->get_string());
  s->end = is_end && next == nullptr;
}

void DefinitionBuilder::BuildFilterPath(const Object& obj, const char* field,
                                        const std::string& loc, FilterPath* out) {
  const Value* v = obj.if_contains(field);
  if (v == nullptr)
    return;
  if (v->is_null()) {
    out->is_null = true;
    out->is_identity = false;
    return;
  }
  // A variable reference ("$name") is accepted too: AWS selects from the variable (localstack
  // assign/test_assign_reference_variables.snapshot.json, BASE_REFERENCE_IN_INPUTPATH/OUTPUTPATH).
  auto p = v->is_string() ? JsonPath::Parse(v->get_string()) : Status::InvalidArgument("");
  if (!p.ok()) {
    Error(std::string("The value for the field '") + field + "' must be a valid JSONPath",
          loc + "/" + field);
    return;
  }
  out->is_identity = p->root() == PathRoot::kInput && p->IsRoot();
  out->path = std::move(*p);
}

bool DefinitionBuilder::BuildResultPath(const Value& v, const std::string& loc,
                                        ResultPathSpec* out) {
  if (v.is_null()) {
    out->mode = ResultPathSpec::Mode::kDiscard;
    return true;
  }
  auto p = v.is_string() ? JsonPath::Parse(v.get_string()) : Status::InvalidArgument("");
  if (!p.ok() || p->root() != PathRoot::kInput || !p->IsReferencePath()) {
    Error("The value for the field 'ResultPath' must be a valid Reference Path", loc);
    return false;
  }
  out->mode = p->IsRoot() ? ResultPathSpec::Mode::kReplace : ResultPathSpec::Mode::kMerge;
  out->path = std::move(*p);
  return true;
}

std::optional<JsonPath> DefinitionBuilder::BuildReferencePath(const Value& v, const char* field,
                                                              const std::string& loc) {
  auto p = v.is_string() ? JsonPath::Parse(v.get_string()) : Status::InvalidArgument("");
  if (!p.ok() || !p->IsReferencePath()) {
    Error(std::string("The value for the field '") + field + "' must be a valid Reference Path",
          loc);
    return std::nullopt;
  }
  return std::move(*p);
}

void DefinitionBuilder::BuildNumberOrPath(const Object& obj, const char* field,
                                          const std::string& loc, double min, NumberOrPath* out) {
  std::string path_field = std::string(field) + "Path";
  const Value* v = obj.if_contains(field);
  const Value* p = obj.if_contains(path_field);
  if (v != nullptr && p != nullptr) {
    Error("Only one of the following fields may be specified: [" + std::string(field) + ", " +
              path_field + "]",
          loc);
  }
  if (v != nullptr && IsJsonataExpression(*v)) {
    out->expr = CompileJsonata(*v, loc + "/" + field, field);
  } else if (v != nullptr) {
    if (!v->is_number() || AsDouble(*v) < min) {
      Error(std::string("The value for the field '") + field +
                "' must be a number greater than or equal to " +
                std::to_string(static_cast<int64_t>(min)),
            loc + "/" + field);
    } else {
      out->value = AsDouble(*v);
    }
  }
  if (p != nullptr)
    out->path = BuildReferencePath(*p, path_field.c_str(), loc + "/" + path_field);
}

void DefinitionBuilder::BuildIoFields(const Object& obj, const std::string& loc, State* s) {
  BuildFilterPath(obj, "InputPath", loc, &s->input_path);
  BuildFilterPath(obj, "OutputPath", loc, &s->output_path);
  if (const Value* v = obj.if_contains("ResultPath")) {
    BuildResultPath(*v, loc + "/ResultPath", &s->result_path);
  }
  if (const Value* v = obj.if_contains("Parameters")) {
    s->parameters = PayloadTemplate::Compile(*v, loc + "/Parameters", diags_);
    s->has_parameters = true;
  }
  if (const Value* v = obj.if_contains("ResultSelector")) {
    s->result_selector = PayloadTemplate::Compile(*v, loc + "/ResultSelector", diags_);
    s->has_result_selector = true;
  }
  if (const Value* v = obj.if_contains("Assign")) {
    if (!v->is_object())
      Error("Expected value of type [OBJECT]", loc + "/Assign");
    CheckAssign(*v, loc + "/Assign");
    s->assign = PayloadTemplate::Compile(*v, loc + "/Assign", diags_);
    s->has_assign = true;
  }
  if (const Value* v = obj.if_contains("Result"))
    s->result = *v;
  if (obj.contains("Retry"))
    BuildRetry(obj.at("Retry"), loc + "/Retry", s);
  if (obj.contains("Catch"))
    BuildCatch(obj.at("Catch"), loc + "/Catch", s);
}

}  // namespace internal

ParsedDefinition ParseDefinitionValue(const Value& root) {
  ParsedDefinition out;
  const Object* obj = root.if_object();
  if (obj == nullptr) {
    out.diagnostics.push_back(
        {"ERROR", codes::kSchema, "Definition must be a valid JSON object", ""});
    return out;
  }
  auto machine = std::make_shared<StateMachine>();
  internal::DefinitionBuilder builder(machine.get(), &out.diagnostics);
  if (const Value* ql = obj->if_contains("QueryLanguage")) {
    if (ql->is_string() && ql->get_string() == "JSONata") {
      machine->query_language = QueryLanguage::kJsonata;
    } else if (!ql->is_string() || ql->get_string() != "JSONPath") {
      out.diagnostics.push_back({"ERROR", codes::kSchema,
                                 "Value should be one of the following: [JSONPath, JSONata]",
                                 "/QueryLanguage"});
    }
  }
  static const std::set<std::string> kTopFields = {"StartAt", "States",         "Comment",
                                                   "Version", "TimeoutSeconds", "QueryLanguage"};
  for (const auto& kv : *obj) {
    if (!kTopFields.count(std::string(kv.key()))) {
      out.diagnostics.push_back(
          {"ERROR", codes::kSchema, "Field '" + std::string(kv.key()) + "' is not supported", "/"});
    }
  }
  if (const Value* t = obj->if_contains("TimeoutSeconds")) {
    int64_t secs;
    if (!AsInteger(*t, &secs) || secs < 0) {
      out.diagnostics.push_back(
          {"ERROR", codes::kSchema, "Expected value of type [INTEGER]", "/TimeoutSeconds"});
    } else {
      machine->timeout_seconds = std::min<int64_t>(secs, 99999999);  // AWS's maximum
    }
  }
  builder.BuildScope(*obj, "/", -1, 0);
  builder.ResolveAndCheckGraph();
  builder.CheckOuterScopeAssigns();
  if (!HasErrors(out.diagnostics))
    out.machine = machine;
  return out;
}

ParsedDefinition ParseDefinition(std::string_view text, const ParseOptions& options) {
  ParsedDefinition out;
  if (text.size() > options.max_definition_bytes) {
    out.diagnostics.push_back(
        {"ERROR", codes::kSchema, "Definition exceeds the maximum size of 1048576 bytes", ""});
    return out;
  }
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    out.diagnostics.push_back(
        {"ERROR", codes::kSchema, "Definition must be a valid JSON object", ""});
    return out;
  }
  auto value = options.allow_yaml ? ParseJsonOrYaml(text) : ParseJson(text);
  if (!value.ok()) {
    out.diagnostics.push_back({"ERROR", codes::kInvalidJson, value.status().message(), ""});
    return out;
  }
  return ParseDefinitionValue(*value);
}

std::vector<Diagnostic> ValidateDefinition(std::string_view text) {
  return ParseDefinition(text).diagnostics;
}

}  // namespace stepshift::asl
