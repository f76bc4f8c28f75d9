#include "cli/cmd_demo.h"

#include <iostream>
#include <memory>

#include "api/local_server.h"
#include "aws/client_config.h"
#include "aws/credentials.h"
#include "base/status_macros.h"
#include "cli/demo_story.h"
#include "deploy/aws_api.h"
#include "deploy/aws_executions_api.h"

namespace stepshift::cli {

namespace {

Status RunDemo(const DemoOptions& options) {
  api::LocalServerOptions server_options;
  server_options.port = 0;
  server_options.engine.seed = 7;  // the alias draws the same versions on every run
  ASSIGN_OR_RETURN(std::unique_ptr<api::LocalServer> server,
                   api::LocalServer::Start(server_options));
  std::cout << "stepshift demo: a gradual deployment on the local engine at " << server->endpoint()
            << "\n\n";
  aws::ConfigOptions config_options;
  config_options.region = server_options.engine.region;
  config_options.endpoint_url = server->endpoint();
  config_options.credentials = aws::StaticCredentials("demo", "demo");
  ASSIGN_OR_RETURN(aws::ClientConfig config, aws::ResolveConfig(config_options));
  aws::SfnClient sfn(config);
  aws::CloudWatchClient cloudwatch(config);
  deploy::AwsApi api(config);
  deploy::AwsExecutionsApi executions(config);
  DemoStory story({&sfn, &cloudwatch, &api, &executions, &SystemClock()}, &std::cout, options);
  return story.Run();
}

}  // namespace

void SetupDemoCommand(CLI::App& app, int* exit_code) {
  auto pause_seconds = std::make_shared<double>(1.0);
  CLI::App* cmd = app.add_subcommand(
      "demo",
      "Canary a faulty version on live traffic, roll back on its alarm and verdict, then "
      "ship the fix");
  cmd->add_option("--pause", *pause_seconds,
                  "Seconds per step of the fixed version's linear rollout")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 60.0));
  cmd->callback([pause_seconds, exit_code] {
    DemoOptions options;
    options.pause =
        std::chrono::duration_cast<Duration>(std::chrono::duration<double>(*pause_seconds));
    Status status = RunDemo(options);
    if (!status.ok()) {
      std::cerr << "stepshift demo: " << status.ToString() << "\n";
    }
    *exit_code = status.ok() ? 0 : 1;
  });
}

}  // namespace stepshift::cli
