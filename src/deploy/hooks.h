// Deployment hooks, as CodeDeploy's BeforeAllowTraffic and AfterAllowTraffic: checks that run
// before any traffic moves (PreTraffic) and once the new version has 100% (PostTraffic), each
// with a timeout. A hook passes or fails with a reason; a failing pre-traffic hook ends the
// deployment with no traffic moved (exit 1), a failing post-traffic hook rolls the alias back
// (exit 1). Four kinds, run in this order within a phase, the first failure ending the phase:
//  - kFunction (Lambda router, --pre/--post-traffic-hook): the function is invoked
//    RequestResponse with HookEvent(); a function error or a payload whose "status" is "Failed"
//    fails it;
//  - kInputs (--pre-/--post-traffic INPUTS): one execution of the new *version* per test case
//    (hook_cases.h), each of which must meet its expectation;
//  - kStateMachine (--hook-state-machine): an execution of a test workflow with
//    HookStateMachineInput(); SUCCEEDED passes;
//  - kCommand (--hook-command): a local command (hook_command.h) with HookEnvironment(); exit 0
//    passes.
// HookRunner is the seam: the controller runs hooks only through it, so its tests can script
// them; StandardHookRunner runs them for real.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "aws/client_config.h"
#include "aws/lambda_client.h"
#include "base/clock.h"
#include "base/json.h"
#include "base/result.h"
#include "deploy/executions_api.h"
#include "deploy/hook_cases.h"

namespace stepshift::deploy {

inline constexpr char kPreTraffic[] = "PreTraffic";
inline constexpr char kPostTraffic[] = "PostTraffic";
inline constexpr Duration kDefaultHookTimeout = std::chrono::minutes(5);

enum class HookKind { kFunction, kInputs, kStateMachine, kCommand };

struct Hook {
  HookKind kind = HookKind::kFunction;
  std::string phase = kPreTraffic;  // kPreTraffic or kPostTraffic
  // The function name or ARN; the INPUTS file (for messages); the hook state machine's ARN; the
  // command.
  std::string target;
  std::vector<TestCase> cases;  // kInputs
  Duration timeout = kDefaultHookTimeout;
};

// "function", "inputs", "state-machine", "command".
std::string HookKindName(HookKind kind);

// "hook function orders-smoke", "test inputs smoke.yaml (3 cases)", "hook state machine ARN",
// "hook command `./smoke.sh`".
std::string DescribeHook(const Hook& hook);

struct HookFacts {
  std::string deployment_id;  // stable across a resume: "<started epoch s>-<new version>"
  std::string function;       // the target's ARN (a state machine's or a function's)
  std::string alias;
  std::string alias_arn;
  std::string old_version;  // empty when the deployment creates the alias
  std::string new_version;
  std::string old_version_arn;  // empty when the deployment creates the alias
  std::string new_version_arn;
  std::string phase;  // kPreTraffic or kPostTraffic
};

// The Lambda hook's event: {"DeploymentId", "FunctionName", "Alias", "OldVersion",
// "NewVersion", "LifecycleEventHook"}.
json::Object HookEvent(const HookFacts& facts);

// The hook state machine's input: {"deployment", "oldVersionArn" (null when none),
// "newVersionArn", "phase"}.
json::Object HookStateMachineInput(const HookFacts& facts);

// The hook command's variables: STEPSHIFT_DEPLOYMENT, STEPSHIFT_PHASE,
// STEPSHIFT_STATE_MACHINE_ARN, STEPSHIFT_ALIAS_ARN, STEPSHIFT_OLD_VERSION_ARN (empty when
// none), STEPSHIFT_NEW_VERSION_ARN.
std::vector<std::pair<std::string, std::string>> HookEnvironment(const HookFacts& facts);

struct HookCall {
  HookFacts facts;
  // Called while a hook waits, at least every wait slice: the controller's heartbeat. May be
  // empty.
  std::function<void()> while_waiting;
};

struct HookResult {
  // OK: passed. FailedPrecondition: failed, the message says why ("timed out after 300 s" for a
  // timeout). Any other error: the hook could not be run, which fails it too.
  Status status;
  std::string summary;       // what it did, for the event line ("3/3 cases met expectations")
  json::Object details;      // more event fields: cases, execution_arn, exit_code, ...
  bool interrupted = false;  // it was stopped because the controller was interrupted
};

class HookRunner {
 public:
  virtual ~HookRunner() = default;
  virtual HookResult Run(const Hook& hook, const HookCall& call) = 0;
};

struct HookServices {
  Clock* clock = nullptr;                          // REQUIRES: non-null
  const std::atomic<bool>* interrupted = nullptr;  // may be null
  ExecutionsApi* executions = nullptr;        // REQUIRES: set for kInputs and kStateMachine hooks
  const aws::ClientConfig* lambda = nullptr;  // REQUIRES: set for kFunction hooks
  Duration wait_slice = std::chrono::milliseconds(100);
  int command_echo_fd = 2;  // where hook commands' output goes; -1: nowhere
};

// Runs every kind for real, through `services`.
class StandardHookRunner : public HookRunner {
 public:
  explicit StandardHookRunner(HookServices services) : s_(services) {}

  HookResult Run(const Hook& hook, const HookCall& call) override;

 private:
  HookResult RunFunction(const Hook& hook, const HookCall& call);
  HookResult RunInputs(const Hook& hook, const HookCall& call);
  HookResult RunStateMachine(const Hook& hook, const HookCall& call);
  HookResult RunCommand(const Hook& hook, const HookCall& call);
  ExecutionWaitOptions WaitOptions(const Hook& hook, const HookCall& call) const;

  HookServices s_;
};

// The verdict of one Lambda invocation's result (exposed for tests).
Status JudgeHookResult(const std::string& function, const aws::LambdaInvokeResult& result);

}  // namespace stepshift::deploy
