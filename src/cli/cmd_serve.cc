#include "cli/cmd_serve.h"

#include <signal.h>
#include <string.h>

#include <iostream>
#include <memory>
#include <regex>

#include "api/local_server.h"
#include "cli/serve_auth.h"

namespace stepshift::cli {

namespace {

struct ServeFlags {
  api::LocalServerOptions server;
  std::string data_dir;
  bool memory = false;
  int metric_retention_hours = 24;
  std::vector<std::string> auth;
  std::string auth_file;
};

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
  cmd->add_option("--threads", flags->server.threads, "I/O threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  cmd->callback([flags, exit_code] { *exit_code = RunServe(*flags); });
}

}  // namespace stepshift::cli
