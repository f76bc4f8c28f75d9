#include "deploy/status_view.h"

#include <gtest/gtest.h>

namespace stepshift::deploy {
namespace {

using std::chrono::seconds;

const Time kNow = FromEpochSeconds(1'700'000'000);
constexpr char kMachine[] = "arn:aws:states:us-east-1:123456789012:stateMachine:m";

std::string V(int n) {
  return std::string(kMachine) + ":" + std::to_string(n);
}

// A canary of v2 over v1 at its first step (10 %), 57 s before its window ends, with one alarm
// and an INCONCLUSIVE verdict, as StatusSnapshot() returns it.
json::Object Snapshot() {
  json::Object verdict{{"verdict", "INCONCLUSIVE"},
                       {"step", 1},
                       {"new", json::Object{{"failed", 5}, {"completed", 14}}},
                       {"stable", json::Object{{"failed", 0}, {"completed", 118}}},
                       {"p_value", 0.0012},
                       {"time", FormatIso8601(kNow - seconds(12))},
                       {"held", false},
                       {"dry_run", false}};
  json::Object deployment{{"old_version", V(1)},
                          {"new_version", V(2)},
                          {"schedule", "canary:10:60:0"},
                          {"strategy", "canary"},
                          {"steps", 2},
                          {"step", 1},
                          {"new_weight", 10},
                          {"step_started", FormatIso8601(kNow - seconds(3))},
                          {"step_ends", FormatIso8601(kNow + seconds(57))},
                          {"started", FormatIso8601(kNow - seconds(5))},
                          {"controller", "host pid 42"},
                          {"controller_running", true},
                          {"alarms", json::Array{"orders-errors"}},
                          {"alarm_states", json::Object{{"orders-errors", "OK"}}},
                          {"verdict", verdict}};
  json::Array executions{json::Object{{"version", V(1)},
                                      {"started", 120},
                                      {"running", 2},
                                      {"completed", 118},
                                      {"failed", 0},
                                      {"failure_rate", 0.0},
                                      {"p90_ms", 12.0},
                                      {"truncated", false}},
                         json::Object{{"version", V(2)}, {"error", "AccessDenied: not allowed"}}};
  return json::Object{{"alias", std::string(kMachine) + ":live"},
                      {"routing", json::Array{json::Object{{"version", V(1)}, {"weight", 90}},
                                              json::Object{{"version", V(2)}, {"weight", 10}}}},
                      {"description", "prod"},
                      {"deployment", deployment},
                      {"window_seconds", 300},
                      {"executions", executions}};
}

json::Object& Deployment(json::Object& snapshot) {
  return snapshot.at("deployment").as_object();
}

std::string Screen(const json::Object& snapshot, Time now, const ScreenOptions& options = {}) {
  std::string text;
  for (const std::string& line : ScreenLines(snapshot, now, options))
    text += line + "\n";
  return text;
}

TEST(StatusViewTest, ScreenShowsEverySection) {
  const std::string screen = Screen(Snapshot(), kNow);
  for (const char* expected : {
           "alias       arn:aws:states:us-east-1:123456789012:stateMachine:m:live\n",
           "routing     v1        90%  ##################..\n",
           "            v2        10%  ##..................\n",
           "deployment  canary v1 -> v2: step 1/2, v2 at 10%, next step in 57s\n",
           "(running)\n",
           "alarms      orders-errors  OK\n",
           "verdict     INCONCLUSIVE at step 1, 12s ago: v2 5/14 failed vs v1 0/118 failed, "
           "p=0.0012\n",
           "executions  started in the last 300s\n",
           "            VERSION   STARTED  RUNNING    ENDED   FAILED     RATE      P90\n",
           "            v1            120        2      118        0     0.0%     12ms\n",
           "            v2       unavailable: AccessDenied: not allowed\n",
       }) {
    EXPECT_NE(screen.find(expected), std::string::npos) << expected << "\nin\n" << screen;
  }
}

TEST(StatusViewTest, CountdownAndVerdictAgeTickWithTheClock) {
  const std::string later = Screen(Snapshot(), kNow + seconds(10));
  EXPECT_NE(later.find("next step in 47s"), std::string::npos) << later;
  EXPECT_NE(later.find("INCONCLUSIVE at step 1, 22s ago"), std::string::npos) << later;
}

TEST(StatusViewTest, CountdownSaysWhatTheStepWaitsFor) {
  struct Case {
    const char* name;
    std::function<void(json::Object&)> edit;
    Time now;
    const char* expected;
  };

  const Case cases[] = {
      {"last step", [](json::Object& d) { d["step"] = 2; }, kNow,
       "step 2/2, v2 at 10%, done in 57s"},
      {"window over", [](json::Object&) {}, kNow + seconds(60), "window over: last check"},
      {"held", [](json::Object& d) { d["verdict"].as_object()["held"] = true; }, kNow + seconds(60),
       "window over, held until the verdict is conclusive"},
      {"controller gone", [](json::Object& d) { d["controller_running"] = false; }, kNow,
       "v2 at 10%, stalled: controller gone"},
      {"claimed", [](json::Object& d) { d["step"] = 0; }, kNow,
       "canary v1 -> v2: claimed, no traffic moved yet"},
      {"long", [](json::Object&) {}, kNow - seconds(3600), "next step in 1h00m"},
  };
  for (const Case& c : cases) {
    json::Object snapshot = Snapshot();
    c.edit(Deployment(snapshot));
    const std::string screen = Screen(snapshot, c.now);
    EXPECT_NE(screen.find(c.expected), std::string::npos) << c.name << "\n" << screen;
  }
}

TEST(StatusViewTest, NoDeploymentShowsRoutingAndExecutionsOnly) {
  json::Object snapshot = Snapshot();
  snapshot["deployment"] = nullptr;
  const std::string screen = Screen(snapshot, kNow);
  EXPECT_NE(screen.find("deployment  none in progress\n"), std::string::npos) << screen;
  EXPECT_EQ(screen.find("alarms"), std::string::npos) << screen;
  EXPECT_EQ(screen.find("verdict"), std::string::npos) << screen;
  EXPECT_NE(screen.find("executions"), std::string::npos) << screen;
}

TEST(StatusViewTest, AlarmsThatCannotBeShownSayWhy) {
  struct Case {
    json::Value alarms;
    const char* error;
    const char* expected;
  };

  const Case cases[] = {
      {nullptr, nullptr, "alarms      not recorded (an older controller, or too many names"},
      {json::Array{}, nullptr, "alarms      none\n"},
      {json::Array{"orders-errors"}, "ThrottlingException: slow down",
       "alarms      unavailable: ThrottlingException: slow down\n"},
  };
  for (const Case& c : cases) {
    json::Object snapshot = Snapshot();
    json::Object& d = Deployment(snapshot);
    d["alarms"] = c.alarms;
    d.erase("alarm_states");
    if (c.error != nullptr)
      d["alarms_error"] = c.error;
    const std::string screen = Screen(snapshot, kNow);
    EXPECT_NE(screen.find(c.expected), std::string::npos) << c.expected << "\n" << screen;
  }
}

// No verdict yet, or one dropped to keep the user's description whole: the view cannot tell.
TEST(StatusViewTest, MissingVerdictIsNoneRecorded) {
  json::Object snapshot = Snapshot();
  Deployment(snapshot)["verdict"] = nullptr;
  const std::string screen = Screen(snapshot, kNow);
  EXPECT_NE(screen.find("verdict     none recorded\n"), std::string::npos) << screen;
}

TEST(StatusViewTest, FailedRefreshIsShownUnderTheLastGoodOne) {
  ScreenOptions options;
  options.taken = kNow - seconds(4);
  options.error = "Unavailable: connection refused";
  const std::string screen = Screen(Snapshot(), kNow, options);
  EXPECT_NE(screen.find("refresh failed: Unavailable: connection refused (showing " +
                        FormatIso8601(kNow - seconds(4)) + "; still watching)"),
            std::string::npos)
      << screen;
  EXPECT_NE(screen.find("v2 at 10%"), std::string::npos) << screen;
}

TEST(StatusViewTest, ChangeLineTellsTheStateInOneLine) {
  EXPECT_EQ(ChangeLine(Snapshot()),
            "routing v1 90% · v2 10%; step 1/2 of canary v1 -> v2 (v2 at 10%); alarms "
            "orders-errors=OK; verdict INCONCLUSIVE at step 1");
  json::Object none = Snapshot();
  none["deployment"] = nullptr;
  EXPECT_EQ(ChangeLine(none), "routing v1 90% · v2 10%; no deployment in progress");
}

// What moves on its own (the countdown, execution counts, the verdict's counts and age) is not a
// change; a new routing, step, alarm state, verdict outcome or controller state is.
TEST(StatusViewTest, ChangeKeyIgnoresWhatMovesOnItsOwn) {
  const json::Value base = ChangeKey(Snapshot());
  json::Object same = Snapshot();
  same["executions"].as_array()[0].as_object()["started"] = 500;
  json::Object& verdict = Deployment(same)["verdict"].as_object();
  verdict["new"].as_object()["completed"] = 40;
  verdict["p_value"] = 0.5;
  verdict["time"] = FormatIso8601(kNow);
  Deployment(same)["heartbeat"] = FormatIso8601(kNow);
  EXPECT_EQ(ChangeKey(same), base);

  const std::vector<std::function<void(json::Object&)>> changes = {
      [](json::Object& s) { s["routing"].as_array()[0].as_object()["weight"] = 75; },
      [](json::Object& s) { Deployment(s)["step"] = 2; },
      [](json::Object& s) { Deployment(s)["alarm_states"].as_object()["orders-errors"] = "ALARM"; },
      [](json::Object& s) { Deployment(s)["verdict"].as_object()["verdict"] = "PASS"; },
      [](json::Object& s) { Deployment(s)["verdict"].as_object()["held"] = true; },
      [](json::Object& s) { Deployment(s)["controller_running"] = false; },
      [](json::Object& s) { s["deployment"] = nullptr; },
  };
  for (size_t i = 0; i < changes.size(); ++i) {
    json::Object changed = Snapshot();
    changes[i](changed);
    EXPECT_NE(ChangeKey(changed), base) << "change " << i;
    EXPECT_NE(ChangeLine(changed), ChangeLine(Snapshot())) << "change " << i;
  }
}

TEST(StatusViewTest, CountdownFormats) {
  EXPECT_EQ(FormatCountdown(seconds(0)), "0s");
  EXPECT_EQ(FormatCountdown(-seconds(5)), "0s");
  EXPECT_EQ(FormatCountdown(std::chrono::milliseconds(56'200)), "57s");
  EXPECT_EQ(FormatCountdown(seconds(125)), "2m05s");
  EXPECT_EQ(FormatCountdown(seconds(3 * 3600 + 120 + 7)), "3h02m");
}

}  // namespace
}  // namespace stepshift::deploy
