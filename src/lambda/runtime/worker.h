// One execution environment: a handler process (python3 or node running a bootstrap) that talks
// to Lambda's Runtime API on its own loopback port, served by this worker's thread. A job is one
// invocation: the worker answers the runtime's GET .../invocation/next with the event and waits
// for .../response or .../error, the deadline, or the process's death, capturing what it writes.
// Thread-safety: Submit may be called from any thread, one job at a time.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/result.h"
#include "lambda/runtime/runtime_http.h"

namespace stepshift::lambdas::internal {

using Steady = std::chrono::steady_clock;

struct WorkerSpec {
  std::vector<std::string> argv;  // argv[0] is looked up on PATH
  std::vector<std::string> env;   // "NAME=value"; AWS_LAMBDA_RUNTIME_API is added
  std::string cwd;
  // How long the runtime may take to start and ask for its first event.
  std::chrono::milliseconds init_timeout{10'000};
};

struct Job {
  std::string request_id;
  std::string payload;
  std::string invoked_arn;
  std::string client_context;  // base64, as X-Amz-Client-Context; may be empty
  std::chrono::milliseconds timeout{3000};
};

enum class JobOutcome { kSuccess, kFunctionError, kTimeout, kExited };

struct JobResult {
  JobOutcome outcome = JobOutcome::kSuccess;
  std::string payload;  // the response, or the error document
  std::string log;      // what the process wrote during the job
  double duration_ms = 0;
  double init_ms = 0;     // > 0 on the job that started the environment
  bool reusable = false;  // the environment may take another job
};

class Worker {
 public:
  // Binds the Runtime API port and spawns the process. Unavailable when either fails.
  static Result<std::unique_ptr<Worker>> Start(const WorkerSpec& spec);
  // Stops the thread (after any running job), kills the process group and reaps it.
  ~Worker();

  // Runs `job` on the worker's thread, which calls `done` when it ends.
  void Submit(Job job, std::function<void(JobResult)> done);

 private:
  Worker() = default;
  void Loop();
  JobResult Execute(const Job& job);
  // One poll round until `deadline`; returns false when it passed. Reads logs, accepts and
  // reads the connection, and notices the process's exit.
  bool PollOnce(Steady::time_point deadline, std::string* log);
  void Reply(int status, std::string_view body, std::map<std::string, std::string> headers = {});
  // Answers one Runtime API request during `job`; true when it ended the job.
  bool Handle(const RuntimeRequest& request, const Job& job, JobResult* result);
  void SendEvent(const Job& job);
  std::string ExitDescription();

  pid_t pid_ = -1;
  int listen_fd_ = -1;
  int conn_fd_ = -1;
  int log_fd_ = -1;
  int pid_fd_ = -1;
  bool exited_ = false;
  int exit_status_ = 0;
  bool initialized_ = false;
  bool event_sent_ = false;
  Steady::time_point sent_at_;
  Steady::time_point started_;
  std::chrono::milliseconds init_timeout_{10'000};
  RequestBuffer buffer_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::optional<Job> job_;
  std::function<void(JobResult)> done_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace stepshift::lambdas::internal
