// TestState (asl/test_state.h) in the engine: the run's identity from the caller's account and
// region, definitions parsed once (a test suite sends the same definition again and again, with
// other inputs and mocks), and a Task without a mock run by the engine's TaskRunner on the task
// pool, as an execution's Task is (a state without a task, the common case, runs on the caller's
// thread and answers at once). Nothing is stored: AWS keeps no trace of a TestState.
#include "asl/test_state.h"

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "base/ids.h"
#include "engine/execution_input.h"
#include "engine/executions.h"
#include "engine/executions_impl.h"

namespace stepshift::engine {

namespace {

asl::ExecutionOptions Identity(const CallContext& ctx, const std::string& role_arn, Clock* clock) {
  asl::ExecutionOptions o;
  const std::string prefix = "arn:" + ctx.partition + ":states:" + ctx.region + ":" + ctx.account;
  const std::string name = NewUuid();
  o.state_machine_name = "TestStateMachine";
  o.state_machine_arn = prefix + ":stateMachine:" + o.state_machine_name;
  o.execution_name = name;
  o.execution_arn = prefix + ":express:" + o.state_machine_name + ":" + name;
  o.role_arn = role_arn.empty()
                   ? "arn:" + ctx.partition + ":iam::" + ctx.account + ":role/TestStateRole"
                   : role_arn;
  o.region = ctx.region;
  o.clock = clock;
  return o;
}

// Parsed definitions by (stateName, definition text). Bounded: when full it starts over, which
// costs one parse per definition in use.
class DefinitionCache {
 public:
  Result<std::shared_ptr<const asl::TestDefinition>> Get(const std::string& definition,
                                                         const std::string& state_name) {
    std::string key;
    key.reserve(state_name.size() + 1 + definition.size());
    key.append(state_name).push_back('\0');
    key.append(definition);
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (auto it = parsed_.find(key); it != parsed_.end())
        return it->second;
    }
    auto parsed = asl::ParseTestState(definition, state_name);  // outside the lock: slow
    if (!parsed.ok())
      return parsed.status();
    if (key.size() > kMaxKeyBytes)
      return parsed;  // large definitions are parsed each time rather than held
    std::lock_guard<std::mutex> lock(mu_);
    if (parsed_.size() >= kMaxEntries)
      parsed_.clear();
    parsed_.emplace(std::move(key), *parsed);
    return parsed;
  }

 private:
  static constexpr size_t kMaxEntries = 512;
  static constexpr size_t kMaxKeyBytes = 64 * 1024;

  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const asl::TestDefinition>> parsed_;
};

DefinitionCache& Definitions() {
  static auto* cache = new DefinitionCache();  // shared by every engine; never destroyed
  return *cache;
}

}  // namespace

void Executions::TestState(const CallContext& ctx, const TestStateRequest& request,
                           std::function<void(Result<asl::TestStateResponse>)> done) {
  asl::TestStateRequest r = request.test;
  Result<json::Value> input = ParseExecutionInput(request.input.value_or("{}"));
  if (!input.ok())
    return done(input.status());
  r.input = std::move(*input);
  r.has_role_arn = request.role_arn.has_value();
  auto definition = Definitions().Get(r.definition, r.state_name);
  if (!definition.ok())
    return done(definition.status());
  auto prepared =
      asl::StateTest::Prepare(r, std::move(*definition),
                              Identity(ctx, request.role_arn.value_or(""), impl_->options.clock));
  if (!prepared.ok())
    return done(prepared.status());
  std::shared_ptr<asl::StateTest> test = std::move(*prepared);
  RunTestState(test, std::move(done));
}

void Executions::RunTestState(std::shared_ptr<asl::StateTest> test,
                              std::function<void(Result<asl::TestStateResponse>)> done) {
  std::optional<asl::TaskCall> call = test->Run();
  if (!call)
    return done(test->Response());
  Impl* impl = impl_.get();
  impl->Dispatch([this, impl, test, done = std::move(done), call = std::move(*call)]() mutable {
    asl::TaskRequest req = call.request();
    asl::TaskOutcome outcome =
        impl->options.tasks != nullptr ? impl->options.tasks->Run(req) : MissingTaskOutcome(req);
    test->Complete(call, std::move(outcome));
    RunTestState(std::move(test), std::move(done));
  });
}

}  // namespace stepshift::engine
