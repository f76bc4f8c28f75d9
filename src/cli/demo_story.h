// The demo's story, told through the AWS API against any endpoint and driven by the real deploy
// controller (src/deploy) on real traffic: orders start through the alias a few times a second;
// v2 has a genuine bug that fails orders without a coupon, so its error-rate alarm (metric math
// on AWS/States with the Version dimension) fires and the verdict on its executions fails, and
// the controller rolls the alias back while v2's running executions finish on v2; then the fixed
// v3 passes its pre-traffic tests and rolls out linearly to 100%.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "aws/cloudwatch_client.h"
#include "aws/sfn_client.h"
#include "base/clock.h"
#include "base/result.h"
#include "deploy/api.h"
#include "deploy/deployer.h"
#include "deploy/executions_api.h"
#include "deploy/runner.h"

namespace stepshift::cli {

struct DemoOptions {
  Duration pause = std::chrono::seconds(1);                 // each step of v3's linear rollout
  Duration traffic_every = std::chrono::milliseconds(100);  // one order started per interval
  // The canary's window: the verdict must stop v2 within it. Its polls share the verdict's
  // significance level (verdict_watch.h), so a longer window needs stronger evidence.
  Duration canary_window = std::chrono::seconds(20);
  Duration polling = std::chrono::seconds(1);
};

// What the story talks to; it owns none of it. The clients are thread-safe (the traffic thread
// shares `sfn`).
struct DemoServices {
  aws::SfnClient* sfn = nullptr;
  aws::CloudWatchClient* cloudwatch = nullptr;
  deploy::Api* api = nullptr;
  deploy::ExecutionsApi* executions = nullptr;
  Clock* clock = nullptr;
};

class DemoStory {
 public:
  DemoStory(DemoServices services, std::ostream* out, DemoOptions options);

  // Plays the story. Returns the first failed call's status, or Internal when the controller
  // did not do what the story needs (roll v2 back, deploy v3).
  Status Run();

 private:
  Status CreateMachine();
  Status CreateErrorRateAlarm(int version);
  void WaitForBaseline();
  Status CanaryThatFails();
  Status LinearThatSucceeds();
  deploy::RunResult RunDeploy(const std::string& definition, const std::string& description,
                              deploy::DeployOptions options);
  Status WaitUntilSettled(const std::string& version_arn, Duration at_most);
  Status AwaitAlarm(const std::string& name, Duration at_most);
  void ShowExecutions(int last);
  Result<std::string> ShowAlias();
  std::string VersionArn(int version) const;
  void Say(const std::string& line);

  DemoServices s_;
  std::ostream* out_;
  DemoOptions options_;
  Time start_;
  std::string machine_arn_;
  std::string alias_arn_;
};

}  // namespace stepshift::cli
