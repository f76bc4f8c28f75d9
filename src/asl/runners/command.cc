#include "asl/runners/command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

namespace stepshift::asl {

namespace {

void CloseAll(int* fds, int n) {
  for (int i = 0; i < n; ++i) {
    if (fds[i] >= 0)
      close(fds[i]);
  }
}

// Runs in the forked child of a multi-threaded process: async-signal-safe calls only, so
// everything it needs (argv, the failure message) is built before the fork.
[[noreturn]] void ExecChild(char* const* args, const std::string& exec_failed, int in, int out,
                            int err) {
  dup2(in, 0);
  dup2(out, 1);
  dup2(err, 2);
  execvp(args[0], args);
  (void)!write(2, exec_failed.data(), exec_failed.size());
  _exit(127);
}

// Feeds stdin and drains stdout/stderr until both close or the deadline passes.
bool Pump(int in_fd, int out_fd, int err_fd, const std::string& input, CommandResult* r,
          std::optional<std::chrono::steady_clock::time_point> deadline) {
  size_t written = 0;
  if (input.empty()) {
    close(in_fd);
    in_fd = -1;
  }
  char buf[65536];
  while (out_fd >= 0 || err_fd >= 0) {
    pollfd fds[3];
    int n = 0;
    if (in_fd >= 0)
      fds[n++] = {in_fd, POLLOUT, 0};
    if (out_fd >= 0)
      fds[n++] = {out_fd, POLLIN, 0};
    if (err_fd >= 0)
      fds[n++] = {err_fd, POLLIN, 0};
    int timeout_ms = -1;
    if (deadline) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          *deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        int open_fds[3] = {in_fd, out_fd, err_fd};
        CloseAll(open_fds, 3);
        return false;
      }
      timeout_ms = static_cast<int>(left.count());
    }
    if (poll(fds, n, timeout_ms) < 0 && errno != EINTR)
      return true;
    for (int i = 0; i < n; ++i) {
      if (fds[i].revents == 0)
        continue;
      if (fds[i].fd == in_fd) {
        ssize_t w = write(in_fd, input.data() + written, input.size() - written);
        if (w > 0)
          written += static_cast<size_t>(w);
        if (w < 0 || written == input.size()) {
          close(in_fd);
          in_fd = -1;
        }
        continue;
      }
      ssize_t got = read(fds[i].fd, buf, sizeof buf);
      std::string* sink = fds[i].fd == out_fd ? &r->out : &r->err;
      if (got > 0) {
        sink->append(buf, static_cast<size_t>(got));
      } else {
        close(fds[i].fd);
        (fds[i].fd == out_fd ? out_fd : err_fd) = -1;
      }
    }
  }
  if (in_fd >= 0)
    close(in_fd);
  return true;
}

}  // namespace

Result<CommandResult> RunCommand(const std::vector<std::string>& argv,
                                 const std::string& stdin_data,
                                 std::optional<double> timeout_seconds, CancelToken* cancel) {
  if (argv.empty())
    return Status::InvalidArgument("empty command");
  std::vector<char*> args;
  for (const std::string& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::string exec_failed = "exec " + argv[0] + ": command not found or not executable\n";
  // With a time limit or a canceller the command gets its own process group, so that killing it
  // kills what it started too (`sh -c "sleep 30"` forks); otherwise it stays in ours and sees
  // Ctrl-C.
  bool own_group = timeout_seconds || cancel != nullptr;
  int in[2], out[2], err[2];
  if (pipe(in) != 0 || pipe(out) != 0 || pipe(err) != 0) {
    return Status::Internal(std::string("pipe: ") + std::strerror(errno));
  }
  signal(SIGPIPE, SIG_IGN);
  pid_t pid = fork();
  if (pid < 0) {
    int fds[6] = {in[0], in[1], out[0], out[1], err[0], err[1]};
    CloseAll(fds, 6);
    return Status::Internal(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    close(in[1]);
    close(out[0]);
    close(err[0]);
    if (own_group)
      setpgid(0, 0);
    ExecChild(args.data(), exec_failed, in[0], out[1], err[1]);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  if (own_group)
    setpgid(pid, pid);  // also here, so that a kill right away finds the group
  if (cancel != nullptr)
    cancel->OnCancel([pid] { kill(-pid, SIGKILL); });
  CommandResult r;
  std::optional<std::chrono::steady_clock::time_point> deadline;
  if (timeout_seconds) {
    deadline = std::chrono::steady_clock::now() +
               std::chrono::milliseconds(static_cast<int64_t>(*timeout_seconds * 1000));
  }
  if (!Pump(in[1], out[0], err[0], stdin_data, &r, deadline)) {
    kill(-pid, SIGKILL);
    r.timed_out = true;
  }
  if (cancel != nullptr)
    cancel->OnCancel(nullptr);  // before reaping: the group id stays ours until then
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = r.timed_out ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

}  // namespace stepshift::asl
