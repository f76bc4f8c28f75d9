// Test helper: Poisson traffic through an alias split between two versions, written into a
// FakeExecutions from a seeded RNG (the same seed gives the same executions). Each execution
// picks the new version with probability new_weight/100, fails with its version's failure
// probability and lasts a log-normal time around its version's median.
#pragma once

#include <cmath>
#include <random>
#include <string>

#include "deploy/fake_executions.h"

namespace stepshift::deploy::testing {

struct TrafficOptions {
  double per_second = 10;
  int new_weight = 10;
  double old_failure = 0.05;
  double new_failure = 0.05;
  double old_median_ms = 800;
  double new_median_ms = 800;
};

class SimulatedTraffic {
 public:
  SimulatedTraffic(FakeExecutions* fake, uint64_t seed, TrafficOptions options, Time start,
                   std::string old_arn, std::string new_arn)
      : fake_(fake),
        rng_(seed),
        o_(options),
        next_(start),
        old_arn_(std::move(old_arn)),
        new_arn_(std::move(new_arn)) {
    Advance();
  }

  // Adds every execution that starts up to `t`.
  void RunUntil(Time t) {
    while (next_ <= t) {
      const bool to_new = std::uniform_real_distribution<double>(0, 100)(rng_) < o_.new_weight;
      const double failure = to_new ? o_.new_failure : o_.old_failure;
      const double median = to_new ? o_.new_median_ms : o_.old_median_ms;
      const bool fails = std::bernoulli_distribution(failure)(rng_);
      const double ms = median * std::exp(0.3 * std::normal_distribution<double>()(rng_));
      fake_->Add(
          to_new ? new_arn_ : old_arn_, next_,
          std::chrono::duration_cast<Duration>(std::chrono::duration<double, std::milli>(ms)),
          fails);
      Advance();
    }
  }

  TrafficOptions& options() { return o_; }

 private:
  void Advance() {
    const double gap = std::exponential_distribution<double>(o_.per_second)(rng_);
    next_ += std::chrono::duration_cast<Duration>(std::chrono::duration<double>(gap));
  }

  FakeExecutions* fake_;
  std::mt19937_64 rng_;
  TrafficOptions o_;
  Time next_;
  std::string old_arn_;
  std::string new_arn_;
};

}  // namespace stepshift::deploy::testing
