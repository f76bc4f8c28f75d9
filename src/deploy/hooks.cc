#include "deploy/hooks.h"

#include "asl/json_util.h"
#include "base/status_macros.h"
#include "deploy/hook_command.h"

namespace stepshift::deploy {

namespace {

// How many missed cases a failure message names (the event lists every case).
constexpr size_t kNamedCases = 3;

std::string TimedOut(const Hook& hook) {
  return "timed out after " + DurationText(hook.timeout);
}

// Ends `result` as an interrupted or timed-out wait, if it was one; true when it did.
bool EndedEarly(WaitEnd end, const Hook& hook, const std::string& what, HookResult* result) {
  if (end == WaitEnd::kInterrupted) {
    result->status = Status::FailedPrecondition("interrupted" + what);
    result->interrupted = true;
  } else if (end == WaitEnd::kTimedOut) {
    result->status = Status::FailedPrecondition(TimedOut(hook) + what);
  }
  return end != WaitEnd::kDone;
}

std::string MissedCases(const CasesReport& report) {
  std::string text;
  size_t named = 0;
  for (const CaseResult& c : report.cases) {
    if (c.passed)
      continue;
    if (named++ == kNamedCases) {
      text += "; …";
      break;
    }
    text += (text.empty() ? "" : "; ") + std::string("'") + c.name + "' " + c.reason +
            (c.execution_arn.empty() ? "" : " [" + c.execution_arn + "]");
  }
  return text;
}

}  // namespace

std::string HookKindName(HookKind kind) {
  switch (kind) {
    case HookKind::kFunction:
      return "function";
    case HookKind::kInputs:
      return "inputs";
    case HookKind::kStateMachine:
      return "state-machine";
    case HookKind::kCommand:
      return "command";
  }
  return "unknown";
}

std::string DescribeHook(const Hook& hook) {
  switch (hook.kind) {
    case HookKind::kFunction:
      return "hook function " + hook.target;
    case HookKind::kInputs:
      return "test inputs " + (hook.target.empty() ? "" : hook.target + " ") + "(" +
             std::to_string(hook.cases.size()) + (hook.cases.size() == 1 ? " case)" : " cases)");
    case HookKind::kStateMachine:
      return "hook state machine " + hook.target;
    case HookKind::kCommand:
      return "hook command `" + hook.target + "`";
  }
  return "hook";
}

json::Object HookEvent(const HookFacts& f) {
  return json::Object{{"DeploymentId", f.deployment_id},
                      {"FunctionName", f.function},
                      {"Alias", f.alias},
                      {"OldVersion", f.old_version},
                      {"NewVersion", f.new_version},
                      {"LifecycleEventHook", f.phase}};
}

json::Object HookStateMachineInput(const HookFacts& f) {
  json::Object input{{"deployment", f.deployment_id},
                     {"oldVersionArn", nullptr},
                     {"newVersionArn", f.new_version_arn},
                     {"phase", f.phase}};
  if (!f.old_version_arn.empty())
    input["oldVersionArn"] = f.old_version_arn;
  return input;
}

std::vector<std::pair<std::string, std::string>> HookEnvironment(const HookFacts& f) {
  return {{"STEPSHIFT_DEPLOYMENT", f.deployment_id},
          {"STEPSHIFT_PHASE", f.phase},
          {"STEPSHIFT_STATE_MACHINE_ARN", f.function},
          {"STEPSHIFT_ALIAS_ARN", f.alias_arn},
          {"STEPSHIFT_OLD_VERSION_ARN", f.old_version_arn},
          {"STEPSHIFT_NEW_VERSION_ARN", f.new_version_arn}};
}

Status JudgeHookResult(const std::string& function, const aws::LambdaInvokeResult& result) {
  (void)function;
  std::string payload =
      result.payload.size() > 200 ? result.payload.substr(0, 200) + "…" : result.payload;
  if (result.function_error) {
    return Status::FailedPrecondition("function error (" + *result.function_error +
                                      "): " + payload);
  }
  auto parsed = json::Parse(result.payload);
  if (parsed.ok() && parsed->is_object()) {
    const json::Value* status = json::Find(parsed->as_object(), "status");
    if (status && status->is_string() && status->as_string() == "Failed")
      return Status::FailedPrecondition("reported Failed: " + payload);
  }
  return Status::Ok();
}

HookResult StandardHookRunner::Run(const Hook& hook, const HookCall& call) {
  switch (hook.kind) {
    case HookKind::kFunction:
      return RunFunction(hook, call);
    case HookKind::kInputs:
      return RunInputs(hook, call);
    case HookKind::kStateMachine:
      return RunStateMachine(hook, call);
    case HookKind::kCommand:
      return RunCommand(hook, call);
  }
  return {Status::Internal("unknown hook kind"), "", {}, false};
}

// One attempt, bounded by the hook's timeout: a retried RequestResponse invocation would run
// the hook function twice, and each attempt could take the whole timeout.
HookResult StandardHookRunner::RunFunction(const Hook& hook, const HookCall& call) {
  if (s_.lambda == nullptr)
    return {Status::Internal("no Lambda client for " + DescribeHook(hook)), "", {}, false};
  aws::ServiceContext context = aws::ContextFor(*s_.lambda, aws::Service::kLambda);
  context.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(hook.timeout);
  context.retry.max_attempts = 1;
  aws::LambdaClient lambda(context);
  const Time start = s_.clock->Now();
  auto invoked = lambda.Invoke(hook.target, "", json::Serialize(HookEvent(call.facts)));
  HookResult result;
  if (!invoked.ok()) {
    result.status = s_.clock->Now() - start >= hook.timeout
                        ? Status::FailedPrecondition(TimedOut(hook))
                        : invoked.status();
    return result;
  }
  result.status = JudgeHookResult(hook.target, *invoked);
  result.summary = "invoked, status " + std::to_string(invoked->status);
  return result;
}

ExecutionWaitOptions StandardHookRunner::WaitOptions(const Hook& hook, const HookCall& call) const {
  ExecutionWaitOptions o;
  o.clock = s_.clock;
  o.interrupted = s_.interrupted;
  o.timeout = hook.timeout;
  o.wait_slice = s_.wait_slice;
  o.while_waiting = call.while_waiting;
  o.stop_cause = "stepshift: the " + call.facts.phase + " " + DescribeHook(hook) + " ended first";
  return o;
}

HookResult StandardHookRunner::RunInputs(const Hook& hook, const HookCall& call) {
  if (s_.executions == nullptr)
    return {Status::Internal("no executions API for " + DescribeHook(hook)), "", {}, false};
  CasesReport report =
      RunTestCases(s_.executions, call.facts.new_version_arn, hook.cases, WaitOptions(hook, call));
  HookResult result;
  result.details["cases"] = CasesJson(report);
  result.summary = std::to_string(report.passed) + "/" + std::to_string(report.cases.size()) +
                   " cases met their expectations";
  const std::string missed = MissedCases(report);
  if (EndedEarly(report.end, hook, missed.empty() ? "" : ": " + missed, &result))
    return result;
  if (report.passed < report.cases.size()) {
    result.status = Status::FailedPrecondition(std::to_string(report.cases.size() - report.passed) +
                                               " of " + std::to_string(report.cases.size()) +
                                               " cases missed: " + missed);
  }
  return result;
}

HookResult StandardHookRunner::RunStateMachine(const Hook& hook, const HookCall& call) {
  if (s_.executions == nullptr)
    return {Status::Internal("no executions API for " + DescribeHook(hook)), "", {}, false};
  ExecutionRequest request{hook.target, asl::ToJson(HookStateMachineInput(call.facts))};
  ExecutionsWait wait = RunExecutions(s_.executions, {request}, WaitOptions(hook, call));
  const ExecutionRun& run = wait.runs.front();
  HookResult result;
  result.details["execution_arn"] = run.arn;
  result.details["status"] = run.described.status;
  result.summary = (run.arn.empty() ? "" : "execution " + run.arn + " ") + DescribeRunEnd(run);
  const std::string which = run.arn.empty() ? "" : " (execution " + run.arn + ")";
  if (EndedEarly(wait.end, hook, which, &result))
    return result;
  if (run.described.status != "SUCCEEDED" || !run.error.ok())
    result.status = Status::FailedPrecondition(result.summary);
  return result;
}

HookResult StandardHookRunner::RunCommand(const Hook& hook, const HookCall& call) {
  CommandOptions o;
  o.clock = s_.clock;
  o.interrupted = s_.interrupted;
  o.timeout = hook.timeout;
  o.wait_slice = s_.wait_slice;
  o.environment = HookEnvironment(call.facts);
  o.while_waiting = call.while_waiting;
  o.echo_fd = s_.command_echo_fd;
  auto ran = RunHookCommand(hook.target, o);
  if (!ran.ok())
    return {ran.status(), "", {}, false};
  HookResult result;
  result.details["exit_code"] = ran->exit_code;
  result.summary = "exited " + std::to_string(ran->exit_code);
  const std::string tail = LastLines(ran->stderr_tail, 3);
  if (EndedEarly(ran->end, hook, " (killed)" + (tail.empty() ? "" : ": " + tail), &result))
    return result;
  if (ran->exit_code != 0) {
    const std::string how = ran->signal != 0 ? "killed by signal " + std::to_string(ran->signal)
                                             : "exited " + std::to_string(ran->exit_code);
    result.status = Status::FailedPrecondition(how + (tail.empty() ? "" : ": " + tail));
  }
  return result;
}

}  // namespace stepshift::deploy
