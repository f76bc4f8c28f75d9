// Runs a local command with a payload on stdin and captures stdout/stderr, with an optional
// time limit. Used by the `--functions` task runner.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "asl/task_runner.h"
#include "base/result.h"

namespace stepshift::asl {

struct CommandResult {
  int exit_code = 0;  // -1 when killed for exceeding the time limit
  bool timed_out = false;
  std::string out;
  std::string err;
};

// argv[0] is looked up in PATH. Returns Internal when the process cannot be started. With a time
// limit or a cancel token the command runs in its own process group, and the whole group is
// killed when the limit passes or the token is cancelled (a cancelled command reports the exit
// code of SIGKILL, 137).
Result<CommandResult> RunCommand(const std::vector<std::string>& argv,
                                 const std::string& stdin_data,
                                 std::optional<double> timeout_seconds,
                                 CancelToken* cancel = nullptr);

}  // namespace stepshift::asl
