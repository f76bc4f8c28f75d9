#include "cli/cmd_status.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <iostream>
#include <memory>

#include "cli/interrupts.h"
#include "cli/target_flags.h"
#include "deploy/admin.h"
#include "deploy/aws_executions_api.h"
#include "deploy/executions_report.h"
#include "deploy/status_snapshot.h"
#include "deploy/status_watch.h"

namespace stepshift::cli {

namespace {

struct StatusFlags {
  TargetFlags target;
  int window = 300;
  bool watch = false;
  int refresh = 2;
};

// One plain answer on `status`'s terms: a missing resource is named on one line (exit 2), any
// other error is the service's (exit 3).
int Failed(const Status& status) {
  const bool missing = status.IsNotFound();
  std::cerr << "stepshift status: error: " << (missing ? status.message() : status.ToString())
            << "\n";
  return missing ? 2 : 3;
}

std::pair<int, int> TerminalSize() {
  winsize size = {};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0)
    return {0, 0};
  return {size.ws_row, size.ws_col};
}

int Watch(const StatusFlags& f, const std::function<Result<json::Object>(Time)>& fetch) {
  deploy::WatchOptions options;
  options.refresh = std::chrono::seconds(f.refresh);
  options.json = f.target.output == "json";
  options.redraw = !options.json && isatty(STDOUT_FILENO) != 0;
  deploy::WatchIo io;
  io.out = &std::cout;
  io.clock = &SystemClock();
  io.interrupted = CatchInterrupts();
  io.fetch = fetch;
  io.terminal_size = TerminalSize;
  Status watched = deploy::RunWatch(options, io);
  return watched.ok() ? 0 : Failed(watched);
}

int RunStatus(const StatusFlags& f) {
  if (f.window < 1) {
    std::cerr << "stepshift status: error: --window must be >= 1 second\n";
    return 2;
  }
  if (f.refresh < 1) {
    std::cerr << "stepshift status: error: --refresh must be >= 1 second\n";
    return 2;
  }
  int exit_code = 0;
  std::optional<ResolvedTarget> resolved = ResolveTarget(f.target, "status", &exit_code);
  if (!resolved) {
    return exit_code;
  }
  deploy::AwsExecutionsApi executions(resolved->config);
  const Duration window = std::chrono::seconds(f.window);
  auto fetch = [&](Time now) {
    return deploy::StatusSnapshot(resolved->api.get(), &executions, resolved->target,
                                  {now, window});
  };
  if (f.watch)
    return Watch(f, fetch);
  const Time now = SystemClock().Now();
  Result<json::Object> snapshot = fetch(now);
  if (!snapshot.ok())
    return Failed(snapshot.status());
  if (f.target.output == "json") {
    std::cout << json::Serialize(*snapshot) << "\n";
  } else {
    std::cout << deploy::FormatStatus(*snapshot, now)
              << deploy::FormatVersionExecutions(snapshot->at("executions").as_array(), window);
  }
  return 0;
}

}  // namespace

void SetupStatusCommand(CLI::App& app, int* exit_code) {
  auto f = std::make_shared<StatusFlags>();
  CLI::App* cmd = app.add_subcommand(
      "status",
      "Show an alias, its routing, any deployment in progress and each version's executions");
  AddTargetFlags(cmd, &f->target);
  cmd->add_option("--window", f->window,
                  "Seconds of executions to show per version (counts, failure rate, p90)")
      ->capture_default_str();
  CLI::Option* watch = cmd->add_flag(
      "--watch", f->watch,
      "Keep refreshing until Ctrl-C: redrawn in place on a terminal, else one line per change");
  cmd->add_option("--refresh", f->refresh, "Seconds between refreshes with --watch")
      ->capture_default_str()
      ->needs(watch);
  cmd->callback([f, exit_code] { *exit_code = RunStatus(*f); });
}

}  // namespace stepshift::cli
