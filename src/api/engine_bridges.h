// What the composition root plugs into the execution engine: where its AWS/States metrics go
// (serve's own CloudWatch) and what runs its Task states.
#pragma once

#include <memory>

#include "asl/runners/functions_runner.h"
#include "asl/task_runner.h"
#include "cloudwatch/cloudwatch_model.h"
#include "engine/execution_metrics.h"

namespace stepshift::api {

// Publishes into the CloudWatch model, as AWS publishes into the account's CloudWatch.
class CloudWatchMetricsSink : public engine::MetricsSink {
 public:
  // Does not own `model`, which must outlive the sink.
  explicit CloudWatchMetricsSink(cloudwatch::CloudWatchModel* model) : model_(model) {}

  void Publish(std::vector<engine::MetricPoint> points) override;

 private:
  cloudwatch::CloudWatchModel* model_;
};

// Task states in serve: the `--functions` file's entries, and for everything it does not map,
// the failure AWS gives for a missing function. Thread-safe (the functions runner is).
class ServeTaskRunner : public asl::TaskRunner {
 public:
  // `functions` may be null: no file.
  explicit ServeTaskRunner(std::shared_ptr<asl::FunctionsRunner> functions)
      : functions_(std::move(functions)) {}

  asl::TaskOutcome Run(const asl::TaskRequest& request) override;

 private:
  std::shared_ptr<asl::FunctionsRunner> functions_;
};

}  // namespace stepshift::api
