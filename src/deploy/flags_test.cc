#include "deploy/flags.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace stepshift::deploy {
namespace {

DeployFlags Valid() {
  DeployFlags f;
  f.state_machine = "orders";
  f.alias = "live";
  return f;
}

TEST(FlagsTest, DefaultsAreTheReferenceScripts) {
  Result<ValidatedDeploy> v = ValidateDeployFlags(Valid());
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->options.schedule.strategy, Strategy::kAllAtOnce);
  EXPECT_EQ(v->options.schedule.increment, 5);
  EXPECT_EQ(v->options.schedule.interval_seconds, 120);
  EXPECT_EQ(v->options.alarm_polling, std::chrono::seconds(60));
  EXPECT_EQ(v->options.history_max, 0);
  EXPECT_FALSE(v->options.publish_revision);
  EXPECT_FALSE(v->options.force);
}

struct BadCase {
  const char* name;
  void (*mutate)(DeployFlags*);
  const char* message;
};

// The flags of Valid() changed by `c` are refused with one line containing c.message.
void ExpectRejected(const BadCase& c) {
  DeployFlags f = Valid();
  c.mutate(&f);
  Result<ValidatedDeploy> v = ValidateDeployFlags(f);
  ASSERT_FALSE(v.ok()) << c.name;
  EXPECT_NE(v.status().message().find(c.message), std::string::npos)
      << c.name << ": " << v.status().message();
  EXPECT_EQ(v.status().message().find('\n'), std::string::npos) << c.name;
}

TEST(FlagsTest, RejectsBadValuesWithOneClearLine) {
  const BadCase cases[] = {
      {"machine", [](DeployFlags* f) { f->state_machine = "a b"; }, "--state-machine"},
      {"arn", [](DeployFlags* f) { f->state_machine = "arn:aws:states:x"; }, "--state-machine"},
      {"alias digits", [](DeployFlags* f) { f->alias = "42"; }, "--alias"},
      {"strategy", [](DeployFlags* f) { f->strategy = "blue"; }, "invalid choice: 'blue'"},
      {"increment", [](DeployFlags* f) { f->increment = 0; }, "increment must be >=1."},
      {"polling", [](DeployFlags* f) { f->alarm_polling = 0; }, "--alarm-polling"},
      {"history", [](DeployFlags* f) { f->history_max = -1; }, "--history-max"},
      {"output", [](DeployFlags* f) { f->output = "yaml"; }, "--output"},
      {"file", [](DeployFlags* f) { f->file = "/nonexistent.json"; }, "cannot read"},
      {"dup alarm",
       [](DeployFlags* f) {
         f->alarms = {"a", "a"};
       },
       "duplicate"},
      {"preset+steps",
       [](DeployFlags* f) {
         f->preset = "AllAtOnce";
         f->steps = "100";
       },
       "not both"},
      {"preset+strategy",
       [](DeployFlags* f) {
         f->preset = "AllAtOnce";
         f->strategy_given = true;
       },
       "--preset"},
  };
  for (const BadCase& c : cases)
    ExpectRejected(c);
}

TEST(FlagsTest, AcceptsArnsPresetsAndSteps) {
  DeployFlags f = Valid();
  f.state_machine = "arn:aws-cn:states:cn-north-1:123456789012:stateMachine:orders";
  f.preset = "Linear10PercentEvery1Minute";
  Result<ValidatedDeploy> v = ValidateDeployFlags(f);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->options.schedule.strategy, Strategy::kLinear);
  EXPECT_EQ(v->options.schedule.interval_seconds, 60);
  f = Valid();
  f.steps = "5,25,50,100";
  v = ValidateDeployFlags(f);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->options.schedule.steps, (std::vector<int>{5, 25, 50, 100}));
}

// A --file with `text`, removed at the end of the test.
class DefinitionFile {
 public:
  explicit DefinitionFile(const std::string& text) {
    char name[] = "/tmp/stepshift-flags-XXXXXX";
    close(mkstemp(name));
    path_ = name;
    std::ofstream(path_) << text;
  }

  ~DefinitionFile() { std::remove(path_.c_str()); }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Issue 14 item 5: before, an invalid definition was sent to the service (exit 3 after its
// answer) and YAML was refused as "not valid JSON".
TEST(FlagsTest, DefinitionIsValidatedLocallyWithEveryDiagnostic) {
  DefinitionFile file(R"({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nope"},)"
                      R"("B":{"Type":"Succeed"}}})");
  DeployFlags f = Valid();
  f.file = file.path();
  Result<ValidatedDeploy> v = ValidateDeployFlags(f);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kInvalidArgument);
  const std::string& message = v.status().message();
  EXPECT_NE(message.find("is not a valid state machine definition"), std::string::npos);
  EXPECT_NE(message.find("MISSING_TRANSITION_TARGET: Missing 'Next' target: Nope at "
                         "/States/A/Next"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("State \"B\" is not reachable"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos);
}

TEST(FlagsTest, YamlDefinitionIsAcceptedAndUploadedAsJson) {
  DefinitionFile file(
      "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result: {n: 1}\n"
      "    End: true\n");
  DeployFlags f = Valid();
  f.file = file.path();
  Result<ValidatedDeploy> v = ValidateDeployFlags(f);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(*v->options.definition,
            R"({"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"n":1},"End":true}}})");
  // A JSON file goes up exactly as written.
  DefinitionFile json(R"({ "StartAt": "A", "States": {"A": {"Type": "Succeed"}} })");
  f.file = json.path();
  v = ValidateDeployFlags(f);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v->options.definition, R"({ "StartAt": "A", "States": {"A": {"Type": "Succeed"}} })");
}

// The hooks come out in the documented order within each phase: the Lambda function, the test
// inputs, the hook state machine, the command.
TEST(FlagsTest, HooksAreBuiltInTheirFixedOrder) {
  DefinitionFile pre("- input: {n: 1}\n- input: {n: 2}\n");
  DefinitionFile post(R"([{"input": {}, "expect": {"status": "SUCCEEDED"}}])");
  DeployFlags f = Valid();
  f.pre_traffic = pre.path();
  f.post_traffic = post.path();
  f.hook_state_machine = "smoke";
  f.hook_command = "./check.sh";
  f.hook_timeout = 42;
  Result<ValidatedDeploy> v = ValidateDeployFlags(f);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  std::vector<std::string> order;
  for (const Hook& hook : v->options.hooks) {
    order.push_back(hook.phase + " " + HookKindName(hook.kind) + " " + hook.target);
    EXPECT_EQ(hook.timeout, std::chrono::seconds(42));
  }
  EXPECT_EQ(order, (std::vector<std::string>{
                       "PreTraffic inputs " + pre.path(), "PreTraffic state-machine smoke",
                       "PreTraffic command ./check.sh", "PostTraffic inputs " + post.path(),
                       "PostTraffic state-machine smoke", "PostTraffic command ./check.sh"}));
  EXPECT_EQ(v->options.hooks[0].cases.size(), 2u);
}

TEST(FlagsTest, BadHookFlagsAreOneLineBeforeAnythingChanges) {
  DefinitionFile bad("- input: {}\n- expect: {status: DONE}\n");
  const BadCase cases[] = {
      {"timeout", [](DeployFlags* f) { f->hook_timeout = 0; },
       "--hook-timeout must be between 1 and 86400 seconds"},
      {"machine", [](DeployFlags* f) { f->hook_state_machine = "a b"; },
       "--hook-state-machine: 'a b' is neither a state machine name nor a state machine ARN"},
      {"missing inputs", [](DeployFlags* f) { f->post_traffic = "/nonexistent.yaml"; },
       "--post-traffic: cannot read /nonexistent.yaml"},
      {"lambda",
       [](DeployFlags* f) {
         f->state_machine.clear();
         f->router.function_name = "fn";
         f->hook_command = "true";
       },
       "--hook-command is for --state-machine; a Lambda function's hooks are --pre-traffic-hook "
       "and --post-traffic-hook FUNCTION"},
      {"route53 timeout",
       [](DeployFlags* f) {
         f->state_machine.clear();
         f->alias.clear();
         f->router.hosted_zone_id = "Z1";
         f->router.record_name = "a.example.com";
         f->router.record_type = "A";
         f->router.blue = "blue";
         f->router.green = "green";
         f->hook_timeout_given = true;
       },
       "--hook-timeout has no meaning for a Route 53 record pair"},
  };
  for (const BadCase& c : cases)
    ExpectRejected(c);
  DeployFlags f = Valid();
  f.pre_traffic = bad.path();
  Result<ValidatedDeploy> v = ValidateDeployFlags(f);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().message(),
            "--pre-traffic: " + bad.path() +
                ": case 2: expect.status must be one of SUCCEEDED, FAILED, TIMED_OUT, ABORTED "
                "(\"DONE\")");
}

}  // namespace
}  // namespace stepshift::deploy
