// A hook command (`--hook-command CMD`): `/bin/sh -c CMD` with the deployment's facts added to
// the environment, its stdin /dev/null, its stdout and stderr copied to the controller's stderr
// (never its stdout, which may carry JSON events). Exit 0 passes. The command runs in a process
// group of its own, so that a timeout or an interruption can kill it with everything it
// started (SIGKILL to the group); for the same reason a Ctrl-C at the terminal does not reach
// it directly: the controller, which catches SIGINT/SIGTERM to restore the alias, kills it.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "deploy/hook_executions.h"

namespace stepshift::deploy {

struct CommandOptions {
  Clock* clock = nullptr;                          // REQUIRES: non-null; judges the timeout
  const std::atomic<bool>* interrupted = nullptr;  // may be null
  Duration timeout = std::chrono::minutes(5);
  // How long one wait for the command's output or exit may block (real time, as the command
  // runs in real time); the timeout and `interrupted` are checked after each.
  Duration wait_slice = std::chrono::milliseconds(100);
  std::vector<std::pair<std::string, std::string>> environment;  // added or replaced
  std::function<void()> while_waiting;  // called after every slice waited; may be empty
  int echo_fd = 2;                      // where its output is copied; -1: nowhere
};

struct CommandRun {
  WaitEnd end = WaitEnd::kDone;
  int exit_code = 0;        // kDone: 0-255, or 128 + the signal that killed it
  int signal = 0;           // the signal that killed it; 0 when it exited
  std::string stderr_tail;  // the last 4 KiB it wrote to stderr
};

// Runs `command` as described above. Internal when it cannot be started at all.
Result<CommandRun> RunHookCommand(const std::string& command, const CommandOptions& options);

// The last `lines` non-empty lines of `text`, joined with " | " (a one-line message).
std::string LastLines(const std::string& text, size_t lines);

}  // namespace stepshift::deploy
