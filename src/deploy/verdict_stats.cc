#include "deploy/verdict_stats.h"

#include <algorithm>
#include <cmath>

namespace stepshift::deploy {

double LogFactorial(int64_t n) {
  return std::lgamma(static_cast<double>(n) + 1.0);
}

namespace {

// ln(C(n, k)).
double LogChoose(int64_t n, int64_t k) {
  return LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);
}

}  // namespace

double FisherGreaterPValue(int64_t new_failed, int64_t new_total, int64_t old_failed,
                           int64_t old_total) {
  if (new_total <= 0 || old_total <= 0)
    return 1.0;
  const int64_t failed = new_failed + old_failed;
  const int64_t total = new_total + old_total;
  const int64_t high = std::min(failed, new_total);
  const double log_denominator = LogChoose(total, new_total);
  // Hypergeometric tail P(X >= new_failed), summed relative to its largest term so that tiny
  // probabilities of large tables do not underflow term by term.
  std::vector<double> logs;
  logs.reserve(static_cast<size_t>(std::max<int64_t>(0, high - new_failed + 1)));
  for (int64_t x = new_failed; x <= high; ++x) {
    logs.push_back(LogChoose(failed, x) + LogChoose(total - failed, new_total - x) -
                   log_denominator);
  }
  if (logs.empty())
    return 0.0;
  const double top = *std::max_element(logs.begin(), logs.end());
  double sum = 0;
  for (double l : logs)
    sum += std::exp(l - top);
  return std::min(1.0, std::exp(top) * sum);
}

RankTest MannWhitney(const std::vector<double>& new_values, const std::vector<double>& old_values) {
  RankTest test;
  const double n1 = static_cast<double>(new_values.size());
  const double n2 = static_cast<double>(old_values.size());
  if (new_values.empty() || old_values.empty())
    return test;
  // (value, from the new sample) pairs, sorted; ties share their average rank.
  std::vector<std::pair<double, bool>> all;
  all.reserve(new_values.size() + old_values.size());
  for (double v : new_values)
    all.emplace_back(v, true);
  for (double v : old_values)
    all.emplace_back(v, false);
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  double rank_sum = 0;  // of the new sample
  double tie_term = 0;  // sum of t^3 - t over tie groups
  for (size_t i = 0; i < all.size();) {
    size_t j = i;
    while (j < all.size() && all[j].first == all[i].first)
      ++j;
    const double t = static_cast<double>(j - i);
    const double average_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (size_t k = i; k < j; ++k) {
      if (all[k].second)
        rank_sum += average_rank;
    }
    tie_term += t * t * t - t;
    i = j;
  }
  const double n = n1 + n2;
  test.u = rank_sum - n1 * (n1 + 1) / 2;
  test.effect = test.u / (n1 * n2);
  const double variance = n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1)));
  if (variance <= 0)
    return test;  // every value tied: no evidence either way
  test.z = (test.u - n1 * n2 / 2 - 0.5) / std::sqrt(variance);
  test.p_greater = 0.5 * std::erfc(test.z / std::sqrt(2.0));
  return test;
}

double Quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty())
    return 0;
  const double position = std::clamp(q, 0.0, 1.0) * static_cast<double>(sorted.size() - 1);
  const size_t below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + (sorted[above] - sorted[below]) * fraction;
}

}  // namespace stepshift::deploy
