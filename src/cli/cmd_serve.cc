#include "cli/cmd_serve.h"

#include <signal.h>
#include <string.h>

#include <iostream>
#include <memory>
#include <optional>
#include <regex>

#include "api/local_server.h"
#include "asl/runners/functions_runner.h"
#include "base/file.h"
#include "cli/serve_auth.h"

namespace stepshift::cli {

namespace {

struct ServeFlags {
  double route53_propagation_seconds = 3;
  api::LocalServerOptions server;
  std::string data_dir;
  bool memory = false;
  int metric_retention_hours = 24;
  std::vector<std::string> auth;
  std::string auth_file;
  std::string functions_file;
  std::string execution_retention = "90d";
  std::optional<uint64_t> seed;
};

// "90d", "36h", "15m", "30s", or a number of days.
std::optional<Duration> ParseRetention(const std::string& text) {
  static const std::regex kForm("([0-9]{1,6})([dhms]?)");
  std::smatch m;
  if (!std::regex_match(text, m, kForm) || std::stoll(m[1]) == 0)
    return std::nullopt;
  int64_t n = std::stoll(m[1]);
  char unit = m[2].length() ? m[2].str()[0] : 'd';
  int64_t seconds = unit == 'd' ? n * 86400 : unit == 'h' ? n * 3600 : unit == 'm' ? n * 60 : n;
  return std::chrono::seconds(seconds);
}

// Loads --functions; prints why and returns false when the file is unusable.
bool LoadFunctions(const std::string& path, api::LocalEngineOptions* engine) {
  if (path.empty())
    return true;
  Result<std::string> text = ReadTextFile(path);
  Result<std::unique_ptr<asl::FunctionsRunner>> functions =
      text.ok() ? asl::FunctionsRunner::FromText(*text)
                : Result<std::unique_ptr<asl::FunctionsRunner>>(text.status());
  if (!functions.ok()) {
    std::cerr << "stepshift serve: --functions: " << functions.status().message() << "\n";
    return false;
  }
  engine->functions = std::move(functions).value();
  return true;
}

// Blocks SIGINT and SIGTERM in this thread and every thread it starts from now on, so that
// sigwait() below is the only place they are delivered.
sigset_t BlockShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

int RunServe(ServeFlags flags) {
  if (!flags.data_dir.empty()) {
    flags.server.engine.data_dir = flags.data_dir;
  }
  flags.server.engine.metric_retention = std::chrono::hours(flags.metric_retention_hours);
  auto credentials = LoadServeCredentials(flags.auth, flags.auth_file);
  if (!credentials.ok()) {
    std::cerr << "stepshift serve: " << credentials.status().message() << "\n";
    return 2;
  }
  flags.server.engine.credentials = std::move(credentials).value();
  flags.server.engine.route53_propagation = std::chrono::duration_cast<Duration>(
      std::chrono::duration<double>(flags.route53_propagation_seconds));
  flags.server.engine.seed = flags.seed;
  std::optional<Duration> retention = ParseRetention(flags.execution_retention);
  if (!retention) {
    std::cerr << "stepshift serve: --execution-retention: expected a duration such as 90d, 36h, "
                 "15m or 30s, got '"
              << flags.execution_retention << "'\n";
    return 2;
  }
  flags.server.engine.execution_retention = *retention;
  if (!LoadFunctions(flags.functions_file, &flags.server.engine))
    return 2;
  sigset_t signals = BlockShutdownSignals();
  auto server = api::LocalServer::Start(flags.server);
  if (!server.ok()) {
    std::cerr << "stepshift serve: " << server.status().message() << "\n";
    return 1;
  }
  const api::LocalEngineOptions& engine = flags.server.engine;
  if (!IsLoopbackAddress(flags.server.host) && engine.credentials.empty()) {
    std::cerr << "stepshift serve: warning: listening on " << flags.server.host
              << " without --auth: anyone who can reach this port can read and change all its "
                 "state\n";
  }
  std::cout << "stepshift serve: listening on " << (*server)->endpoint() << " (region "
            << engine.region << ", account " << engine.account << ", "
            << (engine.data_dir ? "data in " + *engine.data_dir : "in memory")
            << (engine.credentials.empty() ? "" : ", SigV4 required") << ")" << std::endl;
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  (*server)->Stop();
  std::cerr << "stepshift serve: stopped (" << strsignal(signal_number) << ")\n";
  return 0;
}

}  // namespace

void SetupServeCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Run the local Step Functions + CloudWatch endpoint that AWS clients can use");
  cmd->add_option("--host", flags->server.host, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", flags->server.port, "Port to listen on; 0 picks a free one")
      ->capture_default_str();
  CLI::Option* dir = cmd->add_option("--data-dir", flags->data_dir,
                                     "Keep state in a SQLite database in this directory");
  cmd->add_flag("--memory", flags->memory, "Keep state in memory only (the default)")
      ->excludes(dir);
  cmd->add_option("--region", flags->server.engine.region, "Region of requests that are not signed")
      ->capture_default_str()
      ->check(CLI::Validator(
          [](std::string& v) {
            return std::regex_match(v, std::regex("[a-z]{2}(-[a-z]+)+-\\d")) ? "" : "not a region";
          },
          "REGION"));
  cmd->add_option("--account", flags->server.engine.account, "Account id in ARNs")
      ->capture_default_str()
      ->check(CLI::Validator(
          [](std::string& v) {
            return std::regex_match(v, std::regex("\\d{12}")) ? "" : "must be 12 digits";
          },
          "ACCOUNT"));
  cmd->add_option("--metric-retention-hours", flags->metric_retention_hours,
                  "How long raw CloudWatch datapoints are kept")
      ->capture_default_str()
      ->check(CLI::Range(1, 24 * 455));
  cmd->add_option("--auth", flags->auth,
                  "ACCESS_KEY:SECRET a request must be SigV4-signed with (repeatable)");
  cmd->add_option("--auth-file", flags->auth_file,
                  "AWS credentials file whose keys requests may be signed with");
  cmd->add_option("--lambda-concurrency", flags->server.engine.lambda_concurrency,
                  "Concurrent invocations of one Lambda function without reserved concurrency")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--route53-propagation", flags->route53_propagation_seconds,
                  "Seconds a Route 53 change stays PENDING before GetChange reports INSYNC")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600.0));
  cmd->add_option("--functions", flags->functions_file,
                  "Task runners, in the format of `stepshift run --functions` (YAML or JSON)");
  cmd->add_option("--seed", flags->seed,
                  "Seed of the weighted version draw of alias executions (reproducible runs)");
  cmd->add_option("--execution-retention", flags->execution_retention,
                  "How long closed executions are kept (90d, 36h, 15m, 30s)")
      ->capture_default_str();
  cmd->add_option("--threads", flags->server.threads, "I/O threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  cmd->callback([flags, exit_code] { *exit_code = RunServe(*flags); });
}

}  // namespace stepshift::cli
