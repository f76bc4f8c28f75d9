#include "deploy/verdict_flags.h"

#include <cmath>

namespace stepshift::deploy {

namespace {

Status Invalid(const std::string& message) {
  return Status::InvalidArgument(message);
}

}  // namespace

Result<VerdictSettings> ValidateVerdictFlags(const VerdictFlags& f) {
  VerdictSettings s;
  if (f.verdict && f.no_verdict)
    return Invalid("give --verdict or --no-verdict, not both");
  if (f.dry_run && f.no_verdict)
    return Invalid("give --verdict-dry-run or --no-verdict, not both");
  s.mode = f.no_verdict ? VerdictMode::kOff
           : f.dry_run  ? VerdictMode::kDryRun
           : f.verdict  ? VerdictMode::kOn
                        : VerdictMode::kAuto;
  if (f.source == "auto") {
    s.source = SourceChoice::kAuto;
  } else if (f.source == "executions") {
    s.source = SourceChoice::kExecutions;
  } else if (f.source == "metrics") {
    s.source = SourceChoice::kMetrics;
  } else {
    return Invalid("--verdict-source: invalid choice: '" + f.source +
                   "' (choose from 'auto', 'executions', 'metrics')");
  }
  if (!std::isfinite(f.max_failure_rate_increase) || f.max_failure_rate_increase < 0 ||
      f.max_failure_rate_increase > 100) {
    return Invalid("--max-failure-rate-increase must be 0 to 100 (percentage points)");
  }
  if (!std::isfinite(f.max_latency_increase) || f.max_latency_increase < 0) {
    return Invalid("--max-latency-increase must be >= 0 (percent)");
  }
  if (f.min_executions < 1)
    return Invalid("--min-executions must be >= 1");
  if (!std::isfinite(f.confidence) || f.confidence < 0.5 || f.confidence >= 1)
    return Invalid("--confidence must be at least 0.5 and below 1 (e.g. 0.99)");
  if (f.max_step_extension < 0)
    return Invalid("--max-step-extension must be >= 0 seconds");
  if (f.on_inconclusive == "hold") {
    s.on_inconclusive = OnInconclusive::kHold;
  } else if (f.on_inconclusive == "fail") {
    s.on_inconclusive = OnInconclusive::kFail;
  } else if (f.on_inconclusive == "pass") {
    s.on_inconclusive = OnInconclusive::kPass;
  } else {
    return Invalid("--on-inconclusive: invalid choice: '" + f.on_inconclusive +
                   "' (choose from 'hold', 'fail', 'pass')");
  }
  s.thresholds.max_failure_rate_increase = f.max_failure_rate_increase / 100;
  s.thresholds.max_latency_increase = f.max_latency_increase / 100;
  s.thresholds.min_executions = f.min_executions;
  s.thresholds.confidence = f.confidence;
  s.max_step_extension = std::chrono::seconds(f.max_step_extension);
  return s;
}

}  // namespace stepshift::deploy
