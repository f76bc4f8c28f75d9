// Lambda inside the local engine: its model on its own SQLite connection, the invoker with its
// work directory, the restJson1 service, and AWS/Lambda metrics published to CloudWatch. Part of
// the composition root (local_engine.cc), which is the one place models meet.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "api/http/http_types.h"
#include "base/clock.h"
#include "base/result.h"

namespace stepshift::cloudwatch {
class CloudWatchModel;
}

namespace stepshift::asl {
class TaskRunner;
}

namespace stepshift::api {

struct LocalLambdaOptions {
  // Where the SQLite file lives; unset: in memory. Code is extracted under DIR/lambda, or under
  // a temporary directory removed at shutdown.
  std::optional<std::string> data_dir;
  int concurrency = 10;  // per function, without reserved concurrency
  Clock* clock = &SystemClock();
};

class LocalLambda {
 public:
  // `metrics` (not owned) receives AWS/Lambda metrics; it must outlive this object.
  static Result<std::unique_ptr<LocalLambda>> Open(const LocalLambdaOptions& options,
                                                   cloudwatch::CloudWatchModel* metrics);
  ~LocalLambda();

  HttpResponse Handle(const HttpRequest& request, const RequestInfo& info);
  // Holds `response` until the Lambda writes it may report are durable.
  HttpResponse WhenDurable(HttpResponse response);

  // The Task runner for Step Functions executions in serve: Lambda resources go to this Lambda
  // (lambda/tasks/lambda_task_runner.h), the rest and functions it lacks to `fallback` (may be
  // null; not owned). `region` and `account` place function names that are not ARNs.
  std::unique_ptr<asl::TaskRunner> MakeTaskRunner(asl::TaskRunner* fallback,
                                                  const std::string& region,
                                                  const std::string& account);

  struct Impl;

 private:
  explicit LocalLambda(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace stepshift::api
