// The verdict on a canary: its executions against the stable version's over the same window.
// Pure: samples in, a verdict with its evidence out (verdict_stats.h does the arithmetic).
//  - Failures: one-sided Fisher exact test of "the new version fails more often"; FAIL when
//    p < 1 - confidence and the observed failure rate exceeds the stable one by more than
//    max_failure_rate_increase (significant and large enough to matter, Kayenta's effect-size
//    idea applied to counts).
//  - Latency (per-execution durations only): one-sided Mann-Whitney rank test plus the p50/p90
//    increase; FAIL when p < 1 - confidence and p50 or p90 grew by more than
//    max_latency_increase.
//  - INCONCLUSIVE when either version completed fewer than min_executions in the window;
//    PASS otherwise.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/json.h"

namespace stepshift::deploy {

// One version's executions that started in the window.
struct VersionSample {
  int64_t started = 0;
  int64_t running = 0;
  int64_t completed =
      0;               // SUCCEEDED, FAILED or TIMED_OUT (ABORTED is an operator's act: not judged)
  int64_t failed = 0;  // FAILED or TIMED_OUT
  // Durations of the SUCCEEDED executions, milliseconds, any order (the executions source).
  std::vector<double> durations_ms;
  // The metrics source has no per-execution durations, only these (milliseconds; 0: none).
  double p50_ms = 0, p90_ms = 0, p99_ms = 0;
  bool has_quantiles_only = false;
};

struct VerdictThresholds {
  double max_failure_rate_increase = 0.01;  // absolute: 0.01 is one percentage point
  double max_latency_increase = 0.20;       // relative: 0.20 is 20 % slower
  int64_t min_executions = 20;              // completed, on each side
  double confidence = 0.99;                 // the tests' significance level is 1 - confidence
};

enum class VerdictKind { kPass, kFail, kInconclusive };

std::string VerdictKindName(VerdictKind kind);  // "PASS", "FAIL", "INCONCLUSIVE"

struct Quantiles {
  double p50 = 0, p90 = 0, p99 = 0;
};

struct Verdict {
  VerdictKind kind = VerdictKind::kInconclusive;
  std::string reason;  // one line: what decided it
  // Failures.
  double new_failure_rate = 0, old_failure_rate = 0;
  double failure_p_value = 1;
  bool failure_significant = false, failure_over_threshold = false;
  // Latency.
  bool latency_judged = false;  // both sides had min_executions durations
  Quantiles new_latency, old_latency;
  double latency_p_value = 1;
  double latency_effect = 0.5;  // P(a new execution is slower than a stable one)
  double latency_increase = 0;  // the larger of the p50 and p90 increases (0.25: 25 % slower)
  bool latency_significant = false, latency_over_threshold = false;
};

Verdict Judge(const VersionSample& stable, const VersionSample& canary,
              const VerdictThresholds& thresholds);

// The evidence as event fields: counts, rates, quantiles, p-values, thresholds met or missed.
json::Object VerdictFields(const Verdict& verdict, const VersionSample& stable,
                           const VersionSample& canary, const VerdictThresholds& thresholds);

// "p=0.6234", or "p<0.0001" below that: how verdict lines print a p-value.
std::string FormatPValue(double p);

// "verdict PASS: v2 1/240 failed (0.4%) vs v1 9/2160 (0.4%), p=0.62; p90 812ms vs 790ms".
std::string VerdictLine(const Verdict& verdict, const VersionSample& stable,
                        const VersionSample& canary, const std::string& old_label,
                        const std::string& new_label);

}  // namespace stepshift::deploy
