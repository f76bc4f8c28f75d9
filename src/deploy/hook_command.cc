#include "deploy/hook_command.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <set>

extern char** environ;

namespace stepshift::deploy {

namespace {

constexpr size_t kTailBytes = 4096;

// The process environment with `extra` added, replacing variables of the same names.
std::vector<std::string> Environment(
    const std::vector<std::pair<std::string, std::string>>& extra) {
  std::set<std::string> replaced;
  std::vector<std::string> env;
  for (const auto& [name, value] : extra) {
    replaced.insert(name);
    env.push_back(name + "=" + value);
  }
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string entry(*e);
    if (!replaced.count(entry.substr(0, entry.find('='))))
      env.push_back(std::move(entry));
  }
  return env;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& s : strings)
    pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

// Spawns /bin/sh -c `command` in a new process group, stderr to `err_fd`, stdout to `echo_fd`
// (or /dev/null). Signals the controller catches or ignores are default again in the child.
Result<pid_t> Spawn(const std::string& command, const CommandOptions& o, int err_fd) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  if (o.echo_fd >= 0)
    posix_spawn_file_actions_adddup2(&actions, o.echo_fd, 1);
  else
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t defaults, empty;
  sigemptyset(&defaults);
  for (int sig : {SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGPIPE})
    sigaddset(&defaults, sig);
  sigemptyset(&empty);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setsigmask(&attr, &empty);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  std::vector<std::string> args = {"/bin/sh", "-c", command};
  std::vector<std::string> env = Environment(o.environment);
  pid_t pid = 0;
  int rc =
      posix_spawn(&pid, "/bin/sh", &actions, &attr, Pointers(args).data(), Pointers(env).data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0)
    return Status::Internal(std::string("cannot run /bin/sh: ") + std::strerror(rc));
  return pid;
}

class Watch {
 public:
  Watch(pid_t pid, int err_fd, const CommandOptions& o) : pid_(pid), err_fd_(err_fd), o_(o) {}

  CommandRun Run();

 private:
  bool Interrupted() const { return o_.interrupted != nullptr && o_.interrupted->load(); }

  // Reads what stderr has; waits up to `wait_ms` for it. False at EOF.
  bool ReadStderr(int wait_ms);
  // Whether stderr has data (or EOF) to read now.
  bool Readable() const;
  bool Reaped(int options);
  CommandRun Kill(WaitEnd end);

  pid_t pid_;
  int err_fd_;
  const CommandOptions& o_;
  bool stderr_open_ = true;
  int status_ = 0;
  CommandRun run_;
};

CommandRun Watch::Run() {
  const Time deadline = o_.clock->Now() + o_.timeout;
  const int slice_ms = static_cast<int>(std::max<int64_t>(
      1, std::chrono::duration_cast<std::chrono::milliseconds>(o_.wait_slice).count()));
  while (true) {
    if (Interrupted())
      return Kill(WaitEnd::kInterrupted);
    if (o_.clock->Now() >= deadline)
      return Kill(WaitEnd::kTimedOut);
    if (stderr_open_)
      stderr_open_ = ReadStderr(slice_ms);
    else
      poll(nullptr, 0, slice_ms);
    if (Reaped(WNOHANG)) {
      // What it wrote just before exiting. Not until EOF: a process it left running in the
      // background may hold the pipe open for ever.
      while (stderr_open_ && Readable())
        stderr_open_ = ReadStderr(0);
      break;
    }
    if (o_.while_waiting)
      o_.while_waiting();
  }
  run_.signal = WIFSIGNALED(status_) ? WTERMSIG(status_) : 0;
  run_.exit_code = WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + run_.signal;
  return run_;
}

bool Watch::ReadStderr(int wait_ms) {
  pollfd fd{err_fd_, POLLIN, 0};
  if (poll(&fd, 1, wait_ms) <= 0)
    return true;
  char buf[4096];
  ssize_t n = read(err_fd_, buf, sizeof buf);
  if (n < 0)
    return errno == EINTR || errno == EAGAIN;
  if (n == 0)
    return false;
  if (o_.echo_fd >= 0)
    (void)!write(o_.echo_fd, buf, static_cast<size_t>(n));
  run_.stderr_tail.append(buf, static_cast<size_t>(n));
  if (run_.stderr_tail.size() > kTailBytes)
    run_.stderr_tail.erase(0, run_.stderr_tail.size() - kTailBytes);
  return true;
}

bool Watch::Readable() const {
  pollfd fd{err_fd_, POLLIN, 0};
  return poll(&fd, 1, 0) > 0;
}

bool Watch::Reaped(int options) {
  pid_t done;
  do {
    done = waitpid(pid_, &status_, options);
  } while (done < 0 && errno == EINTR);
  return done == pid_;
}

CommandRun Watch::Kill(WaitEnd end) {
  kill(-pid_, SIGKILL);
  (void)Reaped(0);
  run_.end = end;
  run_.signal = SIGKILL;
  run_.exit_code = 128 + SIGKILL;
  return run_;
}

}  // namespace

Result<CommandRun> RunHookCommand(const std::string& command, const CommandOptions& options) {
  int err_pipe[2];
  if (pipe2(err_pipe, O_CLOEXEC) != 0)
    return Status::Internal(std::string("pipe: ") + std::strerror(errno));
  auto pid = Spawn(command, options, err_pipe[1]);
  close(err_pipe[1]);
  if (!pid.ok()) {
    close(err_pipe[0]);
    return pid.status();
  }
  Watch watch(*pid, err_pipe[0], options);
  CommandRun run = watch.Run();
  close(err_pipe[0]);
  return run;
}

std::string LastLines(const std::string& text, size_t lines) {
  std::vector<std::string> found;
  size_t end = text.size();
  while (end > 0 && found.size() < lines) {
    size_t start = text.rfind('\n', end - 1);
    start = start == std::string::npos ? 0 : start + 1;
    std::string line = text.substr(start, end - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
      line.pop_back();
    if (!line.empty())
      found.insert(found.begin(), line);
    end = start == 0 ? 0 : start - 1;
  }
  std::string joined;
  for (const std::string& line : found)
    joined += (joined.empty() ? "" : " | ") + line;
  return joined.size() > 500 ? "…" + joined.substr(joined.size() - 500) : joined;
}

}  // namespace stepshift::deploy
