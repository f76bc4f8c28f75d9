#include "lambda/runtime/worker.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/clock.h"

extern char** environ;

namespace stepshift::lambdas::internal {

namespace {

int ListenLoopback(uint16_t* port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(fd, 4) != 0 || getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) {
      close(fd);
    }
    return -1;
  }
  *port = ntohs(addr.sin_port);
  return fd;
}

pid_t Spawn(const WorkerSpec& spec, uint16_t port, int log_write) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, log_write, 1);
  posix_spawn_file_actions_adddup2(&actions, log_write, 2);
  posix_spawn_file_actions_addchdir_np(&actions, spec.cwd.c_str());
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Its own process group, so a timeout kills whatever the handler started too; and the
  // default signal mask, not the server's (which blocks SIGINT/SIGTERM for its sigwait).
  sigset_t empty;
  sigemptyset(&empty);
  posix_spawnattr_setsigmask(&attr, &empty);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
  std::vector<std::string> env = spec.env;
  env.push_back("AWS_LAMBDA_RUNTIME_API=127.0.0.1:" + std::to_string(port));
  std::vector<char*> argv, envp;
  for (const std::string& a : spec.argv) {
    argv.push_back(const_cast<char*>(a.c_str()));
  }
  for (const std::string& e : env) {
    envp.push_back(const_cast<char*>(e.c_str()));
  }
  argv.push_back(nullptr);
  envp.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  return rc == 0 ? pid : -1;
}

}  // namespace

Result<std::unique_ptr<Worker>> Worker::Start(const WorkerSpec& spec) {
  std::unique_ptr<Worker> w(new Worker());
  uint16_t port = 0;
  w->listen_fd_ = ListenLoopback(&port);
  int pipe_fds[2];
  if (w->listen_fd_ < 0 || pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return Status::Unavailable("cannot open the Runtime API socket: " +
                               std::string(strerror(errno)));
  }
  w->log_fd_ = pipe_fds[0];
  fcntl(w->log_fd_, F_SETFL, O_NONBLOCK);
  w->started_ = Steady::now();
  w->init_timeout_ = spec.init_timeout;
  w->pid_ = Spawn(spec, port, pipe_fds[1]);
  close(pipe_fds[1]);
  if (w->pid_ < 0) {
    return Status::Unavailable("cannot start " + spec.argv[0]);
  }
  w->pid_fd_ = int(syscall(SYS_pidfd_open, w->pid_, 0));
  w->thread_ = std::thread([raw = w.get()] { raw->Loop(); });
  return w;
}

Worker::~Worker() {
  // Killing first ends a running job at once (as an exit) instead of at its deadline.
  if (pid_ > 0) {
    kill(-pid_, SIGKILL);
  }
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
  if (pid_ > 0 && !exited_) {
    waitpid(pid_, nullptr, 0);
  }
  for (int fd : {listen_fd_, conn_fd_, log_fd_, pid_fd_}) {
    if (fd >= 0) {
      close(fd);
    }
  }
}

void Worker::Submit(Job job, std::function<void(JobResult)> done) {
  {
    std::lock_guard lock(mu_);
    job_ = std::move(job);
    done_ = std::move(done);
  }
  cv_.notify_all();
}

void Worker::Loop() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [this] { return stop_ || job_; });
    if (stop_) {
      return;
    }
    Job job = std::move(*job_);
    job_.reset();
    auto done = std::move(done_);
    lock.unlock();
    JobResult result = Execute(job);
    done(std::move(result));
    lock.lock();
  }
}

void Worker::Reply(int status, std::string_view body, std::map<std::string, std::string> headers) {
  headers["Content-Type"] = "application/json";
  std::string out = FormatResponse(status, headers, body);
  for (size_t sent = 0; sent < out.size();) {
    ssize_t n = send(conn_fd_, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      return;  // the process went away; PollOnce notices
    }
    sent += size_t(n);
  }
}

std::string Worker::ExitDescription() {
  if (WIFSIGNALED(exit_status_)) {
    int sig = WTERMSIG(exit_status_);
    return sig == SIGKILL ? "signal: killed" : "signal: " + std::string(strsignal(sig));
  }
  return "exit status " + std::to_string(WEXITSTATUS(exit_status_));
}

bool Worker::PollOnce(Steady::time_point deadline, std::string* log) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Steady::now());
  if (left.count() <= 0) {
    return false;
  }
  // Without a pidfd (old kernels) the exit is noticed by polling waitpid every 50 ms.
  int wait_ms = int(pid_fd_ >= 0 ? left.count() : std::min<int64_t>(left.count(), 50));
  pollfd fds[4] = {{log_fd_, POLLIN, 0},
                   {conn_fd_ >= 0 ? conn_fd_ : listen_fd_, POLLIN, 0},
                   {pid_fd_, POLLIN, 0},
                   {conn_fd_ >= 0 ? listen_fd_ : -1, POLLIN, 0}};
  poll(fds, 4, wait_ms);
  char chunk[16384];
  for (ssize_t n; (n = read(log_fd_, chunk, sizeof chunk)) > 0;) {
    log->append(chunk, size_t(n));
  }
  bool accept_now = conn_fd_ < 0 ? (fds[1].revents & POLLIN) : (fds[3].revents & POLLIN);
  if (accept_now) {
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0) {
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      if (conn_fd_ >= 0) {
        close(conn_fd_);  // the runtime reconnected; the old connection is done
      }
      conn_fd_ = fd;
      buffer_ = RequestBuffer();
    }
  } else if (conn_fd_ >= 0 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
    ssize_t n = recv(conn_fd_, chunk, sizeof chunk, 0);
    if (n > 0) {
      buffer_.Append(std::string_view(chunk, size_t(n)));
    } else {
      close(conn_fd_);
      conn_fd_ = -1;
    }
  }
  if (!exited_ && (pid_fd_ < 0 || (fds[2].revents & POLLIN)) &&
      waitpid(pid_, &exit_status_, WNOHANG) == pid_) {
    exited_ = true;
  }
  return true;
}

}  // namespace stepshift::lambdas::internal
