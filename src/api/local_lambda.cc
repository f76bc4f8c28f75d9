#include "api/local_lambda.h"

#include <stdlib.h>

#include <filesystem>

#include "api/durable.h"
#include "api/lambda/lambda_api.h"
#include "api/lambda/lambda_wire.h"
#include "base/status_macros.h"
#include "cloudwatch/cloudwatch_model.h"
#include "lambda/lambda_model.h"
#include "lambda/runtime/invoker.h"
#include "lambda/tasks/lambda_task_runner.h"
#include "store/database.h"

namespace stepshift::api {

namespace {

Result<std::string> WorkDirectory(const std::optional<std::string>& data_dir, bool* temporary) {
  if (data_dir) {
    *temporary = false;
    return (std::filesystem::path(*data_dir) / "lambda").string();
  }
  std::string pattern =
      (std::filesystem::temp_directory_path() / "stepshift-lambda-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return Status::Unavailable("cannot create a temporary directory for Lambda code");
  }
  *temporary = true;
  return pattern;
}

// AWS/Lambda metrics of one invocation, by FunctionName; by FunctionName and Resource when a
// qualifier was given; and by those and ExecutedVersion when it was an alias.
cloudwatch::PutMetricDataRequest MetricsOf(const lambdas::InvokeTarget& target,
                                           const lambdas::InvocationResult& result, Time now) {
  std::vector<std::vector<cloudwatch::Dimension>> sets = {{{"FunctionName", target.function_name}}};
  if (target.resource != target.function_name) {
    sets.push_back({{"FunctionName", target.function_name}, {"Resource", target.resource}});
  }
  if (target.via_alias) {
    sets.push_back({{"FunctionName", target.function_name},
                    {"Resource", target.resource},
                    {"ExecutedVersion", target.executed_version}});
  }
  bool throttled = result.status.kind() == "TooManyRequestsException";
  cloudwatch::PutMetricDataRequest request;
  request.namespace_name = "AWS/Lambda";
  request.allow_reserved_namespace = true;
  auto add = [&](const char* name, double value, const char* unit) {
    for (const auto& dims : sets) {
      cloudwatch::MetricDatum datum;
      datum.metric_name = name;
      datum.dimensions = dims;
      datum.timestamp = now;
      datum.value = value;
      datum.unit = unit;
      request.metric_data.push_back(std::move(datum));
    }
  };
  if (throttled) {
    add("Throttles", 1, "Count");
  } else if (result.status.ok()) {
    add("Invocations", 1, "Count");
    add("Errors", result.function_error ? 1 : 0, "Count");
    add("Duration", result.duration_ms, "Milliseconds");
  }
  return request;
}

}  // namespace

// Members in dependency order: each is destroyed before what it uses.
struct LocalLambda::Impl {
  std::string work_dir;
  bool temporary = false;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<lambdas::LambdaModel> model;
  std::unique_ptr<lambdas::Invoker> invoker;
  std::unique_ptr<LambdaApi> api;
};

LocalLambda::LocalLambda(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

LocalLambda::~LocalLambda() {
  impl_->api.reset();
  impl_->invoker.reset();  // kills the handler processes
  if (impl_->temporary) {
    std::error_code ec;
    std::filesystem::remove_all(impl_->work_dir, ec);
  }
}

Result<std::unique_ptr<LocalLambda>> LocalLambda::Open(const LocalLambdaOptions& options,
                                                       cloudwatch::CloudWatchModel* metrics) {
  auto impl = std::make_unique<Impl>();
  ASSIGN_OR_RETURN(impl->work_dir, WorkDirectory(options.data_dir, &impl->temporary));
  std::string db_path = options.data_dir
                            ? (std::filesystem::path(*options.data_dir) / "stepshift.db").string()
                            : ":memory:";
  ASSIGN_OR_RETURN(impl->db, store::Database::Open(db_path));
  ASSIGN_OR_RETURN(impl->model, lambdas::LambdaModel::Open(impl->db.get(), options.clock));
  lambdas::InvokerOptions invoker_options;
  invoker_options.work_dir = impl->work_dir;
  invoker_options.default_concurrency = options.concurrency;
  lambdas::LambdaModel* model = impl->model.get();
  ASSIGN_OR_RETURN(impl->invoker,
                   lambdas::Invoker::Create(invoker_options, [model](const std::string& sha) {
                     return model->Code(sha);
                   }));
  lambdas::Invoker* invoker = impl->invoker.get();
  model->SetRetireHook([invoker](const std::string& arn) { invoker->Retire(arn); });
  Clock* clock = options.clock;
  invoker->SetMetricsSink([metrics, clock](const lambdas::InvokeTarget& target,
                                           const lambdas::InvocationResult& result) {
    // Metrics are best effort, as CloudWatch's own delivery is: a failure costs no invocation.
    (void)metrics->PutMetricData(MetricsOf(target, result, clock->Now()));
  });
  impl->api = std::make_unique<LambdaApi>(model, invoker);
  return std::unique_ptr<LocalLambda>(new LocalLambda(std::move(impl)));
}

HttpResponse LocalLambda::Handle(const HttpRequest& request, const RequestInfo& info) {
  return impl_->api->Handle(request, info);
}

std::unique_ptr<asl::TaskRunner> LocalLambda::MakeTaskRunner(asl::TaskRunner* fallback,
                                                             const std::string& region,
                                                             const std::string& account) {
  lambdas::CallContext ctx;
  ctx.region = region;
  ctx.account = account;
  return std::make_unique<lambdas::LambdaTaskRunner>(impl_->model.get(), impl_->invoker.get(),
                                                     fallback, ctx);
}

HttpResponse LocalLambda::WhenDurable(HttpResponse response) {
  return api::WhenDurable(impl_->model.get(), std::move(response),
                          [](const Status& status) { return lambda_wire::Error(status); });
}

}  // namespace stepshift::api
