#include "asl/runners/mock_config_runner.h"

#include <charconv>

#include "asl/errors.h"
#include "asl/runners/functions_runner.h"

namespace stepshift::asl {

namespace {

bool ParseRange(std::string_view key, int64_t* first, int64_t* last) {
  size_t dash = key.find('-');
  std::string_view a = key.substr(0, dash);
  std::string_view b = dash == std::string_view::npos ? a : key.substr(dash + 1);
  auto r1 = std::from_chars(a.data(), a.data() + a.size(), *first);
  auto r2 = std::from_chars(b.data(), b.data() + b.size(), *last);
  return r1.ec == std::errc() && r1.ptr == a.data() + a.size() && r2.ec == std::errc() &&
         r2.ptr == b.data() + b.size() && *first >= 0 && *last >= *first;
}

Status Bad(const std::string& why) {
  return Status::InvalidArgument("mock config: " + why);
}

const Object* TestCases(const Value& machine) {
  const Value* cases =
      machine.is_object() ? machine.get_object().if_contains("TestCases") : nullptr;
  return cases != nullptr ? cases->if_object() : nullptr;
}

const Object* FindCase(const Value& machine, const std::string& test_case) {
  const Object* cases = TestCases(machine);
  const Value* c = cases != nullptr ? cases->if_contains(test_case) : nullptr;
  return c != nullptr ? c->if_object() : nullptr;
}

std::string JoinKeys(const Object& o) {
  std::string out;
  for (const auto& kv : o)
    out += (out.empty() ? "" : ", ") + std::string(kv.key());
  return out.empty() ? "none" : out;
}

// The StateMachines entry to read the test case from: the named one, else the only one that
// defines the case, else the preferred one among those that do.
Result<std::string> ChooseMachine(const Object& machines, const MockConfigOptions& o) {
  if (!o.state_machine.empty()) {
    const Value* m = machines.if_contains(o.state_machine);
    if (m == nullptr) {
      return Bad("no state machine named '" + o.state_machine +
                 "' (StateMachines: " + JoinKeys(machines) + ")");
    }
    if (FindCase(*m, o.test_case) == nullptr) {
      const Object* cases = TestCases(*m);
      return Bad("state machine '" + o.state_machine + "' has no test case named '" + o.test_case +
                 "' (TestCases: " + (cases ? JoinKeys(*cases) : "none") + ")");
    }
    return o.state_machine;
  }
  std::vector<std::string> with_case;
  for (const auto& m : machines) {
    if (FindCase(m.value(), o.test_case) != nullptr)
      with_case.emplace_back(m.key());
  }
  if (with_case.empty())
    return Bad("no state machine has a test case named '" + o.test_case + "'");
  if (with_case.size() == 1)
    return with_case[0];
  for (const std::string& name : with_case) {
    if (name == o.preferred_state_machine)
      return name;
  }
  std::string names;
  for (const std::string& name : with_case)
    names += (names.empty() ? "" : ", ") + name;
  return Bad("test case '" + o.test_case + "' is defined for several state machines (" + names +
             "); name the one to use");
}

Result<std::vector<MockedResponse>> ParseResponses(const std::string& name, const Object& entries) {
  std::vector<MockedResponse> list;
  for (const auto& entry : entries) {
    MockedResponse r;
    if (!ParseRange(entry.key(), &r.first, &r.last)) {
      return Bad("response '" + name + "': bad invocation index '" + std::string(entry.key()) +
                 "' (expected \"N\" or \"N-M\")");
    }
    const Object* body = entry.value().if_object();
    bool has_return = body != nullptr && body->contains("Return");
    bool has_throw = body != nullptr && body->contains("Throw");
    if (has_return == has_throw) {
      return Bad("response '" + name + "' index '" + std::string(entry.key()) +
                 "' needs exactly one of Return and Throw");
    }
    if (has_return) {
      r.value = body->at("Return");
    } else {
      const Object* t = body->at("Throw").if_object();
      const Value* e = t != nullptr ? t->if_contains("Error") : nullptr;
      if (e == nullptr || !e->is_string()) {
        return Bad("response '" + name + "' index '" + std::string(entry.key()) +
                   "': Throw needs an Error string");
      }
      const Value* c = t->if_contains("Cause");
      r.ok = false;
      r.error = std::string(e->get_string());
      r.cause = c ? (c->is_string() ? std::string(c->get_string()) : ToJson(*c)) : "";
    }
    list.push_back(std::move(r));
  }
  return list;
}

// A mocked Lambda function ARN answers with Lambda's Invoke response; the task's result is its
// Payload, as the function's own result is when Step Functions invokes it.
Value LambdaFunctionResult(const Value& invoke_response) {
  const Object* o = invoke_response.if_object();
  const Value* payload = o != nullptr ? o->if_contains("Payload") : nullptr;
  return payload != nullptr ? *payload : invoke_response;
}

}  // namespace

Result<std::unique_ptr<MockConfigRunner>> MockConfigRunner::FromText(
    std::string_view text, const MockConfigOptions& options) {
  auto doc = ParseJsonOrYaml(text);
  if (!doc.ok())
    return Bad(doc.status().message());
  const Object* root = doc->if_object();
  const Value* machines = root ? root->if_contains("StateMachines") : nullptr;
  const Value* responses = root ? root->if_contains("MockedResponses") : nullptr;
  if (machines == nullptr || !machines->is_object() || responses == nullptr ||
      !responses->is_object()) {
    return Bad("needs the objects StateMachines and MockedResponses");
  }
  auto machine = ChooseMachine(machines->get_object(), options);
  if (!machine.ok())
    return machine.status();
  auto runner = std::make_unique<MockConfigRunner>();
  runner->state_machine_ = *machine;
  runner->fallback_ = options.fallback;
  const Object& mapping = *FindCase(machines->get_object().at(*machine), options.test_case);
  for (const auto& kv : mapping) {
    if (!kv.value().is_string())
      return Bad("test case entries must name a mocked response");
    std::string name(kv.value().get_string());
    const Value* resp = responses->get_object().if_contains(name);
    if (resp == nullptr || !resp->is_object())
      return Bad("no mocked response named '" + name + "'");
    auto list = ParseResponses(name, resp->get_object());
    if (!list.ok())
      return list.status();
    MockedState& state = runner->by_state_[std::string(kv.key())];
    state.response_name = name;
    state.responses = std::move(*list);
  }
  return runner;
}

TaskOutcome MockConfigRunner::Run(const TaskRequest& request) {
  auto it = by_state_.find(request.state_name);
  if (it == by_state_.end()) {
    if (fallback_ != nullptr)
      return fallback_->Run(request);
    return TaskOutcome::Failure(
        "States.TaskFailed",
        "The test case has no mocked response for state '" + std::string(request.state_name) + "'");
  }
  MockedState& state = it->second;
  int64_t call = state.calls++;
  for (const MockedResponse& r : state.responses) {
    if (call < r.first || call > r.last)
      continue;
    if (!r.ok)
      return TaskOutcome::Failure(r.error, r.cause);
    if (IsLambdaFunctionArn(request.resource))
      return TaskOutcome::Success(LambdaFunctionResult(r.value));
    return TaskOutcome::Success(r.value);
  }
  // Step Functions Local fails the execution: a mock must cover every invocation.
  return TaskOutcome::Failure(std::string(errors::kRuntime),
                              "The mocked response '" + state.response_name + "' of state '" +
                                  std::string(request.state_name) +
                                  "' has no entry for invocation " + std::to_string(call));
}

}  // namespace stepshift::asl
