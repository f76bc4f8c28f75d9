#include "api/local_engine.h"

#include <filesystem>
#include <system_error>

#include "api/cloudwatch/cloudwatch_api.h"
#include "api/durable.h"
#include "api/engine_bridges.h"
#include "api/http/aws_json.h"
#include "api/local_lambda.h"
#include "api/route53/route53_api.h"
#include "api/route53/route53_xml.h"
#include "api/router.h"
#include "api/sfn/sfn_service.h"
#include "base/status_macros.h"
#include "cloudwatch/alarm_scheduler.h"
#include "cloudwatch/cloudwatch_model.h"
#include "engine/control_plane.h"
#include "engine/executions.h"
#include "route53/route53_model.h"
#include "store/database.h"
#include "store/dir_lock.h"

namespace stepshift::api {

namespace {

// Creates the data directory and locks it: one server per directory (store/dir_lock.h).
Result<std::unique_ptr<store::DirectoryLock>> LockDataDir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return Status::Unavailable("cannot create data directory " + dir + ": " + ec.message());
  }
  return store::DirectoryLock::Acquire(dir);
}

// Each model gets its own connection: a Database is single-threaded, and WAL lets the
// connections of one file work side by side. In memory, each is a private database. Executions
// have a file of their own (executions.db), so that their stream of writes never waits for the
// other models' commits, nor they for it.
Result<std::unique_ptr<store::Database>> OpenDatabase(const std::optional<std::string>& dir,
                                                      const char* file = "stepshift.db") {
  if (!dir) {
    return store::Database::Open(":memory:");
  }
  return store::Database::Open((std::filesystem::path(*dir) / file).string());
}

}  // namespace

// Members in dependency order: each is destroyed before what it uses.
struct LocalEngine::Impl {
  std::unique_ptr<store::DirectoryLock> lock;  // released last
  std::unique_ptr<store::Database> sfn_db;
  std::unique_ptr<store::Database> cloudwatch_db;
  std::unique_ptr<store::Database> executions_db;
  std::unique_ptr<store::Database> executions_reader;  // files only: closed histories
  std::unique_ptr<engine::ControlPlane> control_plane;
  std::unique_ptr<cloudwatch::CloudWatchModel> cloudwatch;
  std::unique_ptr<CloudWatchMetricsSink> metrics;
  std::unique_ptr<ServeTaskRunner> tasks;
  std::unique_ptr<LocalLambda> lambda;
  std::unique_ptr<asl::TaskRunner> lambda_tasks;  // serve's Lambda first, then `tasks`
  std::unique_ptr<engine::Executions> executions;
  std::unique_ptr<cloudwatch::AlarmScheduler> scheduler;
  std::unique_ptr<SfnService> sfn_api;
  std::unique_ptr<CloudWatchApi> cloudwatch_api;
  std::unique_ptr<store::Database> route53_db;
  std::unique_ptr<route53::Route53Model> route53;
  std::unique_ptr<Route53Api> route53_api;
  std::unique_ptr<Router> router;

  // Holds `response` until nothing it may report can be lost (api/durable.h): the executions'
  // writes and the control plane's.
  HttpResponse WhenDurable(HttpResponse response) {
    auto failed = [](const Status& status) {
      return JsonError("InternalFailure", status.message(), 500);
    };
    return api::WhenDurable(control_plane.get(),
                            api::WhenDurable(executions.get(), std::move(response), failed),
                            failed);
  }

  Services MakeServices() {
    Services services;
    services.sfn = [this](std::string_view op, const HttpRequest& r, const RequestInfo& info) {
      return sfn_api->Handle(op, r, info);
    };
    services.json = [this](std::string_view target, const HttpRequest& r, const RequestInfo& info) {
      return cloudwatch_api->HandleJson(target, r, info);
    };
    services.cbor = [this](std::string_view op, const HttpRequest& r, const RequestInfo& info) {
      return cloudwatch_api->HandleCbor(op, r, info);
    };
    services.query = [this](std::string_view, const HttpRequest& r, const RequestInfo& info) {
      return cloudwatch_api->HandleQuery(r, info);
    };
    services.lambda = [this](std::string_view, const HttpRequest& r, const RequestInfo& info) {
      return lambda->WhenDurable(lambda->Handle(r, info));
    };
    services.route53 = [this](std::string_view, const HttpRequest& r, const RequestInfo& info) {
      return api::WhenDurable(
          route53.get(), route53_api->Handle(r, info),
          [id = info.request_id](const Status& status) { return route53_xml::Error(status, id); });
    };
    return services;
  }
};

LocalEngine::LocalEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

LocalEngine::~LocalEngine() {
  if (impl_->scheduler) {
    impl_->scheduler->Stop();
  }
}

Result<std::unique_ptr<LocalEngine>> LocalEngine::Open(const LocalEngineOptions& options) {
  auto impl = std::make_unique<Impl>();
  if (options.data_dir) {
    ASSIGN_OR_RETURN(impl->lock, LockDataDir(*options.data_dir));
  }
  ASSIGN_OR_RETURN(impl->sfn_db, OpenDatabase(options.data_dir));
  ASSIGN_OR_RETURN(impl->cloudwatch_db, OpenDatabase(options.data_dir));
  ASSIGN_OR_RETURN(impl->control_plane,
                   engine::ControlPlane::Open(impl->sfn_db.get(), options.clock));
  ASSIGN_OR_RETURN(impl->cloudwatch,
                   cloudwatch::CloudWatchModel::Open(impl->cloudwatch_db.get(), options.clock,
                                                     {.retention = options.metric_retention}));
  ASSIGN_OR_RETURN(impl->executions_db, OpenDatabase(options.data_dir, "executions.db"));
  if (options.data_dir) {
    ASSIGN_OR_RETURN(impl->executions_reader,
                     store::Database::OpenReader(
                         (std::filesystem::path(*options.data_dir) / "executions.db").string()));
  }
  impl->metrics = std::make_unique<CloudWatchMetricsSink>(impl->cloudwatch.get());
  impl->tasks = std::make_unique<ServeTaskRunner>(options.functions);
  ASSIGN_OR_RETURN(impl->lambda, LocalLambda::Open({.data_dir = options.data_dir,
                                                    .concurrency = options.lambda_concurrency,
                                                    .clock = options.clock},
                                                   impl->cloudwatch.get()));
  impl->lambda_tasks =
      impl->lambda->MakeTaskRunner(impl->tasks.get(), options.region, options.account);
  engine::ExecutionsOptions runs;
  runs.clock = options.clock;
  runs.tasks = impl->lambda_tasks.get();
  runs.metrics = impl->metrics.get();
  runs.seed = options.seed;
  runs.retention = options.execution_retention;
  runs.reader = impl->executions_reader.get();
  ASSIGN_OR_RETURN(impl->executions, engine::Executions::Open(impl->executions_db.get(),
                                                              impl->control_plane.get(), runs));
  impl->sfn_api = std::make_unique<SfnService>(impl->control_plane.get(), impl->executions.get());
  impl->cloudwatch_api = std::make_unique<CloudWatchApi>(impl->cloudwatch.get());
  ASSIGN_OR_RETURN(impl->route53_db, OpenDatabase(options.data_dir));
  ASSIGN_OR_RETURN(impl->route53, route53::Route53Model::Open(impl->route53_db.get(), options.clock,
                                                              {options.route53_propagation}));
  impl->route53_api = std::make_unique<Route53Api>(impl->route53.get());
  RouterOptions router{options.region, options.account, options.guard,
                       VerifierOptions{options.credentials, options.clock}};
  impl->router = std::make_unique<Router>(std::move(router), impl->MakeServices());
  if (options.evaluate_alarms) {
    impl->scheduler = std::make_unique<cloudwatch::AlarmScheduler>(impl->cloudwatch.get());
    impl->scheduler->Start();
  }
  return std::unique_ptr<LocalEngine>(new LocalEngine(std::move(impl)));
}

HttpResponse LocalEngine::Handle(const HttpRequest& request) const {
  return impl_->WhenDurable(impl_->router->Handle(request));
}

}  // namespace stepshift::api
