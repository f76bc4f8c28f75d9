// Per-state-type field rules of the JSONPath dialect, Retry and Catch.
#include <map>
#include <set>

#include "asl/parser_internal.h"
#include "asl/timestamp.h"

namespace stepshift::asl::internal {

namespace {

const std::set<std::string>& JsonPathAllowedFields(StateType type) {
  static const std::map<StateType, std::set<std::string>> kFields = {
      {StateType::kPass,
       {"Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "Result", "Assign"}},
      {StateType::kTask,
       {"Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector",
        "Retry", "Catch", "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds",
        "HeartbeatSecondsPath", "Credentials", "Assign"}},
      {StateType::kChoice, {"InputPath", "OutputPath", "Choices", "Default", "Assign"}},
      {StateType::kWait,
       {"Next", "End", "InputPath", "OutputPath", "Seconds", "SecondsPath", "Timestamp",
        "TimestampPath", "Assign"}},
      {StateType::kSucceed, {"InputPath", "OutputPath"}},
      {StateType::kFail, {"Error", "ErrorPath", "Cause", "CausePath"}},
      {StateType::kParallel,
       {"Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector",
        "Retry", "Catch", "Branches", "Assign"}},
      {StateType::kMap,
       {"Next",
        "End",
        "InputPath",
        "OutputPath",
        "ResultPath",
        "Parameters",
        "ResultSelector",
        "Retry",
        "Catch",
        "ItemsPath",
        "ItemSelector",
        "ItemProcessor",
        "Iterator",
        "MaxConcurrency",
        "MaxConcurrencyPath",
        "ToleratedFailureCount",
        "ToleratedFailureCountPath",
        "ToleratedFailurePercentage",
        "ToleratedFailurePercentagePath",
        "ItemReader",
        "ItemBatcher",
        "ResultWriter",
        "Label",
        "Assign"}},
  };
  return kFields.at(type);
}

std::string Idx(const std::string& loc, size_t i) {
  return loc + "[" + std::to_string(i) + "]";
}

}  // namespace

const std::set<std::string>& AllowedFields(StateType type, QueryLanguage ql) {
  return ql == QueryLanguage::kJsonata ? JsonataAllowedFields(type) : JsonPathAllowedFields(type);
}

void DefinitionBuilder::CheckFields(const Object& obj, StateType type, const std::string& loc) {
  const auto& allowed = AllowedFields(type, state_language_);
  for (const auto& kv : obj) {
    std::string key(kv.key());
    if (key == "Type" || key == "Comment" || key == "QueryLanguage")
      continue;
    if (!allowed.count(key) && !ReportOtherLanguageField(key, type, loc))
      Error("Field '" + key + "' is not supported", loc);
  }
  std::vector<std::string> missing;
  if (type == StateType::kTask && !obj.contains("Resource"))
    missing.push_back("Resource");
  if (type == StateType::kChoice && !obj.contains("Choices"))
    missing.push_back("Choices");
  if (type == StateType::kParallel && !obj.contains("Branches"))
    missing.push_back("Branches");
  if (type == StateType::kMap && !obj.contains("ItemProcessor") && !obj.contains("Iterator")) {
    missing.push_back("ItemProcessor");
  }
  for (const std::string& m : missing)
    Error("These fields are required: [" + m + "]", loc);
}

void DefinitionBuilder::BuildTask(const Object& obj, const std::string& loc, State* s) {
  if (const Value* r = obj.if_contains("Resource")) {
    if (!r->is_string() || r->get_string().rfind("arn:", 0) != 0) {
      std::string text = r->is_string() ? std::string(r->get_string()) : ToJson(*r);
      Error("The resource provided " + text +
                " is not recognized. The value is not a valid resource ARN, or the resource is "
                "not available in this region.",
            loc + "/Resource", codes::kInvalidResource);
    } else {
      s->resource = std::string(r->get_string());
    }
  }
  BuildNumberOrPath(obj, "TimeoutSeconds", loc, 1, &s->timeout_seconds);
  BuildNumberOrPath(obj, "HeartbeatSeconds", loc, 1, &s->heartbeat_seconds);
  if (s->timeout_seconds.value && s->heartbeat_seconds.value &&
      *s->heartbeat_seconds.value >= *s->timeout_seconds.value) {
    Error("The value of HeartbeatSeconds must be less than the value of TimeoutSeconds", loc);
  }
  if (const Value* c = obj.if_contains("Credentials")) {
    if (s->uses_jsonata())
      s->jsonata.credentials = CompileJsonata(*c, loc + "/Credentials", "Credentials");
    else
      s->credentials = PayloadTemplate::Compile(*c, loc + "/Credentials", diags_);
    s->has_credentials = true;
  }
}

void DefinitionBuilder::BuildChoice(const Object& obj, const std::string& loc, State* s) {
  if (const Value* d = obj.if_contains("Default")) {
    if (d->is_string())
      s->default_name = std::string(d->get_string());
    else
      Error("Expected value of type [STRING]", loc + "/Default");
  }
  const Value* choices = obj.if_contains("Choices");
  if (choices == nullptr)
    return;
  if (!choices->is_array() || choices->get_array().empty()) {
    Error("Expected a non-empty array of Choice Rules", loc + "/Choices");
    return;
  }
  for (size_t i = 0; i < choices->get_array().size(); ++i) {
    const Value& rule = choices->get_array()[i];
    std::string rloc = Idx(loc + "/Choices", i);
    ChoiceBranch branch;
    const Object* robj = rule.if_object();
    if (s->uses_jsonata() && robj != nullptr) {
      BuildJsonataChoiceRule(*robj, rloc, &branch);
    } else if (robj != nullptr && (robj->contains("Condition") || robj->contains("Output"))) {
      OtherLanguageField(robj->contains("Condition") ? "Condition" : "Output", rloc);
    } else {
      branch.rule = CompileChoiceRule(rule, rloc, true, diags_);
    }
    const Value* next = robj ? robj->if_contains("Next") : nullptr;
    if (robj != nullptr && next == nullptr)
      Error("These fields are required: [Next]", rloc);
    if (next != nullptr && next->is_string())
      branch.next_name = std::string(next->get_string());
    if (robj != nullptr && robj->contains("Assign") && !s->uses_jsonata()) {
      CheckAssign(robj->at("Assign"), rloc + "/Assign");
      branch.assign = PayloadTemplate::Compile(robj->at("Assign"), rloc + "/Assign", diags_);
      branch.has_assign = true;
    }
    s->choices.push_back(std::move(branch));
  }
}

void DefinitionBuilder::BuildWait(const Object& obj, const std::string& loc, State* s) {
  int count = 0;
  for (const char* f : {"Seconds", "SecondsPath", "Timestamp", "TimestampPath"}) {
    count += obj.contains(f) ? 1 : 0;
  }
  if (count != 1) {
    Error(
        "Exactly one of the following fields must be specified: [Seconds, SecondsPath, "
        "Timestamp, TimestampPath]",
        loc);
  }
  BuildNumberOrPath(obj, "Seconds", loc, 0, &s->wait_seconds);
  if (const Value* t = obj.if_contains("Timestamp")) {
    int64_t ms = 0;
    if (IsJsonataExpression(*t)) {
      s->jsonata.timestamp = CompileJsonata(*t, loc + "/Timestamp", "Timestamp");
    } else if (!t->is_string() || !ParseTimestampMillis(t->get_string(), &ms)) {
      // AWS's text (localstack test_base_scenarios.snapshot.json, test_wait_timestamp_invalid).
      Error("String does not match RFC3339 timestamp", loc + "/Timestamp");
    } else {
      s->timestamp = std::string(t->get_string());
    }
  }
  if (const Value* p = obj.if_contains("TimestampPath")) {
    s->timestamp_path = BuildReferencePath(*p, "TimestampPath", loc + "/TimestampPath");
  }
}

// AWS Developer Guide, "Fail workflow state" (state-fail.html): ErrorPath and CausePath take a
// reference path, or "an intrinsic function that returns a string. These intrinsics are:
// States.Format, States.JsonToString, States.ArrayGetItem, States.Base64Encode,
// States.Base64Decode, States.Hash, and States.UUID."
bool DefinitionBuilder::CheckFailPath(const DynamicValue& d, const std::string& field,
                                      const std::string& loc) {
  static constexpr IntrinsicFn kStringIntrinsics[] = {
      IntrinsicFn::kFormat,       IntrinsicFn::kJsonToString, IntrinsicFn::kArrayGetItem,
      IntrinsicFn::kBase64Encode, IntrinsicFn::kBase64Decode, IntrinsicFn::kHash,
      IntrinsicFn::kUuid,
  };
  if (d.is_intrinsic) {
    for (IntrinsicFn fn : kStringIntrinsics) {
      if (d.call->fn == fn)
        return true;
    }
    Error("The value for the field '" + field +
              "' must be a valid Reference Path or a call of States.Format, "
              "States.JsonToString, States.ArrayGetItem, States.Base64Encode, "
              "States.Base64Decode, States.Hash or States.UUID",
          loc);
    return false;
  }
  if (!d.path.IsReferencePath()) {
    Error("The value for the field '" + field + "' must be a valid Reference Path", loc);
    return false;
  }
  return true;
}

void DefinitionBuilder::BuildFail(const Object& obj, const std::string& loc, State* s) {
  struct Pair {
    const char* literal;
    const char* path;
    StringOrDynamic* out;
  };

  for (const Pair& p :
       {Pair{"Error", "ErrorPath", &s->error}, Pair{"Cause", "CausePath", &s->cause}}) {
    const Value* lit = obj.if_contains(p.literal);
    const Value* dyn = obj.if_contains(p.path);
    if (lit != nullptr && dyn != nullptr) {
      Error(std::string("A Fail state cannot include both field '") + p.literal + "' and '" +
                p.path + "'",
            loc);
    }
    if (lit != nullptr) {
      if (IsJsonataExpression(*lit))
        p.out->expr = CompileJsonata(*lit, loc + "/" + p.literal, p.literal);
      else if (lit->is_string())
        p.out->value = std::string(lit->get_string());
      else
        Error("Expected value of type [STRING]", loc + "/" + p.literal);
    }
    if (dyn != nullptr) {
      if (!dyn->is_string()) {
        Error("Expected value of type [STRING]", loc + "/" + p.path);
        continue;
      }
      DynamicValue d;
      std::string dloc = loc + "/" + p.path;
      if (d.Compile(p.path, std::string(dyn->get_string()), dloc, diags_) &&
          CheckFailPath(d, p.path, dloc)) {
        p.out->dynamic = std::move(d);
      }
    }
  }
}

void DefinitionBuilder::BuildParallel(const Object& obj, const std::string& loc, int depth,
                                      State* s) {
  const Value* branches = obj.if_contains("Branches");
  if (branches == nullptr)
    return;
  if (!branches->is_array() || branches->get_array().empty()) {
    Error("Expected a non-empty array of branches", loc + "/Branches");
    return;
  }
  for (size_t i = 0; i < branches->get_array().size(); ++i) {
    const Value& b = branches->get_array()[i];
    std::string bloc = Idx(loc + "/Branches", i);
    if (!b.is_object()) {
      Error("Expected value of type [OBJECT]", bloc);
      continue;
    }
    s->branches.push_back(BuildScope(b.get_object(), bloc, -1, depth + 1));
  }
}

bool DefinitionBuilder::BuildErrorEquals(const Object& obj, const std::string& loc,
                                         std::vector<std::string>* out) {
  const Value* ee = obj.if_contains("ErrorEquals");
  if (ee == nullptr) {
    Error("These fields are required: [ErrorEquals]", loc);
    return false;
  }
  if (!ee->is_array() || ee->get_array().empty()) {
    Error("Expected a non-empty array of error names", loc + "/ErrorEquals");
    return false;
  }
  for (const Value& e : ee->get_array()) {
    if (!e.is_string()) {
      Error("Expected value of type [STRING]", loc + "/ErrorEquals");
      return false;
    }
    out->emplace_back(e.get_string());
  }
  bool has_all = std::find(out->begin(), out->end(), "States.ALL") != out->end();
  if (has_all && out->size() > 1) {
    Error("The error name 'States.ALL' must appear alone in ErrorEquals", loc + "/ErrorEquals");
  }
  return true;
}

}  // namespace stepshift::asl::internal
