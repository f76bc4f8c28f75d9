// The local engine without a network: the Step Functions control plane and CloudWatch models on
// SQLite, their wire services and the router. LocalServer puts it behind HTTP; the fuzzer and
// in-process benchmarks call Handle() directly.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "api/http/http_types.h"
#include "api/request_guard.h"
#include "asl/runners/functions_runner.h"
#include "base/clock.h"
#include "base/result.h"

namespace stepshift::api {

struct LocalEngineOptions {
  // Directory of the SQLite database; created if missing. Unset: everything lives in memory.
  std::optional<std::string> data_dir;
  std::string region = "us-east-1";  // for requests without a SigV4 credential scope
  std::string account = "123456789012";
  // How long raw metric datapoints are kept.
  Duration metric_retention = std::chrono::hours(24);
  // Evaluate alarms on a background thread. Off for tests that drive a FakeClock themselves.
  bool evaluate_alarms = true;
  // Concurrent invocations of a Lambda function without reserved concurrency.
  int lambda_concurrency = 10;
  // How long a Route 53 change stays PENDING before GetChange reports INSYNC.
  Duration route53_propagation = std::chrono::seconds(3);
  // Seeds the weighted choice of a version when an execution starts through an alias.
  std::optional<uint64_t> seed;
  // Runs the Task states whose resources it maps (`serve --functions FILE`); may be null.
  std::shared_ptr<asl::FunctionsRunner> functions;
  // How long closed executions are kept.
  Duration execution_retention = std::chrono::hours(24 * 90);
  Clock* clock = &SystemClock();  // not owned
  // Admission (api/router.h): the names requests may be addressed to, and the access keys
  // (id -> secret) requests must be SigV4-signed with; none: unsigned requests are served.
  GuardOptions guard;
  std::map<std::string, std::string> credentials;
};

class LocalEngine {
 public:
  // Opens (or creates) the state. Returns FailedPrecondition when another process holds the data
  // directory, Unavailable when the database cannot be opened.
  static Result<std::unique_ptr<LocalEngine>> Open(const LocalEngineOptions& options);
  ~LocalEngine();

  // Answers one request, whatever its service and protocol. A response that reports writes not
  // yet durable, or whose answer is not known yet, comes with answer_later set. Thread-safe.
  HttpResponse Handle(const HttpRequest& request) const;

 private:
  struct Impl;
  explicit LocalEngine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace stepshift::api
