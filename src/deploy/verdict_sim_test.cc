// The verdict's error rates, simulated: seeded Poisson traffic into a FakeExecutions, the fake
// clock stepping from poll to poll, and the real VerdictSource and VerdictWatch judging it.
#include <gtest/gtest.h>

#include "deploy/simulated_traffic.h"
#include "deploy/verdict_watch.h"

namespace stepshift::deploy {
namespace {

using std::chrono::seconds;
using testing::FakeExecutions;
using testing::SimulatedTraffic;
using testing::TrafficOptions;

const std::string kOld = "arn:aws:states:us-east-1:123456789012:stateMachine:m:1";
const std::string kNew = "arn:aws:states:us-east-1:123456789012:stateMachine:m:2";

struct StepPlan {
  Duration window = seconds(300);
  Duration polling = seconds(60);  // --alarm-polling's default
};

// Runs one canary step; returns the 1-based poll at which the verdict asked for a rollback, or
// 0 when it never did. Polls are at 0, p, 2p, … inside the window and at its end.
int SimulateStep(uint64_t seed, const TrafficOptions& traffic, const StepPlan& plan) {
  FakeClock clock;
  FakeExecutions fake(&clock);
  const Time start = clock.Now();
  SimulatedTraffic generator(&fake, seed, traffic, start, kOld, kNew);
  VerdictSettings settings;
  settings.mode = VerdictMode::kOn;
  VerdictSource source(&fake, SourceChoice::kAuto);
  VerdictWatch watch(settings, &source, &NullReporter(), kOld, kNew);
  const int looks = static_cast<int>(plan.window / plan.polling) + 1;
  const StepView view{0, traffic.new_weight, start, start + plan.window, looks};
  for (int poll = 0; poll < looks; ++poll) {
    const Time t = std::min(start + poll * plan.polling, start + plan.window);
    clock.Set(t);
    generator.RunUntil(t);
    if (!watch.Poll(view, t).rollback_reason.empty())
      return poll + 1;
  }
  return 0;
}

TEST(VerdictSimulationTest, HealthyCanaryFailsAtMostOnePercentOfSteps) {
  TrafficOptions healthy;  // 10 executions/s, 10 % canary, 5 % failures on both versions
  int failed = 0;
  for (uint64_t seed = 1; seed <= 1000; ++seed)
    failed += SimulateStep(seed, healthy, {}) != 0;
  EXPECT_LE(failed, 10) << "of 1000 healthy steps";
}

TEST(VerdictSimulationTest, HealthyCanaryWithRareFailuresFailsAtMostOnePercentOfSteps) {
  TrafficOptions healthy;
  healthy.old_failure = healthy.new_failure = 0.002;  // zero-heavy counts
  int failed = 0;
  for (uint64_t seed = 1; seed <= 1000; ++seed)
    failed += SimulateStep(seed, healthy, {}) != 0;
  EXPECT_LE(failed, 10) << "of 1000 healthy steps";
}

TEST(VerdictSimulationTest, FiveTimesTheStableFailureRateIsCaughtWithinThreePolls) {
  TrafficOptions bad;
  bad.new_failure = 5 * bad.old_failure;  // 25 % against 5 %
  int late = 0;
  for (uint64_t seed = 1; seed <= 1000; ++seed) {
    const int poll = SimulateStep(seed, bad, {});
    late += poll == 0 || poll > 3;
  }
  // Polls 1-3 are at 0, 60 and 120 s: the canary has had about 120 executions by the third.
  EXPECT_LE(late, 10) << "of 1000 bad canaries were caught after the third poll or never";
}

TEST(VerdictSimulationTest, HalfAgainSlowerCanaryIsCaughtWithinThreePolls) {
  TrafficOptions slow;
  slow.new_median_ms = 1.5 * slow.old_median_ms;
  int late = 0;
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    const int poll = SimulateStep(seed, slow, {});
    late += poll == 0 || poll > 3;
  }
  EXPECT_LE(late, 2) << "of 200 slow canaries were caught after the third poll or never";
}

}  // namespace
}  // namespace stepshift::deploy
