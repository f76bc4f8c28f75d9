#include "deploy/verdict.h"

#include <algorithm>
#include <cstdio>

#include "deploy/verdict_stats.h"

namespace stepshift::deploy {

namespace {

double Rate(const VersionSample& s) {
  return s.completed > 0 ? static_cast<double>(s.failed) / static_cast<double>(s.completed) : 0;
}

Quantiles QuantilesOf(const VersionSample& s) {
  if (s.has_quantiles_only)
    return {s.p50_ms, s.p90_ms, s.p99_ms};
  std::vector<double> sorted = s.durations_ms;
  std::sort(sorted.begin(), sorted.end());
  return {Quantile(sorted, 0.5), Quantile(sorted, 0.9), Quantile(sorted, 0.99)};
}

// How much slower `now` is than `before` (0.25: 25 %); 0 when there is no baseline.
double Increase(double now, double before) {
  return before > 0 ? now / before - 1 : 0;
}

std::string Format(const char* format, double value) {
  char text[64];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

std::string Percent(double fraction) {
  return Format("%.1f%%", 100 * fraction);
}

void JudgeFailures(const VersionSample& stable, const VersionSample& canary,
                   const VerdictThresholds& t, Verdict* v) {
  v->new_failure_rate = Rate(canary);
  v->old_failure_rate = Rate(stable);
  v->failure_p_value =
      FisherGreaterPValue(canary.failed, canary.completed, stable.failed, stable.completed);
  v->failure_significant = v->failure_p_value < 1 - t.confidence;
  v->failure_over_threshold =
      v->new_failure_rate - v->old_failure_rate > t.max_failure_rate_increase;
}

void JudgeLatency(const VersionSample& stable, const VersionSample& canary,
                  const VerdictThresholds& t, Verdict* v) {
  v->new_latency = QuantilesOf(canary);
  v->old_latency = QuantilesOf(stable);
  v->latency_increase = std::max(Increase(v->new_latency.p50, v->old_latency.p50),
                                 Increase(v->new_latency.p90, v->old_latency.p90));
  v->latency_over_threshold = v->latency_increase > t.max_latency_increase;
  const auto enough = [&](const VersionSample& s) {
    return static_cast<int64_t>(s.durations_ms.size()) >= std::max<int64_t>(t.min_executions, 1);
  };
  // Quantiles alone carry no sampling error to test against: the metrics source reports them
  // but never fails on latency.
  if (canary.has_quantiles_only || !enough(canary) || !enough(stable))
    return;
  RankTest rank = MannWhitney(canary.durations_ms, stable.durations_ms);
  v->latency_judged = true;
  v->latency_p_value = rank.p_greater;
  v->latency_effect = rank.effect;
  v->latency_significant = rank.p_greater < 1 - t.confidence;
}

}  // namespace

std::string VerdictKindName(VerdictKind kind) {
  switch (kind) {
    case VerdictKind::kPass:
      return "PASS";
    case VerdictKind::kFail:
      return "FAIL";
    case VerdictKind::kInconclusive:
      return "INCONCLUSIVE";
  }
  return "";
}

Verdict Judge(const VersionSample& stable, const VersionSample& canary,
              const VerdictThresholds& t) {
  Verdict v;
  JudgeFailures(stable, canary, t, &v);
  JudgeLatency(stable, canary, t, &v);
  const bool enough = canary.completed >= t.min_executions &&
                      stable.completed >= t.min_executions && canary.completed > 0 &&
                      stable.completed > 0;
  if (enough && v.failure_significant && v.failure_over_threshold) {
    v.kind = VerdictKind::kFail;
    v.reason = "failure rate " + Percent(v.new_failure_rate) + " vs " +
               Percent(v.old_failure_rate) + " (" + FormatPValue(v.failure_p_value) +
               ", more than " + Format("%.1f", 100 * t.max_failure_rate_increase) +
               " points higher)";
  } else if (v.latency_judged && v.latency_significant && v.latency_over_threshold) {
    v.kind = VerdictKind::kFail;
    v.reason = "latency " + Percent(v.latency_increase) + " slower (" +
               FormatPValue(v.latency_p_value) + ", more than " + Percent(t.max_latency_increase) +
               ")";
  } else if (!enough) {
    v.kind = VerdictKind::kInconclusive;
    v.reason = "too few executions: " + std::to_string(canary.completed) + " new, " +
               std::to_string(stable.completed) + " stable completed; " +
               std::to_string(t.min_executions) + " each needed";
  } else {
    v.kind = VerdictKind::kPass;
    v.reason = "within thresholds";
  }
  return v;
}

std::string FormatPValue(double p) {
  return p < 0.0001 ? "p<0.0001" : Format("p=%.4f", p);
}

namespace {

json::Object SideFields(const VersionSample& s, const Quantiles& q) {
  json::Object side;
  side["started"] = s.started;
  side["running"] = s.running;
  side["completed"] = s.completed;
  side["failed"] = s.failed;
  side["failure_rate"] = Rate(s);
  side["p50_ms"] = q.p50;
  side["p90_ms"] = q.p90;
  side["p99_ms"] = q.p99;
  return side;
}

}  // namespace

json::Object VerdictFields(const Verdict& v, const VersionSample& stable,
                           const VersionSample& canary, const VerdictThresholds& t) {
  json::Object fields;
  fields["verdict"] = VerdictKindName(v.kind);
  fields["reason"] = v.reason;
  fields["new"] = SideFields(canary, v.new_latency);
  fields["stable"] = SideFields(stable, v.old_latency);
  fields["failures"] = json::Object{
      {"test", "fisher-exact-one-sided"},
      {"p_value", v.failure_p_value},
      {"significant", v.failure_significant},
      {"increase", v.new_failure_rate - v.old_failure_rate},
      {"max_increase", t.max_failure_rate_increase},
      {"over_threshold", v.failure_over_threshold},
  };
  json::Object latency{
      {"test", "mann-whitney-one-sided"},
      {"judged", v.latency_judged},
      {"increase", v.latency_increase},
      {"max_increase", t.max_latency_increase},
      {"over_threshold", v.latency_over_threshold},
  };
  if (v.latency_judged) {
    latency["p_value"] = v.latency_p_value;
    latency["effect_size"] = v.latency_effect;
    latency["significant"] = v.latency_significant;
  }
  fields["latency"] = std::move(latency);
  fields["min_executions"] = t.min_executions;
  fields["min_executions_met"] =
      canary.completed >= t.min_executions && stable.completed >= t.min_executions;
  fields["alpha"] = 1 - t.confidence;  // the significance level of this poll's tests
  return fields;
}

std::string VerdictLine(const Verdict& v, const VersionSample& stable, const VersionSample& canary,
                        const std::string& old_label, const std::string& new_label) {
  auto side = [](const std::string& label, const VersionSample& s, const Quantiles& q) {
    return label + " " + std::to_string(s.failed) + "/" + std::to_string(s.completed) +
           " failed (" + Percent(Rate(s)) + "), p90 " + Format("%.0fms", q.p90);
  };
  return "verdict " + VerdictKindName(v.kind) + ": " + side(new_label, canary, v.new_latency) +
         " vs " + side(old_label, stable, v.old_latency) + "; " + FormatPValue(v.failure_p_value) +
         "; " + v.reason;
}

}  // namespace stepshift::deploy
