// The verdict flags of `stepshift deploy` as typed, and their validation into VerdictSettings.
// A bad value is one clear line and exit 2 before any AWS call, like every deploy flag (flags.h).
#pragma once

#include <string>

#include "base/result.h"
#include "deploy/verdict_watch.h"

namespace stepshift::deploy {

struct VerdictFlags {
  bool verdict = false;     // --verdict: judge every poll, even before any execution is seen
  bool no_verdict = false;  // --no-verdict
  bool dry_run = false;     // --verdict-dry-run
  std::string source = "auto";
  double max_failure_rate_increase = 1;  // percentage points
  double max_latency_increase = 20;      // percent
  int min_executions = 20;
  double confidence = 0.99;
  int max_step_extension = 0;  // seconds
  std::string on_inconclusive = "pass";
};

// Returns InvalidArgument with a one-line reason naming the flag.
Result<VerdictSettings> ValidateVerdictFlags(const VerdictFlags& flags);

}  // namespace stepshift::deploy
