// PrintPlan (plan.h): the dry-run output.
#include <cstdio>

#include "deploy/plan.h"

namespace stepshift::deploy {

namespace {

std::string NewVersionText(const Plan& plan, const DeployOptions& options) {
  if (!plan.new_arn.empty())
    return "version " + VersionNumber(plan.new_arn);
  return options.definition ? "the version published from " + options.package_flag
                            : "the version published from the current revision";
}

void Say(Reporter* reporter, const std::string& what, const std::string& text) {
  reporter->Event("plan", json::Object{{"action", what}, {"message", text}}, "plan: " + text);
}

// One line per step from `first`, the first starting at `now`, then the end time.
void PrintSteps(const Plan& plan, const DeployOptions& options, size_t first, Time now,
                Reporter* reporter) {
  const Schedule& schedule = plan.schedule;
  Time at = now;
  const std::string polling = std::to_string(
      std::chrono::duration_cast<std::chrono::seconds>(options.alarm_polling).count());
  for (size_t i = first; i < schedule.size(); ++i) {
    const Step& step = schedule[i];
    const double window = std::chrono::duration<double>(step.window).count();
    const double offset = std::chrono::duration<double>(at - now).count();
    json::Object fields;
    fields["step"] = i + 1;
    fields["steps"] = schedule.size();
    fields["old_weight"] = 100 - step.new_weight;
    fields["new_weight"] = step.new_weight;
    fields["start"] = FormatIso8601(at);
    fields["offset_seconds"] = offset;
    fields["window_seconds"] = window;
    fields["monitored"] = step.monitored && !options.alarms.empty();
    std::string what = "not watched";
    if (step.monitored) {
      what = options.alarms.empty() ? "wait " + std::to_string(static_cast<long>(window)) + "s"
                                    : "watch alarms " + std::to_string(static_cast<long>(window)) +
                                          "s, every " + polling + "s";
    }
    char line[200];
    std::snprintf(line, sizeof line, "plan step %zu/%zu at +%.0fs (%s): old %d%% new %d%%, %s",
                  i + 1, schedule.size(), offset, FormatIso8601(at).c_str(), 100 - step.new_weight,
                  step.new_weight, what.c_str());
    reporter->Event("plan", std::move(fields), line);
    at += step.window;
  }
  json::Object end;
  end["end"] = FormatIso8601(at);
  end["total_seconds"] = std::chrono::duration<double>(at - now).count();
  reporter->Event("plan", std::move(end),
                  "plan: new version at 100% by " + FormatIso8601(at) + " (dry run)");
}

// One line per hook of `phase` the plan runs, in order.
void PrintHooks(const Plan& plan, const std::string& phase, Reporter* reporter) {
  for (const Hook& hook : PlannedHooks(plan)) {
    if (hook.phase != phase)
      continue;
    json::Object fields{{"action", "hook"},
                        {"phase", hook.phase},
                        {"kind", HookKindName(hook.kind)},
                        {"hook", hook.target},
                        {"timeout_seconds",
                         std::chrono::duration_cast<std::chrono::seconds>(hook.timeout).count()}};
    const std::string when = hook.phase == kPreTraffic ? "before any traffic moves"
                                                       : "at 100%, before the deployment ends";
    const std::string text = hook.phase + " " + DescribeHook(hook) + " " + when + " (timeout " +
                             DurationText(hook.timeout) + ")";
    fields["message"] = text;
    reporter->Event("plan", std::move(fields), "plan: " + text);
  }
}

}  // namespace

void PrintPlan(const Plan& plan, const DeployOptions& options, Time now, Reporter* reporter) {
  switch (plan.kind) {
    case PlanKind::kCreateAlias:
      PrintHooks(plan, kPreTraffic, reporter);
      Say(reporter, "create-alias",
          "create alias " + plan.alias_arn + " routing 100% to " + NewVersionText(plan, options));
      return;
    case PlanKind::kRollbackInterrupted:
      Say(reporter, "rollback-interrupted",
          "roll back the interrupted deployment on " + plan.alias_arn + ": version " +
              VersionNumber(plan.old_arn) + " gets 100% again");
      return;
    case PlanKind::kResume: {
      const int step = plan.record ? std::max(plan.record->step, 0) : 0;
      Say(reporter, "resume",
          "resume the deployment of " + NewVersionText(plan, options) + " over version " +
              VersionNumber(plan.old_arn) + " on " + plan.alias_arn + " at step " +
              std::to_string(step + 1) + "/" + std::to_string(plan.schedule.size()));
      PrintHooks(plan, kPreTraffic, reporter);
      PrintSteps(plan, options, static_cast<size_t>(step), now, reporter);
      PrintHooks(plan, kPostTraffic, reporter);
      return;
    }
    case PlanKind::kDeploy:
      Say(reporter, "deploy",
          "deploy " + NewVersionText(plan, options) + " over version " +
              VersionNumber(plan.old_arn) + " on " + plan.alias_arn + " (" +
              std::to_string(plan.schedule.size()) + " steps)");
      PrintHooks(plan, kPreTraffic, reporter);
      PrintSteps(plan, options, 0, now, reporter);
      PrintHooks(plan, kPostTraffic, reporter);
      return;
  }
}

}  // namespace stepshift::deploy
