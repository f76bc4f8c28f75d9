// The JSONata dialect of states: QueryLanguage, the fields a JSONata state has (Arguments,
// Output, Assign, Items, Condition, ...), which fields belong to the other dialect, and the
// compilation of every "{% %}" expression when the definition is parsed.
#include <map>
#include <set>

#include "asl/parser_internal.h"

namespace stepshift::asl::internal {

namespace {

const char* LanguageName(QueryLanguage ql) {
  return ql == QueryLanguage::kJsonata ? "JSONata" : "JSONPath";
}

// States whose Output and Assign see $states.result.
bool HasResult(StateType type) {
  return type == StateType::kTask || type == StateType::kParallel || type == StateType::kMap;
}

}  // namespace

const std::set<std::string>& JsonataAllowedFields(StateType type) {
  static const std::map<StateType, std::set<std::string>> kFields = {
      {StateType::kPass, {"Next", "End", "Output", "Assign"}},
      {StateType::kTask,
       {"Next", "End", "Resource", "Arguments", "Output", "Assign", "Retry", "Catch",
        "TimeoutSeconds", "HeartbeatSeconds", "Credentials"}},
      {StateType::kChoice, {"Choices", "Default", "Output", "Assign"}},
      {StateType::kWait, {"Next", "End", "Seconds", "Timestamp", "Output", "Assign"}},
      {StateType::kSucceed, {"Output"}},
      {StateType::kFail, {"Error", "Cause"}},
      {StateType::kParallel,
       {"Next", "End", "Branches", "Arguments", "Output", "Assign", "Retry", "Catch"}},
      {StateType::kMap,
       {"Next", "End", "Items", "ItemSelector", "ItemProcessor", "Iterator", "MaxConcurrency",
        "ToleratedFailureCount", "ToleratedFailurePercentage", "ItemReader", "ItemBatcher",
        "ResultWriter", "Label", "Output", "Assign", "Retry", "Catch"}},
  };
  return kFields.at(type);
}

// Absent: the machine's language. A JSONata machine cannot have JSONPath states (AWS's text,
// localstack test_sfn_api_validation.snapshot.json, INVALID_DOWNGRADE_QUERY_LANGUAGE).
QueryLanguage DefinitionBuilder::StateQueryLanguage(const Object& obj, const std::string& loc) {
  QueryLanguage machine = machine_->query_language;
  const Value* ql = obj.if_contains("QueryLanguage");
  if (ql == nullptr)
    return machine;
  if (!ql->is_string()) {
    Error("Expected value of type [STRING]", loc + "/QueryLanguage");
    return machine;
  }
  if (ql->get_string() == "JSONata")
    return QueryLanguage::kJsonata;
  if (ql->get_string() != "JSONPath") {
    Error("Value should be one of the following: [JSONPath, JSONata]", loc + "/QueryLanguage");
    return machine;
  }
  if (machine == QueryLanguage::kJsonata) {
    Error("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", loc);
    return machine;
  }
  return QueryLanguage::kJsonPath;
}

bool DefinitionBuilder::ReportOtherLanguageField(const std::string& key, StateType type,
                                                 const std::string& loc) {
  if (!AllowedFields(type, OtherLanguage()).count(key))
    return false;
  OtherLanguageField(key, loc);
  return true;
}

void DefinitionBuilder::OtherLanguageField(const std::string& key, const std::string& loc) {
  Error(std::string("The QueryLanguage is set to '") + LanguageName(state_language_) +
            "', but field '" + key + "' is only supported for the '" +
            LanguageName(OtherLanguage()) + "' QueryLanguage",
        loc);
}

bool DefinitionBuilder::IsJsonataExpression(const Value& v) const {
  return state_language_ == QueryLanguage::kJsonata && v.is_string() &&
         JsonataTemplate::IsExpression(v.get_string());
}

JsonataTemplate DefinitionBuilder::CompileJsonata(const Value& v, const std::string& loc,
                                                  const std::string& field, JsonataRules rules) {
  return JsonataTemplate::Compile(v, loc, field, rules, diags_);
}

void DefinitionBuilder::BuildJsonataIo(const Object& obj, const std::string& loc, State* s) {
  JsonataRules rules;
  rules.result = HasResult(s->type);
  if (const Value* v = obj.if_contains("Output"))
    s->jsonata.output = CompileJsonata(*v, loc + "/Output", "Output", rules);
  if (const Value* v = obj.if_contains("Assign")) {
    if (!v->is_object())
      Error("Expected value of type [OBJECT]", loc + "/Assign");
    CheckAssign(*v, loc + "/Assign");
    s->jsonata.assign = CompileJsonata(*v, loc + "/Assign", "Assign", rules);
    s->has_assign = true;
  }
  if (const Value* v = obj.if_contains("Arguments")) {
    if (!v->is_object() && !IsJsonataExpression(*v))
      Error("Expected value of type [OBJECT]", loc + "/Arguments");
    s->jsonata.arguments = CompileJsonata(*v, loc + "/Arguments", "Arguments");
  }
  if (obj.contains("Retry"))
    BuildRetry(obj.at("Retry"), loc + "/Retry", s);
  if (obj.contains("Catch"))
    BuildCatch(obj.at("Catch"), loc + "/Catch", s);
}

// A JSONata Choice rule: Condition, Next, Output, Assign (and Comment).
void DefinitionBuilder::BuildJsonataChoiceRule(const Object& rule, const std::string& loc,
                                               ChoiceBranch* branch) {
  for (const auto& kv : rule) {
    std::string key(kv.key());
    if (key == "Condition") {
      if (!IsJsonataExpression(kv.value()) && !kv.value().is_bool()) {
        Error("The value for the field 'Condition' must be a JSONata expression",
              loc + "/Condition");
        continue;
      }
      branch->condition = CompileJsonata(kv.value(), loc + "/Condition", "Condition");
    } else if (key == "Output") {
      branch->output = CompileJsonata(kv.value(), loc + "/Output", "Output");
    } else if (key == "Assign") {
      if (!kv.value().is_object())
        Error("Expected value of type [OBJECT]", loc + "/Assign");
      CheckAssign(kv.value(), loc + "/Assign");
      branch->jsonata_assign = CompileJsonata(kv.value(), loc + "/Assign", "Assign");
      branch->has_assign = true;
    } else if (key != "Next" && key != "Comment") {
      Error("Field '" + key + "' is not supported", loc);
    }
  }
  if (!rule.contains("Condition"))
    Error("These fields are required: [Condition]", loc);
}

// A catcher of a JSONata state: Output and Assign see $states.errorOutput; ResultPath is
// JSONPath's.
void DefinitionBuilder::BuildJsonataCatcher(const Object& obj, const std::string& loc, Catcher* c) {
  JsonataRules rules;
  rules.error_output = true;
  if (const Value* v = obj.if_contains("Output"))
    c->output = CompileJsonata(*v, loc + "/Output", "Output", rules);
  if (const Value* v = obj.if_contains("Assign")) {
    if (!v->is_object())
      Error("Expected value of type [OBJECT]", loc + "/Assign");
    CheckAssign(*v, loc + "/Assign");
    c->jsonata_assign = CompileJsonata(*v, loc + "/Assign", "Assign", rules);
    c->has_assign = true;
  }
  if (obj.contains("ResultPath"))
    OtherLanguageField("ResultPath", loc);
}

}  // namespace stepshift::asl::internal
