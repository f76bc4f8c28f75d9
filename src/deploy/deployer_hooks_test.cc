// Deployments with hooks (hooks.h): the whole Deploy() over the fake API and fake executions on
// the fake clock, with the real StandardHookRunner; hook commands run for real (/bin/sh).
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "deploy/deployer_fixture.h"
#include "deploy/fake_executions.h"
#include "deploy/record.h"

namespace stepshift::deploy {
namespace {

using std::chrono::seconds;
using testing::FakeApi;
using testing::FakeExecutions;
using Script = FakeExecutions::Script;

constexpr char kHookMachine[] = "arn:aws:states:us-east-1:123456789012:stateMachine:hook";

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A JSON value as text: a string's contents, anything else serialized.
std::string Text(const json::Value& value) {
  return value.is_string() ? std::string(value.as_string()) : json::Serialize(value);
}

class DeployerHooksTest : public testing::DeployerTest {
 protected:
  void SetUp() override {
    DeployerTest::SetUp();
    services_.clock = &clock_;
    services_.interrupted = &interrupted_;
    services_.executions = &executions_;
    services_.wait_slice = std::chrono::milliseconds(10);
    services_.command_echo_fd = -1;
    // Test inputs say how their execution ends: {"seconds": 5, "status": "FAILED", "error":
    // ..., "output": ...}; the hook state machine ends as hook_script_ says.
    executions_.on_start = [this](const std::string& arn, const std::string& input) {
      if (arn == kHookMachine)
        return Result<Script>(hook_script_);
      return Result<Script>(ScriptOf(input));
    };
  }

  static Script ScriptOf(const std::string& input) {
    Script script;
    auto parsed = json::Parse(input);
    if (!parsed.ok() || !parsed->is_object())
      return script;
    const json::Object& o = parsed->as_object();
    if (const json::Value* s = json::Find(o, "seconds"))
      script.duration = seconds(s->as_int64());
    if (const json::Value* s = json::Find(o, "status"))
      script.status = std::string(s->as_string());
    if (const json::Value* s = json::Find(o, "error"))
      script.error = std::string(s->as_string());
    if (const json::Value* s = json::Find(o, "output"))
      script.output = json::Serialize(*s);
    return script;
  }

  RunResult DeployHooked() {
    StandardHookRunner runner(services_);
    DeployContext ctx{&api_, &clock_, &reporter_, &interrupted_, &runner};
    return deploy::Deploy(options_, ctx);
  }

  void Inputs(const std::string& phase, const std::string& yaml) {
    auto cases = ParseTestCases(yaml);
    ASSERT_TRUE(cases.ok()) << cases.status().ToString();
    options_.hooks.push_back({HookKind::kInputs, phase, phase + ".yaml", *cases, seconds(60)});
  }

  void HookMachine() {
    for (const char* phase : {kPreTraffic, kPostTraffic})
      options_.hooks.push_back({HookKind::kStateMachine, phase, "hook", {}, seconds(60)});
  }

  void Command(const std::string& command, Duration timeout = seconds(60)) {
    for (const char* phase : {kPreTraffic, kPostTraffic})
      options_.hooks.push_back({HookKind::kCommand, phase, command, {}, timeout});
  }

  // The events of `type` that were reported, in order.
  std::vector<json::Object> Events(const std::string& type) {
    std::vector<json::Object> events;
    std::istringstream lines(out_.str());
    for (std::string line; std::getline(lines, line);) {
      auto parsed = json::Parse(line);
      if (parsed.ok() && json::Serialize(parsed->as_object()["event"]) == "\"" + type + "\"")
        events.push_back(parsed->as_object());
    }
    return events;
  }

  Routing OldOnly() { return {{api_.Version(1), 100}}; }

  Routing NewOnly() { return {{api_.Version(2), 100}}; }

  FakeExecutions executions_{&clock_};
  HookServices services_;
  Script hook_script_;
};

TEST_F(DeployerHooksTest, PassingTestInputsRunOnTheNewVersionBeforeAnyTrafficMoves) {
  Inputs(kPreTraffic,
         "- input: {n: 1}\n- input: {n: 2, output: {ok: true}}\n"
         "  expect: {output: {ok: true}}\n- input: {status: FAILED, error: E}\n"
         "  expect: {error: E}");
  std::vector<Routing> routing_at_start;
  auto script = executions_.on_start;
  executions_.on_start = [&](const std::string& arn, const std::string& input) {
    routing_at_start.push_back(Live());
    return script(arn, input);
  };
  RunResult result = DeployHooked();
  ASSERT_EQ(result.outcome, Outcome::kDeployed) << result.message << out_.str();
  ASSERT_EQ(executions_.started.size(), 3u);
  for (const auto& started : executions_.started)
    EXPECT_EQ(started.machine_arn, api_.Version(2));  // the version ARN, never the alias
  for (const std::string& name : executions_.names)   // told apart from traffic by their names
    EXPECT_EQ(name.rfind(kHookExecutionPrefix, 0), 0u) << name;
  EXPECT_EQ(executions_.names.size(), 3u);
  EXPECT_EQ(routing_at_start, std::vector<Routing>(3, OldOnly()));
  EXPECT_EQ(Live(), NewOnly());
  std::vector<json::Object> hooks = Events("hook");
  ASSERT_EQ(hooks.size(), 1u);
  EXPECT_EQ(Text(hooks[0]["phase"]), "PreTraffic");
  EXPECT_EQ(Text(hooks[0]["kind"]), "inputs");
  EXPECT_EQ(Text(hooks[0]["passed"]), "true");
  ASSERT_EQ(hooks[0]["cases"].as_array().size(), 3u);
  EXPECT_EQ(Text(hooks[0]["cases"].as_array()[2].as_object().at("status")), "FAILED");
  EXPECT_EQ(Text(hooks[0]["cases"].as_array()[2].as_object().at("execution_arn")),
            executions_.started[2].arn);
}

TEST_F(DeployerHooksTest, ACaseEndingInTheWrongStatusMovesNoTraffic) {
  Inputs(kPreTraffic,
         "- name: ok\n  input: {}\n- name: refund\n  input: {status: FAILED, "
         "error: RefundError}");
  RunResult result = DeployHooked();
  EXPECT_EQ(result.outcome, Outcome::kRolledBack) << result.message;
  EXPECT_EQ(ExitCode(result.outcome), 1);
  EXPECT_EQ(result.message,
            "pre-traffic test inputs PreTraffic.yaml (2 cases) failed: 1 of 2 cases missed: "
            "'refund' expected SUCCEEDED, got FAILED (RefundError) [" +
                executions_.started[1].arn + "]; no traffic moved to version 2");
  EXPECT_EQ(Live(), OldOnly());
  EXPECT_EQ(api_.writes, std::vector<Routing>{OldOnly()});  // the claim only
  EXPECT_EQ(Description(), "the live alias");
  std::vector<json::Object> hooks = Events("hook");
  ASSERT_EQ(hooks.size(), 1u);
  EXPECT_EQ(Text(hooks[0]["passed"]), "false");
  EXPECT_EQ(Text(hooks[0]["cases"].as_array()[1].as_object().at("reason")),
            "expected SUCCEEDED, got FAILED (RefundError)");
}

TEST_F(DeployerHooksTest, AnOutputMismatchMovesNoTraffic) {
  Inputs(kPreTraffic, "- input: {output: {total: 41}}\n  expect: {output: {total: 42}}");
  RunResult result = DeployHooked();
  EXPECT_EQ(result.outcome, Outcome::kRolledBack);
  EXPECT_TRUE(Contains(result.message, R"('#1' expected output {"total":42}, got {"total":41})"))
      << result.message;
  EXPECT_EQ(Live(), OldOnly());
}

TEST_F(DeployerHooksTest, TestInputsThatOutliveTheTimeoutAreStoppedAndFail) {
  Inputs(kPreTraffic, "- input: {seconds: 600}");
  const Time start = clock_.Now();
  RunResult result = DeployHooked();
  EXPECT_EQ(result.outcome, Outcome::kRolledBack);
  EXPECT_TRUE(Contains(result.message,
                       "failed: timed out after 60 s: '#1' expected SUCCEEDED, "
                       "got still RUNNING, stopped"))
      << result.message;
  EXPECT_EQ(clock_.Now() - start, seconds(60));
  EXPECT_EQ(executions_.stopped, std::vector<std::string>{executions_.started[0].arn});
  EXPECT_TRUE(Contains(executions_.stop_causes[0], "PreTraffic test inputs"));
  EXPECT_EQ(Live(), OldOnly());
}

TEST_F(DeployerHooksTest, FailingPostTrafficInputsRollBack) {
  options_.schedule.strategy = Strategy::kCanary;
  options_.schedule.increment = 10;
  Inputs(kPostTraffic, "- input: {status: TIMED_OUT, error: States.Timeout}");
  RunResult result = DeployHooked();
  EXPECT_EQ(result.outcome, Outcome::kRolledBack) << result.message;
  EXPECT_TRUE(Contains(result.message, "post-traffic test inputs PostTraffic.yaml (1 case) failed"))
      << result.message;
  EXPECT_EQ(api_.writes,
            (std::vector<Routing>{
                OldOnly(), {{api_.Version(1), 90}, {api_.Version(2), 10}}, NewOnly(), OldOnly()}));
  EXPECT_EQ(Description(), "the live alias");
  EXPECT_EQ(api_.tags["stepshift:rolled-back"], "2");  // remembered, as after an alarm
}

TEST_F(DeployerHooksTest, AHookStateMachineIsStartedWithTheDeploymentsFacts) {
  HookMachine();
  RunResult result = DeployHooked();
  ASSERT_EQ(result.outcome, Outcome::kDeployed) << result.message;
  ASSERT_EQ(executions_.started.size(), 2u);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(executions_.started[i].machine_arn, kHookMachine);
    auto input = json::Parse(executions_.started[i].input);
    ASSERT_TRUE(input.ok());
    json::Object& o = input->as_object();
    EXPECT_EQ(o.size(), 4u);
    EXPECT_EQ(Text(o["phase"]), i == 0 ? "PreTraffic" : "PostTraffic");
    EXPECT_EQ(Text(o["oldVersionArn"]), api_.Version(1));
    EXPECT_EQ(Text(o["newVersionArn"]), api_.Version(2));
    EXPECT_EQ(Text(o["deployment"]), "1700000000-2");
  }
  std::vector<json::Object> hooks = Events("hook");
  ASSERT_EQ(hooks.size(), 2u);
  EXPECT_EQ(Text(hooks[0]["execution_arn"]), executions_.started[0].arn);
  EXPECT_EQ(Text(hooks[1]["status"]), "SUCCEEDED");
}

TEST_F(DeployerHooksTest, AFailedHookStateMachineMovesNoTrafficAndSaysWhy) {
  HookMachine();
  hook_script_.status = "FAILED";
  hook_script_.error = "SmokeFailed";
  hook_script_.cause = "checkout returned 500";
  RunResult result = DeployHooked();
  EXPECT_EQ(result.outcome, Outcome::kRolledBack);
  EXPECT_EQ(result.message, "pre-traffic hook state machine " + std::string(kHookMachine) +
                                " failed: execution " + executions_.started[0].arn +
                                " FAILED (SmokeFailed: checkout returned 500); no traffic "
                                "moved to version 2");
  EXPECT_EQ(Live(), OldOnly());
}

TEST_F(DeployerHooksTest, AHookStateMachineThatTimesOutIsStopped) {
  HookMachine();
  hook_script_.duration = seconds(3600);
  RunResult result = DeployHooked();
  EXPECT_EQ(result.outcome, Outcome::kRolledBack);
  EXPECT_TRUE(Contains(result.message, "failed: timed out after 60 s (execution " +
                                           executions_.started[0].arn + ")"))
      << result.message;
  EXPECT_EQ(executions_.stopped.size(), 1u);
}

TEST_F(DeployerHooksTest, AMissingOrExpressHookStateMachineIsRefusedBeforeAnythingChanges) {
  HookMachine();
  api_.missing_machines.insert(kHookMachine);
  RunResult result = DeployHooked();
  EXPECT_EQ(result.outcome, Outcome::kRefused);
  EXPECT_EQ(result.message,
            "--hook-state-machine: state machine " + std::string(kHookMachine) + " does not exist");
  api_.missing_machines.clear();
  api_.machine_types[kHookMachine] = "EXPRESS";
  result = DeployHooked();
  EXPECT_EQ(result.outcome, Outcome::kRefused);
  EXPECT_TRUE(Contains(result.message, "--hook-state-machine needs a STANDARD state machine"))
      << result.message;
  EXPECT_TRUE(api_.writes.empty());
  EXPECT_EQ(api_.versions.size(), 1u);  // nothing published
}

TEST_F(DeployerHooksTest, TestInputsForAnExpressMachineAreRefused) {
  api_.machine_types[FakeApi::kMachine] = "EXPRESS";
  Inputs(kPostTraffic, "- input: {}");
  RunResult result = DeployHooked();
  EXPECT_EQ(result.outcome, Outcome::kRefused);
  EXPECT_EQ(result.message,
            "--post-traffic needs a STANDARD state machine: " + std::string(FakeApi::kMachine) +
                " is EXPRESS, whose executions cannot be described");
  EXPECT_TRUE(api_.writes.empty());
}

TEST_F(DeployerHooksTest, AHookCommandGetsTheFactsInItsEnvironment) {
  const std::string dir = ::testing::TempDir();
  Command("env | grep ^STEPSHIFT_ | sort > " + dir + "/hook-env.$STEPSHIFT_PHASE");
  RunResult result = DeployHooked();
  ASSERT_EQ(result.outcome, Outcome::kDeployed) << result.message << out_.str();
  for (const char* phase : {"PreTraffic", "PostTraffic"}) {
    std::ifstream in(dir + "/hook-env." + phase);
    std::stringstream env;
    env << in.rdbuf();
    EXPECT_EQ(env.str(), "STEPSHIFT_ALIAS_ARN=" + api_.AliasArn("live") +
                             "\nSTEPSHIFT_DEPLOYMENT=1700000000-2\nSTEPSHIFT_NEW_VERSION_ARN=" +
                             api_.Version(2) + "\nSTEPSHIFT_OLD_VERSION_ARN=" + api_.Version(1) +
                             "\nSTEPSHIFT_PHASE=" + phase +
                             "\nSTEPSHIFT_STATE_MACHINE_ARN=" + FakeApi::kMachine + "\n");
  }
  EXPECT_EQ(Events("hook").size(), 2u);
}

TEST_F(DeployerHooksTest, AFailingHookCommandMovesNoTrafficWithItsStderr) {
  Command("echo checking >&2; echo 'checkout: HTTP 500' >&2; exit 4");
  RunResult result = DeployHooked();
  EXPECT_EQ(result.outcome, Outcome::kRolledBack);
  EXPECT_TRUE(Contains(result.message,
                       "failed: exited 4: checking | checkout: HTTP 500; no "
                       "traffic moved"))
      << result.message;
  EXPECT_EQ(Live(), OldOnly());
}

TEST_F(DeployerHooksTest, AFailingPostTrafficHookCommandRollsBack) {
  Command(R"([ "$STEPSHIFT_PHASE" = PreTraffic ])");
  RunResult result = DeployHooked();
  EXPECT_EQ(result.outcome, Outcome::kRolledBack) << result.message;
  EXPECT_TRUE(Contains(result.message, "post-traffic hook command"));
  EXPECT_EQ(api_.writes, (std::vector<Routing>{OldOnly(), NewOnly(), OldOnly()}));
}

TEST_F(DeployerHooksTest, AHookCommandThatTimesOutIsKilled) {
  Command("sleep 60", seconds(5));
  // A command runs in real time; the clock that judges its timeout moves on meanwhile.
  std::atomic<bool> done{false};
  std::thread ticker([&] {
    while (!done) {
      clock_.Advance(seconds(1));
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  RunResult result = DeployHooked();
  done = true;
  ticker.join();
  EXPECT_EQ(result.outcome, Outcome::kRolledBack);
  EXPECT_TRUE(Contains(result.message,
                       "hook command `sleep 60` failed: timed out after 5 s "
                       "(killed); no traffic moved"))
      << result.message;
  EXPECT_EQ(Live(), OldOnly());
}

TEST_F(DeployerHooksTest, AnInterruptionDuringAHookMovesNoTrafficAndStopsItsExecutions) {
  Inputs(kPreTraffic, "- input: {seconds: 600}");
  auto script = executions_.on_start;
  executions_.on_start = [&](const std::string& arn, const std::string& input) {
    interrupted_ = true;  // SIGINT while the hook waits
    return script(arn, input);
  };
  RunResult result = DeployHooked();
  EXPECT_EQ(result.outcome, Outcome::kInterrupted) << result.message;
  EXPECT_EQ(ExitCode(result.outcome), 130);
  EXPECT_EQ(executions_.stopped.size(), 1u);
  EXPECT_EQ(Live(), OldOnly());
  EXPECT_EQ(Description(), "the live alias");
}

TEST_F(DeployerHooksTest, AnInterruptionDuringAPostTrafficHookRestoresTheStartingRouting) {
  Inputs(kPostTraffic, "- input: {seconds: 600}");
  executions_.on_start = [&](const std::string&, const std::string& input) {
    interrupted_ = true;
    return Result<Script>(ScriptOf(input));
  };
  RunResult result = DeployHooked();
  EXPECT_EQ(result.outcome, Outcome::kInterrupted) << result.message;
  EXPECT_EQ(api_.writes, (std::vector<Routing>{OldOnly(), NewOnly(), OldOnly()}));
  EXPECT_EQ(executions_.stopped.size(), 1u);
  EXPECT_EQ(Description(), "the live alias");
}

TEST_F(DeployerHooksTest, TheFirstFailingHookEndsThePhase) {
  Inputs(kPreTraffic, "- input: {status: FAILED}");
  HookMachine();
  Command("exit 0");
  RunResult result = DeployHooked();
  EXPECT_EQ(result.outcome, Outcome::kRolledBack);
  std::vector<json::Object> hooks = Events("hook");
  ASSERT_EQ(hooks.size(), 1u);
  EXPECT_EQ(Text(hooks[0]["kind"]), "inputs");
  EXPECT_EQ(executions_.started.size(), 1u);  // the hook machine never started
}

TEST_F(DeployerHooksTest, ALongHookKeepsTheHeartbeatFresh) {
  options_.heartbeat = seconds(30);
  Inputs(kPreTraffic, "- input: {seconds: 50}");
  std::vector<Time> beats;
  api_.before_describe = [&](const std::string& arn) {
    auto record = DecodeRecord(api_.aliases[arn].description);
    if (record && (beats.empty() || beats.back() != record->heartbeat))
      beats.push_back(record->heartbeat);
  };
  const Time start = clock_.Now();
  RunResult result = DeployHooked();
  ASSERT_EQ(result.outcome, Outcome::kDeployed) << result.message;
  ASSERT_GE(beats.size(), 2u);
  EXPECT_EQ(beats[0], start);
  EXPECT_GE(beats[1] - start, seconds(30));  // written while the hook waited
  EXPECT_LT(beats[1] - start, seconds(50));
}

// A controller that died before its first shift may have died in its pre-traffic hooks: they
// run again on resume. One that died after traffic moved does not rerun them (traffic already
// moved on their word), but does run the post-traffic ones.
TEST_F(DeployerHooksTest, AResumeRerunsPreTrafficHooksOnlyIfNoTrafficMoved) {
  options_.schedule.strategy = Strategy::kLinear;
  options_.schedule.increment = 50;
  options_.schedule.interval_seconds = 60;
  Inputs(kPreTraffic, "- input: {pre: 1}");
  Inputs(kPostTraffic, "- input: {post: 1}");
  auto crash_after = [&](int updates) {
    api_.fail_updates_after = updates;
    EXPECT_EQ(DeployHooked().outcome, Outcome::kFailed);
    api_.fail_updates_after = -1;
    api_.update_calls = 0;
    clock_.Advance(options_.stale_after);
  };
  auto inputs = [&] {
    std::vector<std::string> seen;
    for (const auto& s : executions_.started)
      seen.push_back(s.input);
    return seen;
  };
  crash_after(2);  // the claim and the record's version written; the first shift fails
  ASSERT_EQ(DecodeRecord(Description())->step, -1);
  options_.owner = "test:2";
  crash_after(2);  // resumed: the claim, the pre-traffic hooks again, the first shift
  std::optional<DeploymentRecord> record = DecodeRecord(Description());
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->step, 0);
  EXPECT_EQ(inputs(), (std::vector<std::string>{R"({"pre":1})", R"({"pre":1})"}));
  options_.owner = "test:3";
  RunResult resumed = DeployHooked();
  ASSERT_EQ(resumed.outcome, Outcome::kDeployed) << resumed.message;
  EXPECT_EQ(inputs(), (std::vector<std::string>{R"({"pre":1})", R"({"pre":1})", R"({"post":1})"}));
  EXPECT_EQ(Live(), NewOnly());
}

TEST_F(DeployerHooksTest, DryRunShowsTheHooksInOrder) {
  Inputs(kPreTraffic, "- input: {}");
  Inputs(kPostTraffic, "- input: {}\n- input: {}");
  HookMachine();
  EXPECT_EQ(DryRun().outcome, Outcome::kNothingToDo);
  const std::string text = out_.str();
  const size_t pre =
      text.find(R"("message":"PreTraffic test inputs PreTraffic.yaml (1 case) before)");
  const size_t machine = text.find(R"("message":"PreTraffic hook state machine )" +
                                   std::string(kHookMachine) + " before any traffic moves");
  const size_t post =
      text.find(R"("message":"PostTraffic test inputs PostTraffic.yaml (2 cases) at )"
                "100%, before the deployment ends (timeout 60 s)");
  EXPECT_NE(pre, std::string::npos) << text;
  EXPECT_NE(machine, std::string::npos) << text;
  EXPECT_NE(post, std::string::npos) << text;
  EXPECT_LT(pre, machine);
  EXPECT_LT(machine, post);
  EXPECT_TRUE(executions_.started.empty());
}

TEST_F(DeployerHooksTest, PreTrafficHooksRunBeforeAnAliasIsCreated) {
  api_.aliases.clear();
  Inputs(kPreTraffic, "- input: {status: FAILED}");
  Inputs(kPostTraffic, "- input: {}");
  RunResult result = DeployHooked();
  EXPECT_EQ(result.outcome, Outcome::kRolledBack) << result.message;
  EXPECT_TRUE(api_.aliases.empty());
  executions_.started.clear();
  options_.hooks.front().cases.front().input = json::Object{};
  result = DeployHooked();
  EXPECT_EQ(result.outcome, Outcome::kDeployed) << result.message;
  EXPECT_EQ(executions_.started.size(), 1u);  // no post-traffic hooks: nothing to roll back to
}

}  // namespace
}  // namespace stepshift::deploy
