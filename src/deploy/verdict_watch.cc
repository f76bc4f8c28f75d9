#include "deploy/verdict_watch.h"

#include <algorithm>

#include "deploy/runner.h"

namespace stepshift::deploy {

namespace {

// The verdict as the deployment record keeps it; `step` is 1-based.
RecordedVerdict Recorded(const Verdict& verdict, const WindowSamples& samples, int step, Time now) {
  RecordedVerdict v;
  v.outcome = VerdictKindName(verdict.kind);
  v.step = step;
  v.new_failed = samples.canary.failed;
  v.new_completed = samples.canary.completed;
  v.old_failed = samples.stable.failed;
  v.old_completed = samples.stable.completed;
  v.p_value = verdict.failure_p_value;
  v.at = std::chrono::time_point_cast<std::chrono::seconds>(now);
  return v;
}

}  // namespace

VerdictWatch::VerdictWatch(const VerdictSettings& settings, VerdictSource* source,
                           Reporter* reporter, std::string old_arn, std::string new_arn)
    : settings_(settings),
      source_(source),
      reporter_(reporter),
      old_arn_(std::move(old_arn)),
      new_arn_(std::move(new_arn)) {}

VerdictCall VerdictWatch::Poll(const StepView& step, Time now) {
  // At 100 % the stable version takes no new executions: there is nothing to compare against.
  if (settings_.mode == VerdictMode::kOff || step.new_weight >= 100)
    return {};
  auto samples = source_->Sample(old_arn_, new_arn_, step.started, now);
  if (!samples.ok()) {
    // A verdict that cannot be computed is no evidence either way; alarms still guard the step.
    // Told once per distinct error, not at every poll (a missing permission would flood the log).
    if (samples.status().ToString() == last_error_)
      return {};
    last_error_ = samples.status().ToString();
    const std::string text = "verdict unavailable: " + samples.status().ToString();
    reporter_->Event(
        "verdict",
        json::Object{
            {"step", step.step + 1}, {"verdict", "ERROR"}, {"reason", samples.status().ToString()}},
        text);
    summary_ = "verdict unavailable";
    return {};
  }
  last_error_.clear();
  if (settings_.mode == VerdictMode::kAuto && samples->stable.started == 0 &&
      samples->canary.started == 0) {
    return {};  // no executions visible: the verdict stays silent
  }
  VerdictThresholds thresholds = settings_.thresholds;
  thresholds.confidence = 1 - (1 - thresholds.confidence) / std::max(1, step.looks);
  Verdict verdict = Judge(samples->stable, samples->canary, thresholds);
  json::Object fields = VerdictFields(verdict, samples->stable, samples->canary, thresholds);
  fields["step_confidence"] = settings_.thresholds.confidence;
  fields["step"] = step.step + 1;
  fields["source"] = samples->source;
  if (!samples->note.empty())
    fields["source_note"] = samples->note;
  fields["dry_run"] = settings_.mode == VerdictMode::kDryRun;
  fields["old_version"] = old_arn_;
  fields["new_version"] = new_arn_;
  const std::string line =
      VerdictLine(verdict, samples->stable, samples->canary, "v" + VersionNumber(old_arn_),
                  "v" + VersionNumber(new_arn_));
  summary_ = "verdict " + VerdictKindName(verdict.kind);
  VerdictCall call = Decide(verdict, step, now);
  fields["held"] = call.hold;
  last_ = Recorded(verdict, *samples, step.step + 1, now);
  last_->dry_run = settings_.mode == VerdictMode::kDryRun;
  last_->held = call.hold && !last_->dry_run;
  reporter_->Event("verdict", std::move(fields),
                   (settings_.mode == VerdictMode::kDryRun ? "(dry run) " : "") + line + " [" +
                       samples->source + "]" +
                       (samples->note.empty() ? "" : " (" + samples->note + ")"));
  if (settings_.mode == VerdictMode::kDryRun)
    return {};
  return call;
}

VerdictCall VerdictWatch::Decide(const Verdict& verdict, const StepView& step, Time now) const {
  if (verdict.kind == VerdictKind::kFail)
    return {"verdict FAIL: " + verdict.reason, false};
  if (verdict.kind == VerdictKind::kPass || now < step.window_end)
    return {};
  // INCONCLUSIVE at or past the window's end: extend the step, then let --on-inconclusive decide.
  if (now < step.window_end + settings_.max_step_extension)
    return {"", true};
  switch (settings_.on_inconclusive) {
    case OnInconclusive::kHold:
      return {"", true};
    case OnInconclusive::kFail:
      return {"verdict INCONCLUSIVE past the step's extension: " + verdict.reason, false};
    case OnInconclusive::kPass:
      return {};
  }
  return {};
}

}  // namespace stepshift::deploy
