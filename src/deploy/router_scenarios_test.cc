// One set of deployment scenarios, run through each of the three routers (router.h) against a
// real `stepshift serve` in process whose clock is the test's FakeClock: hours of schedule run in
// milliseconds, Route 53's GetChange turns INSYNC as the fake time passes, and every alarm,
// alias, function and record is the server's own.
#include <gtest/gtest.h>

#include <atomic>
#include <sstream>

#include "aws/cloudwatch_client.h"
#include "aws/lambda_client.h"
#include "deploy/deployer.h"
#include "deploy/record.h"
#include "deploy/router_world.h"

namespace stepshift::deploy {
namespace {

using std::chrono::seconds;
using testing::RecordingApi;
using testing::RouterWorld;

class ScriptedHooks : public HookRunner {
 public:
  HookResult Run(const Hook& hook, const HookCall& call) override {
    const HookFacts& facts = call.facts;
    calls.push_back(facts.phase + ":" + hook.target + ":" + facts.old_version + "->" +
                    facts.new_version);
    HookResult result;
    if (hook.target == "failing")
      result.status = Status::FailedPrecondition("reported Failed");
    return result;
  }

  std::vector<std::string> calls;
};

class RouterScenarioTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    clock_ = new FakeClock();
    api::LocalServerOptions options;
    options.port = 0;
    options.engine.clock = clock_;
    options.engine.evaluate_alarms = false;  // the tests set alarm states themselves
    auto server = api::LocalServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = server->release();
    aws::ConfigOptions config;
    config.region = "us-east-1";
    config.endpoint_url = server_->endpoint();
    config.credentials = aws::StaticCredentials("test", "test");
    config_ = new aws::ClientConfig(*aws::ResolveConfig(config));
  }

  static void TearDownTestSuite() {
    delete server_;
    delete config_;
    delete clock_;
  }

  void SetUp() override {
    static int id = 0;
    world_ = testing::MakeWorld(GetParam(), *config_, clock_, ++id);
    ASSERT_TRUE(world_->SetUp(&options_).ok());
    router_ = world_->NewApi();
    api_ = std::make_unique<RecordingApi>(router_.get());
    options_.region = "us-east-1";
    options_.owner = "test:1";
    options_.claim.min_settle = Duration::zero();
    options_.heartbeat = Duration::zero();
    alarm_ = "errors-" + std::to_string(id);
    aws::CloudWatchClient cloudwatch(*config_);
    ASSERT_TRUE(cloudwatch
                    .PutMetricAlarm(json::Object{{"AlarmName", alarm_},
                                                 {"Namespace", "Test"},
                                                 {"MetricName", "Errors"},
                                                 {"Statistic", "Sum"},
                                                 {"Period", 60},
                                                 {"EvaluationPeriods", 1},
                                                 {"Threshold", 1},
                                                 {"ComparisonOperator", "GreaterThanThreshold"}})
                    .ok());
    SetAlarm("OK");
  }

  void SetAlarm(const std::string& state) {
    aws::CloudWatchClient cloudwatch(*config_);
    auto set = cloudwatch.Call(
        "SetAlarmState",
        json::Object{{"AlarmName", alarm_}, {"StateValue", state}, {"StateReason", "test"}});
    ASSERT_TRUE(set.ok()) << set.status().ToString();
  }

  RunResult Deploy(Api* api = nullptr) {
    DeployContext ctx{api ? api : api_.get(), clock_, &reporter_, &interrupted_, &hooks_};
    return deploy::Deploy(options_, ctx);
  }

  void Linear(int increment) {
    options_.schedule.strategy = Strategy::kLinear;
    options_.schedule.increment = increment;
    options_.schedule.interval_seconds = 60;
  }

  // What the target routes now, read by a fresh router.
  aws::AliasInfo Alias() {
    auto alias = world_->NewApi()->DescribeAlias(world_->AliasArn());
    EXPECT_TRUE(alias.ok()) << alias.status().ToString();
    return alias.ok() ? *alias : aws::AliasInfo{};
  }

  bool Routes(const Routing& expected) { return SameRouting(Alias().routing, expected); }

  // The new version's weight in each routing write.
  std::vector<int> NewWeights(const RecordingApi& api) {
    std::vector<int> weights;
    for (const Routing& routing : api.writes) {
      int weight = 0;
      for (const auto& e : routing)
        weight += e.version_arn == world_->NewVersion() ? e.weight : 0;
      weights.push_back(weight);
    }
    return weights;
  }

  Routing OldOnly() { return {{world_->OldVersion(), 100}}; }

  Routing NewOnly() { return {{world_->NewVersion(), 100}}; }

  static FakeClock* clock_;
  static api::LocalServer* server_;
  static aws::ClientConfig* config_;
  std::unique_ptr<RouterWorld> world_;
  std::unique_ptr<Api> router_;
  std::unique_ptr<RecordingApi> api_;
  DeployOptions options_;
  std::string alarm_;
  ScriptedHooks hooks_;
  std::ostringstream out_;
  Reporter reporter_{&out_, OutputMode::kJson, false, clock_};
  std::atomic<bool> interrupted_{false};
};

FakeClock* RouterScenarioTest::clock_ = nullptr;
api::LocalServer* RouterScenarioTest::server_ = nullptr;
aws::ClientConfig* RouterScenarioTest::config_ = nullptr;

TEST_P(RouterScenarioTest, CanaryShiftsTenPercentThenAll) {
  options_.schedule.strategy = Strategy::kCanary;
  options_.schedule.increment = 10;
  options_.schedule.interval_seconds = 600;
  options_.alarms = {alarm_};
  const Time start = clock_->Now();
  RunResult result = Deploy();
  ASSERT_EQ(result.outcome, Outcome::kDeployed) << result.message << out_.str();
  // The claim keeps the routing; 10% (watched 600 s); 100%; the final write clears the record.
  EXPECT_EQ(NewWeights(*api_), (std::vector<int>{0, 10, 100, 100}));
  EXPECT_GE(clock_->Now() - start, seconds(600));
  EXPECT_TRUE(Routes(NewOnly()));
  EXPECT_EQ(Alias().description, world_->InitialDescription());
}

TEST_P(RouterScenarioTest, LinearShiftsInEqualSteps) {
  Linear(25);
  RunResult result = Deploy();
  ASSERT_EQ(result.outcome, Outcome::kDeployed) << result.message << out_.str();
  EXPECT_EQ(NewWeights(*api_), (std::vector<int>{0, 25, 50, 75, 100, 100}));
  EXPECT_TRUE(Routes(NewOnly()));
}

TEST_P(RouterScenarioTest, AllAtOnceShiftsEverything) {
  options_.schedule.interval_seconds = 30;
  RunResult result = Deploy();
  ASSERT_EQ(result.outcome, Outcome::kDeployed) << result.message << out_.str();
  EXPECT_EQ(NewWeights(*api_), (std::vector<int>{0, 100, 100}));
  EXPECT_TRUE(Routes(NewOnly()));
}

TEST_P(RouterScenarioTest, AlarmRollsBackToTheOldVersion) {
  options_.schedule.strategy = Strategy::kCanary;
  options_.schedule.increment = 10;
  options_.schedule.interval_seconds = 600;
  options_.alarm_polling = seconds(10);
  options_.alarms = {alarm_};
  // Check 1 is the existence check; the canary's 3rd poll sees the alarm in ALARM.
  api_->on_alarm_check = [this](int call) {
    if (call == 4)
      SetAlarm("ALARM");
  };
  RunResult result = Deploy();
  ASSERT_EQ(result.outcome, Outcome::kRolledBack) << result.message << out_.str();
  EXPECT_EQ(NewWeights(*api_), (std::vector<int>{0, 10, 0}));
  EXPECT_TRUE(Routes(OldOnly()));
  EXPECT_EQ(Alias().description, world_->InitialDescription());
  if (GetParam() == "route53")
    return;  // the green record is not a version: fixing its stack keeps its name
  // The same command again would publish the same (bad) version: refused, not redeployed.
  SetAlarm("OK");
  RunResult again = Deploy();
  EXPECT_EQ(again.outcome, Outcome::kRefused) << again.message;
  EXPECT_NE(again.message.find("was rolled back"), std::string::npos) << again.message;
  EXPECT_TRUE(Routes(OldOnly()));
}

TEST_P(RouterScenarioTest, InterruptRestoresTheStartingRouting) {
  Linear(25);
  api_->on_update = [this](int call) {
    if (call == 3)  // while writing the 50% step
      interrupted_ = true;
  };
  RunResult result = Deploy();
  ASSERT_EQ(result.outcome, Outcome::kInterrupted) << result.message << out_.str();
  EXPECT_TRUE(Routes(OldOnly()));
  EXPECT_EQ(Alias().description, world_->InitialDescription());
}

TEST_P(RouterScenarioTest, CrashedDeploymentResumesFromItsRecord) {
  Linear(25);
  api_->fail_routing_writes_after = 3;  // the claim, 25% and 50% land; then the "process dies"
  ASSERT_EQ(Deploy().outcome, Outcome::kFailed);
  EXPECT_TRUE(Routes({{world_->OldVersion(), 50}, {world_->NewVersion(), 50}}));
  std::optional<DeploymentRecord> record = DecodeRecord(Alias().description);
  ASSERT_TRUE(record.has_value()) << Alias().description;
  EXPECT_EQ(record->step, 1);
  clock_->Advance(seconds(120));  // the dead controller's heartbeat goes stale
  // The same command in a new process: a fresh router, nothing remembered.
  std::unique_ptr<Api> router = world_->NewApi();
  RecordingApi rerun(router.get());
  RunResult result = Deploy(&rerun);
  ASSERT_EQ(result.outcome, Outcome::kDeployed) << result.message << out_.str();
  EXPECT_EQ(NewWeights(rerun), (std::vector<int>{50, 75, 100, 100}));
  EXPECT_TRUE(Routes(NewOnly()));
  EXPECT_EQ(Alias().description, world_->InitialDescription());
}

TEST_P(RouterScenarioTest, DriftStopsTheDeploymentWithoutTouchingTheTarget) {
  Linear(25);
  options_.alarm_polling = seconds(10);
  options_.alarms = {alarm_};
  api_->on_alarm_check = [this](int call) {
    if (call != 3)
      return;
    // Someone routes everything back by hand in the middle of step 1.
    std::unique_ptr<Api> other = world_->NewApi();
    ASSERT_TRUE(other->DescribeAlias(world_->AliasArn()).ok());
    ASSERT_TRUE(other->UpdateAlias(world_->AliasArn(), OldOnly(), "hand edit").ok());
  };
  RunResult result = Deploy();
  ASSERT_EQ(result.outcome, Outcome::kDrift) << result.message << out_.str();
  EXPECT_TRUE(Routes(OldOnly()));
  EXPECT_EQ(Alias().description, "hand edit");
}

TEST_P(RouterScenarioTest, ConditionalWriteRefusesAWriterThatReadBeforeAnother) {
  if (GetParam() == "sfn")
    GTEST_SKIP() << "UpdateStateMachineAlias has no condition (claim.h works around it)";
  std::unique_ptr<Api> first = world_->NewApi();
  std::unique_ptr<Api> second = world_->NewApi();
  ASSERT_TRUE(first->DescribeAlias(world_->AliasArn()).ok());
  ASSERT_TRUE(second->DescribeAlias(world_->AliasArn()).ok());
  ASSERT_TRUE(second->UpdateAlias(world_->AliasArn(), std::nullopt, "second").ok());
  Status late = first->UpdateAlias(world_->AliasArn(), NewOnly(), "first");
  EXPECT_EQ(late.code(), StatusCode::kFailedPrecondition) << late.ToString();
  EXPECT_TRUE(Routes(OldOnly()));
  EXPECT_EQ(Alias().description, "second");
}

TEST_P(RouterScenarioTest, FailingPreTrafficHookMovesNoTraffic) {
  options_.hooks = {{HookKind::kFunction, kPreTraffic, "failing", {}, kDefaultHookTimeout}};
  Linear(50);
  RunResult result = Deploy();
  ASSERT_EQ(result.outcome, Outcome::kRolledBack) << result.message << out_.str();
  EXPECT_EQ(NewWeights(*api_), (std::vector<int>{0}));  // only the claim
  EXPECT_EQ(hooks_.calls.size(), 1u);
  EXPECT_TRUE(Routes(OldOnly()));
  EXPECT_EQ(Alias().description, world_->InitialDescription());
}

TEST_P(RouterScenarioTest, FailingPostTrafficHookRollsBack) {
  options_.hooks = {{HookKind::kFunction, kPreTraffic, "passing", {}, kDefaultHookTimeout},
                    {HookKind::kFunction, kPostTraffic, "failing", {}, kDefaultHookTimeout}};
  Linear(50);
  RunResult result = Deploy();
  ASSERT_EQ(result.outcome, Outcome::kRolledBack) << result.message << out_.str();
  const std::string versions =
      VersionNumber(world_->OldVersion()) + "->" + VersionNumber(world_->NewVersion());
  EXPECT_EQ(hooks_.calls, (std::vector<std::string>{"PreTraffic:passing:" + versions,
                                                    "PostTraffic:failing:" + versions}));
  EXPECT_EQ(NewWeights(*api_), (std::vector<int>{0, 50, 100, 0}));
  EXPECT_TRUE(Routes(OldOnly()));
}

// Lambda only: PublishVersion snapshots the configuration too, so a change of configuration with
// the same code is a new version to deploy, and the router must not call it "nothing to do".
using LambdaScenarioTest = RouterScenarioTest;

TEST_P(LambdaScenarioTest, ConfigurationOnlyChangeIsANewVersion) {
  options_.definition.reset();  // no --zip: publish what $LATEST is
  options_.publish_revision = true;
  options_.schedule.interval_seconds = 30;
  const std::string function = world_->OldVersion().substr(0, world_->OldVersion().rfind(':'));
  RunResult unchanged = Deploy();
  ASSERT_EQ(unchanged.outcome, Outcome::kNothingToDo) << unchanged.message << out_.str();
  EXPECT_TRUE(api_->writes.empty());
  aws::LambdaClient lambda(*config_);
  json::Object env{{"Environment", json::Object{{"Variables", json::Object{{"MODE", "b"}}}}}};
  ASSERT_TRUE(lambda.UpdateFunctionConfiguration(function, env).ok());
  RunResult changed = Deploy();
  ASSERT_EQ(changed.outcome, Outcome::kDeployed) << changed.message << out_.str();
  EXPECT_TRUE(Routes(NewOnly()));
  auto published = lambda.GetFunctionConfiguration(function, "2");
  ASSERT_TRUE(published.ok());
  EXPECT_EQ(json::Serialize(published->raw.at("Environment")), R"({"Variables":{"MODE":"b"}})");
  // Deployed, the same configuration is nothing to do again.
  EXPECT_EQ(Deploy(world_->NewApi().get()).outcome, Outcome::kNothingToDo) << out_.str();
}

INSTANTIATE_TEST_SUITE_P(Lambda, LambdaScenarioTest, ::testing::Values("lambda"));

INSTANTIATE_TEST_SUITE_P(Routers, RouterScenarioTest, ::testing::Values("sfn", "lambda", "route53"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace stepshift::deploy
