#include "cli/demo_story.h"

#include <cstdio>
#include <ostream>

#include "base/status_macros.h"
#include "cli/demo_traffic.h"
#include "deploy/executions_report.h"
#include "deploy/hook_cases.h"
#include "deploy/hook_executions.h"
#include "deploy/hooks.h"
#include "deploy/reporter.h"

namespace stepshift::cli {

namespace {

constexpr char kMachine[] = "orders";
constexpr char kAlias[] = "live";
constexpr char kRole[] = "arn:aws:iam::123456789012:role/orders-workflow";
constexpr int kAlarmPeriodSeconds = 10;

// The order workflow. Every version validates, packs (a one-second Wait, so executions are
// still running when the alias moves) and charges; what differs is `coupon_states`, the states
// between Pack and Charge (`first` names the one Pack goes to).
std::string OrdersDefinition(const std::string& comment, const std::string& first,
                             const std::string& coupon_states) {
  return R"({"Comment":")" + comment + R"(","StartAt":"Validate","States":{)" +
         R"("Validate":{"Type":"Pass","Next":"Pack"},)" +
         R"("Pack":{"Type":"Wait","Seconds":1,"Next":")" + first + R"("},)" + coupon_states +
         R"("Charge":{"Type":"Pass","Parameters":{"order.$":"$.order","charged.$":"$.amount"},)" +
         R"("End":true}}})";
}

// v2's bug: it reads the coupon's code from every order, and orders without one fail
// (States.Runtime: the path is not in the input).
constexpr char kDiscount[] =
    R"("Discount":{"Type":"Pass","Parameters":{"order.$":"$.order","amount.$":"$.amount",)"
    R"("code.$":"$.coupon.code"},"Next":"Charge"},)";
constexpr char kHasCoupon[] =
    R"("HasCoupon":{"Type":"Choice","Choices":[{"Variable":"$.coupon","IsPresent":true,)"
    R"("Next":"Discount"}],"Default":"Charge"},)";

// What v3 must do before any order reaches it: run an order with a coupon and one without (the
// input v2 failed), each to the expected output, as executions of the version itself.
deploy::Hook PreTrafficTests() {
  auto order = [](const std::string& name, json::Object input, double charged) {
    deploy::TestCase test{name, input, {}};
    test.expect.output = json::Object{{"order", input["order"]}, {"charged", charged}};
    return test;
  };
  json::Object with{{"order", "test-1"}, {"amount", 20.0}, {"coupon", json::Object{{"code", "T"}}}};
  json::Object without{{"order", "test-2"}, {"amount", 35.5}};
  deploy::Hook hook;
  hook.kind = deploy::HookKind::kInputs;
  hook.phase = deploy::kPreTraffic;
  hook.target = "orders-tests";
  hook.cases = {order("an order with a coupon", with, 20.0),
                order("an order without a coupon", without, 35.5)};
  hook.timeout = std::chrono::seconds(30);
  return hook;
}

std::string AlarmName(int version) {
  return "orders-v" + std::to_string(version) + "-error-rate";
}

json::Object StatesQuery(const std::string& id, const std::string& metric,
                         const std::string& machine_arn, int version) {
  json::Array dimensions{json::Object{{"Name", "StateMachineArn"}, {"Value", machine_arn}},
                         json::Object{{"Name", "Version"}, {"Value", std::to_string(version)}}};
  json::Object stat{{"Metric", json::Object{{"Namespace", "AWS/States"},
                                            {"MetricName", metric},
                                            {"Dimensions", std::move(dimensions)}}},
                    {"Period", kAlarmPeriodSeconds},
                    {"Stat", "Sum"}};
  return json::Object{{"Id", id}, {"MetricStat", std::move(stat)}, {"ReturnData", false}};
}

}  // namespace

DemoStory::DemoStory(DemoServices services, std::ostream* out, DemoOptions options)
    : s_(services), out_(out), options_(options), start_(services.clock->Now()) {}

Status DemoStory::Run() {
  RETURN_IF_ERROR(CreateMachine());
  DemoTraffic traffic(s_.sfn, s_.clock, alias_arn_, options_.traffic_every);
  traffic.Start();
  Say("Traffic: an order every " + deploy::DurationText(options_.traffic_every) +
      " through \"live\", varied inputs, two in five without a coupon");
  WaitForBaseline();
  RETURN_IF_ERROR(CanaryThatFails());
  RETURN_IF_ERROR(LinearThatSucceeds());
  traffic.Stop();
  if (traffic.refused() > 0) {
    return Status::Internal(std::to_string(traffic.refused()) +
                            " orders could not be started: " + traffic.first_refusal());
  }
  Say("Traffic stopped after " + std::to_string(traffic.started()) +
      " orders; waiting for the last ones to finish");
  RETURN_IF_ERROR(WaitUntilSettled(machine_arn_, std::chrono::seconds(10)));
  ShowExecutions(3);
  Say("Done. Alias \"live\" routes 100% to v3; the faulty v2 never saw more than 25% of new "
      "orders, and every order ran to the end on the version it started on.");
  return Status::Ok();
}

Status DemoStory::CreateMachine() {
  aws::CreateStateMachineRequest request;
  request.name = kMachine;
  request.definition = OrdersDefinition("orders v1", "Charge", "");
  request.role_arn = kRole;
  request.publish = true;
  request.version_description = "orders v1";
  ASSIGN_OR_RETURN(aws::WriteResult created, s_.sfn->CreateStateMachine(request));
  machine_arn_ = created.arn;
  Say("Created state machine \"orders\" (validate, pack, charge) and published version 1");
  ASSIGN_OR_RETURN(alias_arn_, s_.sfn->CreateStateMachineAlias(kAlias, {{created.version_arn, 100}},
                                                               "orders, production"));
  Say("Alias \"live\" routes 100% of new executions to v1");
  return Status::Ok();
}

// The alarm a team writes for a canary: the version's error rate, 100 * failed / started, from
// the AWS/States metrics with the Version dimension.
Status DemoStory::CreateErrorRateAlarm(int version) {
  json::Object rate{{"Id", "rate"},
                    {"Expression", "100 * FILL(failed, 0) / started"},
                    {"Label", "v" + std::to_string(version) + " error rate %"},
                    {"ReturnData", true}};
  json::Object alarm{
      {"AlarmName", AlarmName(version)},
      {"Metrics", json::Array{StatesQuery("failed", "ExecutionsFailed", machine_arn_, version),
                              StatesQuery("started", "ExecutionsStarted", machine_arn_, version),
                              std::move(rate)}},
      {"EvaluationPeriods", 1},
      {"Threshold", 10},
      {"ComparisonOperator", "GreaterThanThreshold"},
      {"TreatMissingData", "notBreaching"}};
  RETURN_IF_ERROR(s_.cloudwatch->PutMetricAlarm(alarm));
  Say("Alarm " + AlarmName(version) + ": 100 * ExecutionsFailed / ExecutionsStarted of v" +
      std::to_string(version) + " (AWS/States, Version=" + std::to_string(version) +
      ") > 10 over " + std::to_string(kAlarmPeriodSeconds) + " s");
  return Status::Ok();
}

// v1 takes traffic for a couple of seconds, so the verdict has a baseline, and the canary starts
// just after an alarm period begins: its first failures then fall in a period of their own.
void DemoStory::WaitForBaseline() {
  const auto period = std::chrono::seconds(kAlarmPeriodSeconds);
  const auto since_epoch = (s_.clock->Now() + std::chrono::seconds(2)).time_since_epoch();
  const Time next_period{(since_epoch / period + 1) * period};
  s_.clock->SleepUntil(next_period + std::chrono::milliseconds(200));
}

deploy::RunResult DemoStory::RunDeploy(const std::string& definition,
                                       const std::string& description,
                                       deploy::DeployOptions options) {
  options.state_machine = machine_arn_;
  options.alias = kAlias;
  options.definition = definition;
  options.version_description = description;
  options.alarm_polling = options_.polling;
  // A demo's steps are seconds long: judge from ten executions a side instead of twenty.
  options.verdict.thresholds.min_executions = 10;
  deploy::Reporter reporter(out_, deploy::OutputMode::kText, false, s_.clock);
  reporter.set_relative_start(start_);
  reporter.set_routine_events(false);
  deploy::HookServices hook_services;
  hook_services.clock = s_.clock;
  hook_services.executions = s_.executions;
  deploy::StandardHookRunner hooks(hook_services);
  deploy::DeployContext context{s_.api, s_.clock, &reporter, nullptr, &hooks};
  context.executions = s_.executions;
  return deploy::Deploy(options, context);
}

Status DemoStory::CanaryThatFails() {
  RETURN_IF_ERROR(CreateErrorRateAlarm(2));
  Say("stepshift deploy: v2 (applies coupons) as a canary, 25% of new orders, watching " +
      AlarmName(2) + " and judging v2's executions against v1's");
  deploy::DeployOptions options;
  options.schedule.strategy = deploy::Strategy::kCanary;
  options.schedule.increment = 25;
  options.schedule.interval_seconds = static_cast<int>(
      std::chrono::duration_cast<std::chrono::seconds>(options_.canary_window).count());
  options.alarms = {AlarmName(2)};
  deploy::RunResult result = RunDeploy(OrdersDefinition("orders v2", "Discount", kDiscount),
                                       "orders v2: applies coupons", options);
  if (result.outcome != deploy::Outcome::kRolledBack) {
    return Status::Internal("expected the canary to roll back, got " +
                            deploy::OutcomeName(result.outcome) + ": " + result.message);
  }
  ASSIGN_OR_RETURN(std::string routing, ShowAlias());
  Say("Rolled back automatically: live → " + routing);
  RETURN_IF_ERROR(WaitUntilSettled(VersionArn(2), std::chrono::seconds(10)));
  Say("v2's executions that were still running have finished, on v2:");
  ShowExecutions(2);
  return AwaitAlarm(AlarmName(2), std::chrono::seconds(2 * kAlarmPeriodSeconds));
}

Status DemoStory::LinearThatSucceeds() {
  RETURN_IF_ERROR(CreateErrorRateAlarm(3));
  Say("stepshift deploy: the fixed v3 (a coupon is optional), pre-traffic tests first, then "
      "linear: 25% more every " +
      deploy::DurationText(options_.pause));
  deploy::DeployOptions options;
  options.schedule.strategy = deploy::Strategy::kLinear;
  options.schedule.increment = 25;
  options.schedule.interval_seconds =
      static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(options_.pause).count());
  options.alarms = {AlarmName(3)};
  options.hooks = {PreTrafficTests()};
  deploy::RunResult result =
      RunDeploy(OrdersDefinition("orders v3", "HasCoupon", std::string(kHasCoupon) + kDiscount),
                "orders v3: a coupon is optional", options);
  if (result.outcome != deploy::Outcome::kDeployed) {
    return Status::Internal("expected v3 to deploy, got " + deploy::OutcomeName(result.outcome) +
                            ": " + result.message);
  }
  ASSIGN_OR_RETURN(std::string routing, ShowAlias());
  Say("live → " + routing);
  return Status::Ok();
}

// Waits until `arn` (a version or the state machine) has no RUNNING execution.
Status DemoStory::WaitUntilSettled(const std::string& arn, Duration at_most) {
  const Time deadline = s_.clock->Now() + at_most;
  for (;;) {
    deploy::ExecutionsQuery query{arn, start_, "RUNNING", 1};
    ASSIGN_OR_RETURN(deploy::ListedExecutions running, s_.executions->ListExecutions(query));
    if (running.executions.empty())
      return Status::Ok();
    if (s_.clock->Now() >= deadline)
      return Status::Internal("executions of " + arn + " still running after " +
                              deploy::DurationText(at_most));
    s_.clock->SleepUntil(s_.clock->Now() + std::chrono::milliseconds(100));
  }
}

// Waits for alarm `name` to be in ALARM and tells its state reason.
Status DemoStory::AwaitAlarm(const std::string& name, Duration at_most) {
  const Time deadline = s_.clock->Now() + at_most;
  aws::DescribeAlarmsRequest request;
  request.alarm_names = {name};
  for (;;) {
    ASSIGN_OR_RETURN(std::vector<aws::AlarmInfo> alarms, s_.cloudwatch->DescribeAlarms(request));
    if (alarms.empty())
      return Status::NotFound("alarm " + name + " does not exist");
    if (alarms[0].state_value == "ALARM") {
      Say("Alarm " + name + " is ALARM: " + alarms[0].state_reason);
      return Status::Ok();
    }
    if (s_.clock->Now() >= deadline)
      return Status::Internal("alarm " + name + " is still " + alarms[0].state_value);
    s_.clock->SleepUntil(s_.clock->Now() + std::chrono::milliseconds(200));
  }
}

// The orders versions 1 to `last` have run since the story began: started, failed, running, p90.
void DemoStory::ShowExecutions(int last) {
  std::vector<std::string> versions;
  for (int v = 1; v <= last; ++v)
    versions.push_back(VersionArn(v));
  const Time now = s_.clock->Now();
  const Duration window = now - start_ + std::chrono::seconds(1);
  json::Array figures = deploy::VersionExecutions(s_.executions, versions, now, window);
  std::string lines = deploy::FormatVersionExecutions(figures, window);
  while (!lines.empty() && lines.back() == '\n')
    lines.pop_back();
  *out_ << lines << std::endl;
}

Result<std::string> DemoStory::ShowAlias() {
  ASSIGN_OR_RETURN(aws::AliasInfo alias, s_.sfn->DescribeStateMachineAlias(alias_arn_));
  return deploy::DescribeRouting(alias.routing);
}

std::string DemoStory::VersionArn(int version) const {
  return machine_arn_ + ":" + std::to_string(version);
}

void DemoStory::Say(const std::string& line) {
  double elapsed = std::chrono::duration<double>(s_.clock->Now() - start_).count();
  char stamp[16];
  std::snprintf(stamp, sizeof stamp, "[%5.1fs] ", elapsed);
  *out_ << stamp << line << std::endl;
}

}  // namespace stepshift::cli
