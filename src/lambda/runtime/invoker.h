// Runs invocations in warm execution environments: one pool of workers per function version and
// configuration, a concurrency limit per function (reserved concurrency, else the server's
// default), throttling or queueing past it, and START/END/REPORT-framed logs as Lambda writes
// them. Invoke never blocks on a handler: the result arrives on a worker's thread.
// Thread-safety: all methods may be called from any thread except a worker's own.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "lambda/lambda_model.h"

namespace stepshift::lambdas {

namespace internal {
class Worker;
struct JobResult;
}  // namespace internal

struct InvokerOptions {
  // Code is extracted under WORK_DIR/code, the bootstraps written to WORK_DIR/runtime.
  std::string work_dir;
  // Concurrent invocations of one function without reserved concurrency.
  int default_concurrency = 10;
  std::string python = "python3";
  std::string node = "node";
  std::chrono::milliseconds init_timeout{10'000};
};

struct Invocation {
  InvokeTarget target;
  std::string payload;
  std::string request_id;
  std::string client_context;  // base64 JSON (X-Amz-Client-Context), or empty
  // Event invocations wait for a free environment instead of being throttled, as Lambda's
  // internal queue does.
  bool queue_when_busy = false;
};

struct InvocationResult {
  // Not OK when the invocation did not run: TooManyRequestsException (with throttle_reason),
  // InvalidRuntimeException, or ServiceException when the environment could not start.
  Status status;
  std::string throttle_reason;
  std::string payload;                        // the response, or the error document
  std::optional<std::string> function_error;  // "Unhandled" when the function failed
  std::string log;                            // START ... REPORT, as Lambda logs it
  double duration_ms = 0;
  double init_ms = 0;  // > 0 on a cold start
};

using CodeSource =
    std::function<Result<std::shared_ptr<const std::string>>(const std::string& sha256)>;
using MetricsSink = std::function<void(const InvokeTarget&, const InvocationResult&)>;

class Invoker {
 public:
  // Writes the bootstraps; Unavailable when the work directory cannot be written.
  static Result<std::unique_ptr<Invoker>> Create(InvokerOptions options, CodeSource code);
  // Kills every environment (waiting for running jobs' threads to end).
  ~Invoker();

  void Invoke(Invocation invocation, std::function<void(InvocationResult)> done);
  // Warm environments of `function_arn` are not reused any more (its code or configuration
  // changed, or it was deleted).
  void Retire(const std::string& function_arn);

  // Called after every invocation, throttled ones included. Set before serving.
  void SetMetricsSink(MetricsSink sink) { metrics_ = std::move(sink); }

 private:
  struct Pending {
    Invocation invocation;
    std::function<void(InvocationResult)> done;
  };

  struct FunctionState {
    int in_flight = 0;
    uint64_t generation = 0;
    std::deque<Pending> queue;
  };

  Invoker(InvokerOptions options, CodeSource code);
  // REQUIRES: `lock` holds mu_ and the invocation is counted in_flight. Releases the lock.
  void Start(std::unique_lock<std::mutex>& lock, Pending pending);
  void Finish(internal::Worker* worker, const std::string& key, uint64_t generation,
              Pending pending, internal::JobResult job);
  // The environment could not start: the invocation ends with `status`, uncounted.
  void FailStart(Pending pending, const Status& status);
  void Deliver(const Pending& pending, InvocationResult result);
  void ReapGraveyard();
  Result<std::string> CodeDirectory(const std::string& sha256);

  InvokerOptions options_;
  CodeSource code_;
  MetricsSink metrics_;
  std::mutex mu_;
  std::unordered_map<std::string, std::vector<std::unique_ptr<internal::Worker>>> idle_;
  std::unordered_map<internal::Worker*, std::unique_ptr<internal::Worker>> busy_;
  std::unordered_map<std::string, FunctionState> functions_;
  std::vector<std::unique_ptr<internal::Worker>> graveyard_;
  std::mutex extract_mu_;
  std::set<std::string> extracted_;
};

}  // namespace stepshift::lambdas
