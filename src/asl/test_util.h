// Fakes shared by the ASL tests: an EvalEnv over plain values, a scripted TaskRunner, and a
// fixture for executions whose tasks are deferred (what an engine sees).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "asl/eval_env.h"
#include "asl/executor.h"
#include "asl/parser.h"
#include "asl/task_runner.h"

namespace stepshift::asl::testing {

class FakeEnv : public EvalEnv {
 public:
  Value context = Object{{"Execution", Object{{"Id", "exec-1"}}}};
  Object variables;

  const Value& Context() override { return context; }

  const Value* Variable(std::string_view name) override { return variables.if_contains(name); }

  std::string NewUuid() override { return "00000000-0000-4000-8000-000000000000"; }

  uint64_t NextRandom() override { return 42; }
};

// Answers each state's task invocations from a script, in order; the last answer repeats.
// Records every request's input.
class ScriptedTaskRunner : public TaskRunner {
 public:
  void Script(const std::string& state, std::vector<TaskOutcome> outcomes) {
    script_[state] = std::move(outcomes);
  }

  TaskOutcome Run(const TaskRequest& request) override {
    std::string state(request.state_name);
    inputs_[state].push_back(*request.input);
    auto it = script_.find(state);
    if (it == script_.end() || it->second.empty()) {
      return TaskOutcome::Success(*request.input);  // echo
    }
    size_t n = calls_[state]++;
    return it->second[std::min(n, it->second.size() - 1)];
  }

  const std::vector<Value>& inputs(const std::string& state) { return inputs_[state]; }

 private:
  std::map<std::string, std::vector<TaskOutcome>> script_;
  std::map<std::string, size_t> calls_;
  std::map<std::string, std::vector<Value>> inputs_;
};

// Parses a definition; an invalid one fails the test with its diagnostics.
inline std::shared_ptr<const StateMachine> LoadMachine(const std::string& text) {
  auto def = ParseDefinition(text);
  EXPECT_TRUE(def.ok()) << FormatInvalidDefinition(def.diagnostics);
  return def.machine;
}

// Executions with ExecutionOptions::defer_tasks on a fake clock, recording their history.
class DeferredExecutionTest : public ::testing::Test {
 protected:
  std::shared_ptr<const StateMachine> Load(const std::string& text) { return LoadMachine(text); }

  ExecutionOptions Options() {
    ExecutionOptions o;
    o.clock = &clock_;
    o.events = &events_;
    o.defer_tasks = true;
    return o;
  }

  // Steps until the execution waits or ends.
  static StepResult Settle(Execution& e) {
    while (true) {
      StepResult r = e.Step();
      if (r.kind != StepResult::Kind::kContinue)
        return r;
    }
  }

  FakeClock clock_{Time(std::chrono::seconds(1704067200))};
  VectorEventSink events_;
};

}  // namespace stepshift::asl::testing
