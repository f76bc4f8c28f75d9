#include "lambda/runtime/invoker.h"

#include <cmath>
#include <filesystem>
#include <fstream>

#include "base/status_macros.h"
#include "lambda/errors.h"
#include "lambda/function_config.h"
#include "lambda/runtime/bootstraps.h"
#include "lambda/runtime/environment.h"
#include "lambda/runtime/worker.h"
#include "lambda/zip.h"

namespace stepshift::lambdas {

using internal::JobOutcome;
using internal::JobResult;
using internal::Worker;

namespace {

Status WriteFile(const std::string& path, std::string_view text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.close();
  return out ? Status::Ok() : Status::Unavailable("cannot write " + path);
}

std::string Millis(double ms) {
  char buf[32];
  snprintf(buf, sizeof buf, "%.2f", ms);
  return buf;
}

// The log as Lambda frames each invocation's lines.
std::string FrameLog(const Invocation& invocation, const JobResult& job) {
  const std::string& id = invocation.request_id;
  std::string log =
      "START RequestId: " + id + " Version: " + invocation.target.executed_version + "\n" + job.log;
  if (!log.empty() && log.back() != '\n') {
    log += '\n';
  }
  if (job.outcome == JobOutcome::kTimeout) {
    log += FormatIso8601(SystemClock().Now()) + " " + id + " Task timed out after " +
           Millis(job.duration_ms / 1000) + " seconds\n";
  }
  const json::Value* memory = json::Find(invocation.target.config, "MemorySize");
  log += "END RequestId: " + id + "\nREPORT RequestId: " + id +
         "\tDuration: " + Millis(job.duration_ms) + " ms\tBilled Duration: " +
         std::to_string(int64_t(std::ceil(job.duration_ms + job.init_ms))) +
         " ms\tMemory Size: " + (memory ? json::Serialize(*memory) : "128") + " MB\t";
  if (job.init_ms > 0) {
    log += "Init Duration: " + Millis(job.init_ms) + " ms\t";
  }
  return log + "\n";
}

}  // namespace

Invoker::Invoker(InvokerOptions options, CodeSource code)
    : options_(std::move(options)), code_(std::move(code)) {}

Result<std::unique_ptr<Invoker>> Invoker::Create(InvokerOptions options, CodeSource code) {
  std::error_code ec;
  std::filesystem::create_directories(options.work_dir + "/runtime", ec);
  std::filesystem::create_directories(options.work_dir + "/code", ec);
  if (ec) {
    return Status::Unavailable("cannot create " + options.work_dir + ": " + ec.message());
  }
  RETURN_IF_ERROR(
      WriteFile(options.work_dir + "/runtime/bootstrap.py", internal::kPythonBootstrap));
  RETURN_IF_ERROR(WriteFile(options.work_dir + "/runtime/bootstrap.js", internal::kNodeBootstrap));
  return std::unique_ptr<Invoker>(new Invoker(std::move(options), std::move(code)));
}

Invoker::~Invoker() {
  std::unique_lock lock(mu_);
  for (auto& [key, workers] : idle_) {
    for (auto& w : workers) {
      graveyard_.push_back(std::move(w));
    }
  }
  idle_.clear();
  for (auto& [raw, w] : busy_) {
    graveyard_.push_back(std::move(w));
  }
  busy_.clear();
  for (auto& [arn, state] : functions_) {
    state.queue.clear();
  }
  std::vector<std::unique_ptr<Worker>> dead = std::move(graveyard_);
  lock.unlock();
  dead.clear();  // joins threads after their current jobs, kills the processes
}

void Invoker::ReapGraveyard() {
  std::vector<std::unique_ptr<Worker>> dead;
  {
    std::lock_guard lock(mu_);
    dead.swap(graveyard_);
  }
}

void Invoker::Retire(const std::string& function_arn) {
  std::vector<std::unique_ptr<Worker>> dead;
  {
    std::lock_guard lock(mu_);
    functions_[function_arn].generation++;
    for (auto it = idle_.begin(); it != idle_.end();) {
      // Pool keys are configurations, which start with the version's FunctionArn member.
      if (it->first.find("\"" + function_arn) != std::string::npos) {
        for (auto& w : it->second) {
          dead.push_back(std::move(w));
        }
        it = idle_.erase(it);
      } else {
        ++it;
      }
    }
  }
}

Result<std::string> Invoker::CodeDirectory(const std::string& sha256) {
  std::string dir = options_.work_dir + "/code/" + internal::CodeDirName(sha256);
  std::lock_guard lock(extract_mu_);
  if (extracted_.count(sha256)) {
    return dir;
  }
  ASSIGN_OR_RETURN(std::shared_ptr<const std::string> zip, code_(sha256));
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  RETURN_IF_ERROR(ExtractZip(*zip, dir));
  extracted_.insert(sha256);
  return dir;
}

void Invoker::Invoke(Invocation invocation, std::function<void(InvocationResult)> done) {
  ReapGraveyard();
  std::unique_lock lock(mu_);
  FunctionState& state = functions_[invocation.target.function_arn];
  const auto& reserved = invocation.target.reserved_concurrency;
  int limit = reserved ? int(*reserved) : options_.default_concurrency;
  if (state.in_flight >= limit) {
    if (invocation.queue_when_busy && limit > 0) {
      state.queue.push_back({std::move(invocation), std::move(done)});
      return;
    }
    lock.unlock();
    InvocationResult result;
    result.status =
        LambdaError(StatusCode::kUnavailable, "TooManyRequestsException", "Rate Exceeded.");
    result.throttle_reason = reserved ? "ReservedFunctionConcurrentInvocationLimitExceeded"
                                      : "ConcurrentInvocationLimitExceeded";
    Deliver({std::move(invocation), std::move(done)}, std::move(result));
    return;
  }
  state.in_flight++;
  Start(lock, {std::move(invocation), std::move(done)});
}

void Invoker::Start(std::unique_lock<std::mutex>& lock, Pending pending) {
  const InvokeTarget& target = pending.invocation.target;
  std::string key = internal::PoolKey(target);
  uint64_t generation = functions_[target.function_arn].generation;
  std::unique_ptr<Worker> worker;
  if (auto it = idle_.find(key); it != idle_.end() && !it->second.empty()) {
    worker = std::move(it->second.back());
    it->second.pop_back();
  }
  lock.unlock();
  if (!worker) {
    Result<std::string> dir = CodeDirectory(internal::Member(target.config, "CodeSha256"));
    Result<internal::WorkerSpec> spec = dir.ok() ? internal::EnvironmentFor(target, options_, *dir)
                                                 : Result<internal::WorkerSpec>(dir.status());
    Result<std::unique_ptr<Worker>> started =
        spec.ok() ? Worker::Start(*spec) : Result<std::unique_ptr<Worker>>(spec.status());
    if (!started.ok()) {
      FailStart(std::move(pending), started.status());
      return;
    }
    worker = std::move(started).value();
  }
  Worker* raw = worker.get();
  internal::Job job;
  job.request_id = pending.invocation.request_id;
  job.payload = pending.invocation.payload;
  job.invoked_arn = target.invoked_arn;
  job.client_context = pending.invocation.client_context;
  const json::Value* timeout = json::Find(target.config, "Timeout");
  job.timeout = std::chrono::seconds(timeout && timeout->is_int64() ? timeout->get_int64() : 3);
  lock.lock();
  busy_[raw] = std::move(worker);
  lock.unlock();
  auto shared = std::make_shared<Pending>(std::move(pending));
  raw->Submit(std::move(job), [this, raw, key, generation, shared](JobResult result) {
    Finish(raw, key, generation, std::move(*shared), std::move(result));
  });
}

void Invoker::Finish(Worker* worker, const std::string& key, uint64_t generation, Pending pending,
                     JobResult job) {
  InvocationResult result;
  result.payload = job.payload;
  result.duration_ms = job.duration_ms;
  result.init_ms = job.init_ms;
  if (job.outcome != JobOutcome::kSuccess) {
    result.function_error = "Unhandled";
  }
  result.log = FrameLog(pending.invocation, job);
  std::unique_lock lock(mu_);
  FunctionState& state = functions_[pending.invocation.target.function_arn];
  state.in_flight--;
  std::unique_ptr<Worker> owned = std::move(busy_[worker]);
  busy_.erase(worker);
  bool keep = owned && job.reusable && generation == state.generation;
  (keep ? idle_[key] : graveyard_).push_back(std::move(owned));
  std::optional<Pending> next;
  if (!state.queue.empty()) {
    next = std::move(state.queue.front());
    state.queue.pop_front();
    state.in_flight++;
  }
  if (next) {
    Start(lock, std::move(*next));
  } else {
    lock.unlock();
  }
  Deliver(pending, std::move(result));
}

void Invoker::FailStart(Pending pending, const Status& status) {
  InvocationResult result;
  result.status = status.kind().empty() ? LambdaError(StatusCode::kInternal, "ServiceException",
                                                      "The execution environment could not be "
                                                      "started: " +
                                                          status.message())
                                        : status;
  {
    std::lock_guard lock(mu_);
    functions_[pending.invocation.target.function_arn].in_flight--;
  }
  Deliver(pending, std::move(result));
}

void Invoker::Deliver(const Pending& pending, InvocationResult result) {
  if (metrics_) {
    metrics_(pending.invocation.target, result);
  }
  pending.done(std::move(result));
}

}  // namespace stepshift::lambdas
