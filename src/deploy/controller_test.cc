#include "deploy/controller.h"

#include <gtest/gtest.h>

namespace stepshift::deploy {
namespace {

using std::chrono::seconds;

const Time kT0 = FromEpochSeconds(1'700'000'000);

DeploymentState Linear50(bool alarms) {
  ScheduleOptions o;
  o.strategy = Strategy::kLinear;
  o.increment = 50;
  o.interval_seconds = 10;
  DeploymentState s;
  s.schedule = *BuildSchedule(o);
  s.has_alarms = alarms;
  s.alarm_polling = seconds(3);
  return s;
}

TEST(DecideTest, FirstActionIsTheFirstShift) {
  Action a = Decide(Linear50(true), kT0, {});
  EXPECT_EQ(a.kind, ActionKind::kShift);
  EXPECT_EQ(a.step, 0);
}

TEST(DecideTest, PollsAtAnchoredTimesThenChecksTheWindowEnd) {
  DeploymentState s = Linear50(true);
  ApplyShift(&s, 0, kT0);
  std::vector<int> poll_offsets;
  for (int t = 0; t <= 10; ++t) {
    Time now = kT0 + seconds(t);
    Action a = Decide(s, now, {});
    if (a.kind == ActionKind::kPoll) {
      poll_offsets.push_back(t);
      ApplyPoll(&s, now);
      a = Decide(s, now, {});
    }
    if (t < 10) {
      ASSERT_EQ(a.kind, ActionKind::kWait) << t;
      EXPECT_LE(a.until, kT0 + seconds(10));
    }
  }
  // 0, 3, 6, 9 inside the window, 10 at its end.
  EXPECT_EQ(poll_offsets, (std::vector<int>{0, 3, 6, 9, 10}));
  Action next = Decide(s, kT0 + seconds(10), {});
  EXPECT_EQ(next.kind, ActionKind::kShift);
  EXPECT_EQ(next.step, 1);
}

TEST(DecideTest, FiringAlarmMeansRollback) {
  DeploymentState s = Linear50(true);
  ApplyShift(&s, 0, kT0);
  Observations o;
  o.firing = {"errors", "latency"};
  Action a = Decide(s, kT0 + seconds(4), o);
  EXPECT_EQ(a.kind, ActionKind::kRollback);
  EXPECT_EQ(a.reason, "alarms triggered: errors, latency");
}

TEST(DecideTest, InterruptionWinsOverEverything) {
  DeploymentState s = Linear50(true);
  ApplyShift(&s, 1, kT0);
  Observations o;
  o.interrupted = true;
  o.firing = {"errors"};
  EXPECT_EQ(Decide(s, kT0, o).kind, ActionKind::kAbort);
}

TEST(DecideTest, WithoutAlarmsWaitsTheWindowThenAdvances) {
  DeploymentState s = Linear50(false);
  ApplyShift(&s, 0, kT0);
  Action a = Decide(s, kT0 + seconds(1), {});
  EXPECT_EQ(a.kind, ActionKind::kWait);
  EXPECT_EQ(a.until, kT0 + seconds(10));
  EXPECT_EQ(Decide(s, kT0 + seconds(10), {}).kind, ActionKind::kShift);
}

TEST(DecideTest, CompletesAfterTheLastWatchedStep) {
  DeploymentState s = Linear50(true);
  ApplyShift(&s, 1, kT0);
  ApplyPoll(&s, kT0 + seconds(10));
  EXPECT_TRUE(s.final_checked);
  EXPECT_EQ(Decide(s, kT0 + seconds(10), {}).kind, ActionKind::kComplete);
}

TEST(DecideTest, UnmonitoredCanaryFinalStepCompletesAtOnce) {
  ScheduleOptions o;
  o.strategy = Strategy::kCanary;
  o.increment = 10;
  o.interval_seconds = 60;
  DeploymentState s;
  s.schedule = *BuildSchedule(o);
  s.has_alarms = true;
  ApplyShift(&s, 1, kT0);
  EXPECT_EQ(Decide(s, kT0, {}).kind, ActionKind::kComplete);
}

TEST(DecideTest, ZeroWindowStillGetsOneCheck) {
  ScheduleOptions o;
  o.strategy = Strategy::kLinear;
  o.increment = 100;
  o.interval_seconds = 0;
  DeploymentState s;
  s.schedule = *BuildSchedule(o);
  s.has_alarms = true;
  ApplyShift(&s, 0, kT0);
  EXPECT_EQ(Decide(s, kT0, {}).kind, ActionKind::kPoll);
  ApplyPoll(&s, kT0);
  EXPECT_EQ(Decide(s, kT0, {}).kind, ActionKind::kComplete);
}

TEST(DecideTest, SlowPollSkipsMissedSlotsInsteadOfBursting) {
  DeploymentState s = Linear50(true);
  ApplyShift(&s, 0, kT0);
  ApplyPoll(&s, kT0 + seconds(7));  // the poll at 0 took 7 s
  Action a = Decide(s, kT0 + seconds(7), {});
  EXPECT_EQ(a.kind, ActionKind::kWait);
  EXPECT_EQ(a.until, kT0 + seconds(9));
}

TEST(DecideTest, FailedVerdictMeansRollback) {
  DeploymentState s = Linear50(true);
  ApplyShift(&s, 0, kT0);
  Observations o;
  o.verdict_failed = "verdict FAIL: failure rate 30.0% vs 1.0%";
  Action a = Decide(s, kT0 + seconds(4), o);
  EXPECT_EQ(a.kind, ActionKind::kRollback);
  EXPECT_EQ(a.reason, o.verdict_failed);
}

TEST(DecideTest, AlarmAndVerdictAtTheSamePollAreBothTheReason) {
  DeploymentState s = Linear50(true);
  ApplyShift(&s, 0, kT0);
  Observations o;
  o.firing = {"orders-errors"};
  o.verdict_failed = "verdict FAIL: failure rate 30.0% vs 1.0%";
  Action a = Decide(s, kT0 + seconds(4), o);
  EXPECT_EQ(a.kind, ActionKind::kRollback);
  EXPECT_EQ(a.reason, "alarms triggered: orders-errors; verdict FAIL: failure rate 30.0% vs 1.0%");
}

TEST(DecideTest, HeldStepKeepsPollingPastItsWindow) {
  DeploymentState s = Linear50(true);  // 10 s windows, polls every 3 s
  ApplyShift(&s, 0, kT0);
  for (int t : {0, 3, 6, 9, 10})
    ApplyPoll(&s, kT0 + seconds(t));
  Observations held;
  held.hold = true;
  Action a = Decide(s, kT0 + seconds(10), held);
  EXPECT_EQ(a.kind, ActionKind::kWait);
  EXPECT_EQ(a.until, kT0 + seconds(12));  // the step's cadence goes on
  EXPECT_EQ(Decide(s, kT0 + seconds(12), held).kind, ActionKind::kPoll);
  ApplyPoll(&s, kT0 + seconds(12));
  EXPECT_EQ(Decide(s, kT0 + seconds(12), held).until, kT0 + seconds(15));
  Action released = Decide(s, kT0 + seconds(12), {});
  EXPECT_EQ(released.kind, ActionKind::kShift);
  EXPECT_EQ(released.step, 1);
}

}  // namespace
}  // namespace stepshift::deploy
