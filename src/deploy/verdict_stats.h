// The statistics behind deployment verdicts, as pure functions: Fisher's exact test for failure
// counts, the Mann-Whitney rank test for durations, and quantiles. No I/O, no state; safe from any
// thread. Counts are judged with a count-aware test (never a rank test on counts, which misreads
// zero-heavy error counts; Kayenta's known weakness).
#pragma once

#include <cstdint>
#include <vector>

namespace stepshift::deploy {

// ln(n!). REQUIRES: n >= 0.
double LogFactorial(int64_t n);

// One-sided Fisher exact test on the 2x2 table
//            failed       not failed
//   new      new_failed   new_total - new_failed
//   stable   old_failed   old_total - old_failed
// The p-value of "new fails more often than stable": the probability, with the margins fixed, of
// at least `new_failed` failures among the new version's executions. 1 when either side is
// empty. REQUIRES: 0 <= failed <= total on both sides.
double FisherGreaterPValue(int64_t new_failed, int64_t new_total, int64_t old_failed,
                           int64_t old_total);

struct RankTest {
  double u = 0;          // Mann-Whitney U of the new sample (ties count one half)
  double z = 0;          // normal approximation, tie- and continuity-corrected
  double p_greater = 1;  // one-sided p-value of "new values are larger"
  double effect = 0.5;   // common-language effect size: P(new > stable) + P(tie)/2
};

// Mann-Whitney U test of `new_values` against `old_values` with the normal approximation (tie
// correction in the variance, continuity correction in z). An empty sample or all values tied
// gives p_greater = 1. The inputs need not be sorted. O((n + m) log(n + m)).
RankTest MannWhitney(const std::vector<double>& new_values, const std::vector<double>& old_values);

// The q-quantile (0 <= q <= 1) of `sorted` (ascending) by linear interpolation between closest
// ranks (R's type 7, numpy's default). 0 for an empty sample.
double Quantile(const std::vector<double>& sorted, double q);

}  // namespace stepshift::deploy
