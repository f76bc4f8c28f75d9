// TestState's request checks: the definition (one state, or a machine with stateName), and which
// states take, need or refuse a mock, with AWS's error types and messages. The recorded ones
// come from LocalStack's AWS-validated TestState snapshots (tests/aws/services/stepfunctions/v2/
// test_state/test_state_mock_validation.snapshot.json); the others are marked below.
#include <set>

#include "asl/diagnostic.h"
#include "asl/parser.h"
#include "asl/test_state_internal.h"

namespace stepshift::asl::internal {

namespace {

// The name a lone state gets: what $$.State.Name shows (LocalStack's AWS-validated
// test_state_configuration snapshots record "StateName").
constexpr const char* kLoneStateName = "StateName";

Status InvalidDefinition(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message), "InvalidDefinition");
}

void AddTarget(const Value* v, std::set<std::string>* out) {
  if (v != nullptr && v->is_string())
    out->insert(std::string(v->get_string()));
}

// The states a lone state may transition to (Next, Default, Choices[].Next, Catch[].Next), which
// are not in its definition: each becomes a placeholder, so that the machine validates and the
// run can name the next state.
std::set<std::string> Targets(const Object& state) {
  std::set<std::string> names;
  AddTarget(state.if_contains("Next"), &names);
  AddTarget(state.if_contains("Default"), &names);
  for (const char* list : {"Choices", "Catch"}) {
    const Value* items = state.if_contains(list);
    if (items == nullptr || !items->is_array())
      continue;
    for (const Value& item : items->get_array()) {
      if (item.is_object())
        AddTarget(item.get_object().if_contains("Next"), &names);
    }
  }
  return names;
}

// {"StartAt": "StateName", "States": {"StateName": <state>, <target>: {"Type": "Succeed"}...}}
Value WrapLoneState(Value state) {
  std::set<std::string> targets = Targets(state.get_object());
  Object states;
  states[kLoneStateName] = std::move(state);
  for (const std::string& t : targets) {
    if (t != kLoneStateName)
      states[t] = Object{{"Type", "Succeed"}};
  }
  return Object{{"StartAt", kLoneStateName}, {"States", std::move(states)}};
}

void StripStates(Object& states, StrippedMaps* out);

// One state (and the states nested in it).
void StripState(const std::string& name, Value& v, StrippedMaps* out) {
  Object* state = v.if_object();
  if (state == nullptr)
    return;
  const Value* type = state->if_contains("Type");
  if (type != nullptr && *type == "Map") {
    if (state->erase("ItemReader") > 0)
      out->item_readers.insert(name);
    if (state->erase("ResultWriter") > 0)
      out->result_writers.insert(name);
  }
  for (const char* key : {"ItemProcessor", "Iterator"}) {
    Value* inner = state->if_contains(key);
    if (inner != nullptr && inner->is_object()) {
      if (Value* states = inner->get_object().if_contains("States"); states && states->is_object())
        StripStates(states->get_object(), out);
    }
  }
  if (Value* branches = state->if_contains("Branches"); branches && branches->is_array()) {
    for (Value& b : branches->get_array()) {
      Value* states = b.is_object() ? b.get_object().if_contains("States") : nullptr;
      if (states != nullptr && states->is_object())
        StripStates(states->get_object(), out);
    }
  }
}

void StripStates(Object& states, StrippedMaps* out) {
  for (auto& kv : states)
    StripState(std::string(kv.key()), kv.value(), out);
}

}  // namespace

Result<ParsedDefinition> ParseTestDefinition(const std::string& definition,
                                             const std::string& state_name,
                                             StrippedMaps* stripped) {
  Result<Value> doc = ParseJson(definition);
  if (!doc.ok()) {
    // As CreateStateMachine words a definition that is not JSON.
    return InvalidDefinition("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: " +
                             doc.status().message() + "'");
  }
  if (!doc->is_object())
    return InvalidDefinition(
        "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Expected value of type "
        "[OBJECT] at /'");
  if (state_name.empty())
    *doc = WrapLoneState(std::move(*doc));
  if (Value* states = doc->get_object().if_contains("States"); states && states->is_object())
    StripStates(states->get_object(), stripped);
  ParsedDefinition parsed = ParseDefinitionValue(*doc);
  if (!parsed.ok())
    return InvalidDefinition(FormatInvalidDefinition(parsed.diagnostics));
  return parsed;
}

const State* FindState(const StateMachine& machine, const std::string& name, int* scope) {
  const std::string& wanted = name.empty() ? std::string(kLoneStateName) : name;
  for (size_t i = 0; i < machine.scopes.size(); ++i) {
    auto it = machine.scopes[i].index.find(wanted);
    if (it != machine.scopes[i].index.end()) {
      *scope = static_cast<int>(i);
      return &machine.scopes[i].states[it->second];
    }
  }
  return nullptr;
}

namespace {

bool IsActivity(const std::string& resource) {
  return resource.find(":activity:") != std::string::npos &&
         resource.rfind("arn:aws:states:::", 0) != 0;
}

bool WaitsForCompletion(const std::string& resource) {
  return resource.rfind("arn:aws:states:::", 0) == 0 &&
         (resource.ends_with(".sync") || resource.ends_with(".sync:2") ||
          resource.ends_with(".waitForTaskToken"));
}

// A mocked Map's or Parallel's result must look like its children's results (or, for a Map
// with a ResultWriter, like the writer's answer).
Status CheckContainerResult(const State& s, bool result_writer, const Value& result) {
  if (result_writer) {
    if (!result.is_object())
      return ValidationException("Mocked result must be a JSON object.");
    return Status();
  }
  if (!result.is_array())
    return ValidationException("Mocked result must be an array.");
  if (s.type == StateType::kParallel && result.get_array().size() != s.branches.size()) {
    return ValidationException(
        "Mocked result must contain the same number of items as number of Parallel branches.");
  }
  return Status();
}

}  // namespace

Status ValidationException(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message), "ValidationException");
}

Status CheckMock(const TestStateRequest& r, const State& s, bool result_writer,
                 std::optional<TaskOutcome>* mock) {
  const bool container = s.type == StateType::kMap || s.type == StateType::kParallel;
  if (!r.has_mock) {
    if (container) {
      // AWS's literal text, the same for Map and Parallel.
      return InvalidDefinition(
          "TestState API does not support Map or Parallel states. Supported state types include: "
          "[Task, Wait, Pass, Succeed, Fail, Choice]");
    }
    // Not recorded from AWS: the API reference says these run "only ... when a mock is
    // specified", so they are refused in the Map/Parallel message's style.
    if (s.type == StateType::kTask && (IsActivity(s.resource) || WaitsForCompletion(s.resource))) {
      return InvalidDefinition(
          "TestState API does not support Activity tasks, .sync or .waitForTaskToken service "
          "integration patterns without a mock.");
    }
    if (r.context)
      return ValidationException("The context field may only be specified with a mock.");
    if (s.type == StateType::kTask && !r.has_role_arn)
      return ValidationException("RoleArn must be specified when testing a Task state");
    return Status();
  }
  if (s.type != StateType::kTask && !container) {
    return ValidationException("State type '" + std::string(StateTypeName(s.type)) +
                               "' is not supported when a mock is specified");
  }
  if (r.reveal_secrets)
    return ValidationException(
        "TestState does not support RevealSecrets when a mock is specified.");
  if (r.mock_result && r.has_mock_error) {
    return ValidationException(
        "A test mock should have only one of the following fields: [result, errorOutput].");
  }
  if (r.has_mock_error) {
    *mock = TaskOutcome::Failure(r.mock_error, r.mock_cause);
    return Status();
  }
  if (!r.mock_result)
    return ValidationException(
        "A test mock should have one of the following fields: [result, "
        "errorOutput].");
  Result<Value> result = ParseJson(*r.mock_result);
  if (!result.ok())
    return ValidationException("Mocked result must be valid JSON");
  if (container)
    RETURN_IF_ERROR(CheckContainerResult(s, result_writer, *result));
  if (s.type == StateType::kTask)
    RETURN_IF_ERROR(CheckMockShape(s.resource, *result, r.field_validation_mode));
  *mock = TaskOutcome::Success(std::move(*result));
  return Status();
}

}  // namespace stepshift::asl::internal
