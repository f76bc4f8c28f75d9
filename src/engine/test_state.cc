// TestState (asl/test_state.h) in the engine: the run's identity from the caller's account and
// region, and a Task without a mock run by the engine's TaskRunner on the task pool, as an
// execution's Task is (a state without a task, the common case, runs on the caller's thread and
// answers at once). Nothing is stored: AWS keeps no trace of a TestState.
#include "asl/test_state.h"

#include <memory>

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

}  // namespace

void Executions::TestState(const CallContext& ctx, const TestStateRequest& request,
                           std::function<void(Result<asl::TestStateResponse>)> done) {
  asl::TestStateRequest r = request.test;
  Result<json::Value> input = ParseExecutionInput(request.input.value_or("{}"));
  if (!input.ok())
    return done(input.status());
  r.input = std::move(*input);
  r.has_role_arn = request.role_arn.has_value();
  auto prepared = asl::StateTest::Prepare(
      r, Identity(ctx, request.role_arn.value_or(""), impl_->options.clock));
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
