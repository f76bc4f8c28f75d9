// The verdict at each poll of a deployment step: samples both versions over the step's window
// (verdict_source.h), judges them (verdict.h), reports the verdict as an event, and tells the
// controller whether to roll back or to hold the step past its window. The controller's loop
// (runner.h) calls Poll() at each of its polls; this is its only hook into the loop.
// Not thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "base/clock.h"
#include "deploy/record.h"
#include "deploy/reporter.h"
#include "deploy/verdict.h"
#include "deploy/verdict_source.h"

namespace stepshift::deploy {

enum class VerdictMode {
  kAuto,    // judge once executions are visible (either version has one in the window)
  kOn,      // judge every poll; no executions at all is INCONCLUSIVE
  kDryRun,  // judge and report every poll, never act
  kOff,
};

enum class OnInconclusive { kHold, kFail, kPass };

struct VerdictSettings {
  VerdictMode mode = VerdictMode::kAuto;
  SourceChoice source = SourceChoice::kAuto;
  VerdictThresholds thresholds;
  // How long past its window a step is held while the verdict is INCONCLUSIVE; then
  // `on_inconclusive` decides (hold: keep holding until the verdict is conclusive).
  Duration max_step_extension{};
  OnInconclusive on_inconclusive = OnInconclusive::kPass;
};

// What the controller is watching at a poll.
struct StepView {
  int step = 0;  // 0-based
  int new_weight = 0;
  Time started{};
  Time window_end{};
  // The polls planned in the window, the end-of-window check included. The tests' significance
  // level is shared among them (Bonferroni), so judging a step at every poll does not multiply
  // its chance of failing a healthy canary: 1 - confidence stays the bound per step.
  int looks = 1;
};

// What the verdict asks of the controller.
struct VerdictCall {
  std::string rollback_reason;  // non-empty: roll back (exit 1)
  bool hold = false;            // do not leave the step yet, even past its window
};

class VerdictWatch {
 public:
  // Does not own `source` or `reporter`.
  VerdictWatch(const VerdictSettings& settings, VerdictSource* source, Reporter* reporter,
               std::string old_arn, std::string new_arn);

  VerdictCall Poll(const StepView& step, Time now);

  // The last verdict reported, for the live line; empty before the first.
  const std::string& summary() const { return summary_; }

  // The last verdict judged, for the deployment record (`stepshift status`); nullopt before the
  // first. A poll whose verdict cannot be computed leaves it as it was.
  const std::optional<RecordedVerdict>& last() const { return last_; }

 private:
  VerdictCall Decide(const Verdict& verdict, const StepView& step, Time now) const;

  VerdictSettings settings_;
  VerdictSource* source_;
  Reporter* reporter_;
  std::string old_arn_;
  std::string new_arn_;
  std::string summary_;
  std::optional<RecordedVerdict> last_;
  std::string last_error_;  // the source's last error, reported once
};

}  // namespace stepshift::deploy
