#include "deploy/hooks.h"

#include "base/status_macros.h"

namespace stepshift::deploy {

json::Object HookEvent(const HookFacts& f) {
  return json::Object{{"DeploymentId", f.deployment_id},
                      {"FunctionName", f.function},
                      {"Alias", f.alias},
                      {"OldVersion", f.old_version},
                      {"NewVersion", f.new_version},
                      {"LifecycleEventHook", f.phase}};
}

Status JudgeHookResult(const std::string& function, const aws::LambdaInvokeResult& result) {
  std::string payload =
      result.payload.size() > 200 ? result.payload.substr(0, 200) + "…" : result.payload;
  if (result.function_error) {
    return Status::FailedPrecondition("hook " + function + " failed with a function error (" +
                                      *result.function_error + "): " + payload);
  }
  auto parsed = json::Parse(result.payload);
  if (parsed.ok() && parsed->is_object()) {
    const json::Value* status = json::Find(parsed->as_object(), "status");
    if (status && status->is_string() && status->as_string() == "Failed")
      return Status::FailedPrecondition("hook " + function + " reported Failed: " + payload);
  }
  return Status::Ok();
}

Status LambdaHookRunner::Run(const std::string& function, const HookFacts& facts) {
  ASSIGN_OR_RETURN(aws::LambdaInvokeResult result,
                   lambda_.Invoke(function, "", json::Serialize(HookEvent(facts))));
  return JudgeHookResult(function, result);
}

}  // namespace stepshift::deploy
