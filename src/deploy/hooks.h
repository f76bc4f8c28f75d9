// Pre- and post-traffic hook functions for Lambda deployments, as CodeDeploy's BeforeAllowTraffic
// and AfterAllowTraffic, but decided by the hook's own result instead of a callback API: the hook
// is invoked RequestResponse with the deployment's facts, and fails when the invocation reports a
// function error (X-Amz-Function-Error) or returns a payload whose "status" is "Failed". A
// failing pre-traffic hook stops the deployment before any traffic moves (exit 1); a failing
// post-traffic hook, run once the new version has 100% and before the record is cleared, rolls
// the alias back (exit 1). An interface so controller tests can script hooks.
#pragma once

#include <string>

#include "aws/lambda_client.h"
#include "base/json.h"
#include "base/result.h"

namespace stepshift::deploy {

struct HookFacts {
  std::string deployment_id;  // stable across a resume: "<started epoch s>-<new version>"
  std::string function;       // the target's ARN
  std::string alias;
  std::string old_version;
  std::string new_version;
  std::string phase;  // "PreTraffic" or "PostTraffic"
};

// The hook's event: {"DeploymentId", "FunctionName", "Alias", "OldVersion", "NewVersion",
// "LifecycleEventHook"}.
json::Object HookEvent(const HookFacts& facts);

class HookRunner {
 public:
  virtual ~HookRunner() = default;
  // OK when `function` passed; FailedPrecondition saying why when it failed; other errors are
  // the API's (an invocation that could not be made also fails the hook).
  virtual Status Run(const std::string& function, const HookFacts& facts) = 0;
};

// Invokes hook functions through Lambda.
class LambdaHookRunner : public HookRunner {
 public:
  explicit LambdaHookRunner(const aws::ClientConfig& config) : lambda_(config) {}

  Status Run(const std::string& function, const HookFacts& facts) override;

 private:
  aws::LambdaClient lambda_;
};

// The verdict of one invocation's result (exposed for tests).
Status JudgeHookResult(const std::string& function, const aws::LambdaInvokeResult& result);

}  // namespace stepshift::deploy
