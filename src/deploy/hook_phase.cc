#include "deploy/hook_phase.h"

#include <memory>

namespace stepshift::deploy {

namespace {

// Only while the alias still carries this deployment's record: if it does not, the first shift
// finds the drift.
std::function<void()> KeepAlive(DeploymentRecord* record, const HookPhaseContext& c) {
  if (record == nullptr || c.api == nullptr || c.heartbeat <= Duration::zero())
    return {};
  auto last = std::make_shared<Time>(c.clock->Now());
  return [record, c, last] {
    const Time now = c.clock->Now();
    if (now - *last < c.heartbeat)
      return;
    *last = now;
    auto alias = c.api->DescribeAlias(c.alias_arn);
    if (!alias.ok() || alias->description != EncodeRecord(*record))
      return;
    DeploymentRecord beat = *record;
    beat.heartbeat = now;
    if (c.api->UpdateAlias(c.alias_arn, std::nullopt, EncodeRecord(beat)).ok())
      *record = beat;
  };
}

HookResult RunHook(const Hook& hook, const HookCall& call, const HookPhaseContext& c) {
  const std::string& phase = call.facts.phase;
  c.reporter->Event(
      "hook_start",
      json::Object{{"phase", phase},
                   {"kind", HookKindName(hook.kind)},
                   {"hook", hook.target},
                   {"timeout_seconds",
                    std::chrono::duration_cast<std::chrono::seconds>(hook.timeout).count()}},
      phase + " " + DescribeHook(hook) + ": running (timeout " + DurationText(hook.timeout) + ")");
  const Time start = c.clock->Now();
  HookResult result = c.runner != nullptr
                          ? c.runner->Run(hook, call)
                          : HookResult{Status::Internal("no hook runner"), "", {}, false};
  json::Object fields = result.details;
  fields["phase"] = phase;
  fields["kind"] = HookKindName(hook.kind);
  fields["hook"] = hook.target;
  if (hook.kind == HookKind::kFunction)
    fields["function"] = hook.target;
  fields["passed"] = result.status.ok();
  fields["seconds"] = std::chrono::duration<double>(c.clock->Now() - start).count();
  if (!result.status.ok())
    fields["reason"] = result.status.message();
  c.reporter->Event("hook", std::move(fields),
                    phase + " " + DescribeHook(hook) +
                        (result.status.ok() ? " passed (" + result.summary + ")"
                                            : " failed: " + result.status.message()));
  return result;
}

}  // namespace

Status RunHookPhase(const std::vector<Hook>& hooks, const HookFacts& facts,
                    DeploymentRecord* record, const HookPhaseContext& context) {
  HookCall call{facts, KeepAlive(record, context)};
  for (const Hook& hook : hooks) {
    if (hook.phase != facts.phase)
      continue;
    HookResult result = RunHook(hook, call, context);
    if (!result.status.ok()) {
      const std::string when = facts.phase == kPreTraffic ? "pre-traffic " : "post-traffic ";
      return Status(result.status.code(),
                    when + DescribeHook(hook) + " failed: " + result.status.message(),
                    result.status.kind());
    }
  }
  return Status::Ok();
}

}  // namespace stepshift::deploy
