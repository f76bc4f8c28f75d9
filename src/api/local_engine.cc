#include "api/local_engine.h"

#include <filesystem>
#include <system_error>

#include "api/cloudwatch/cloudwatch_api.h"
#include "api/router.h"
#include "api/sfn/sfn_service.h"
#include "base/status_macros.h"
#include "cloudwatch/alarm_scheduler.h"
#include "cloudwatch/cloudwatch_model.h"
#include "engine/control_plane.h"
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
// connections of one file work side by side. In memory, each is a private database.
Result<std::unique_ptr<store::Database>> OpenDatabase(const std::optional<std::string>& dir) {
  if (!dir) {
    return store::Database::Open(":memory:");
  }
  return store::Database::Open((std::filesystem::path(*dir) / "stepshift.db").string());
}

}  // namespace

// Members in dependency order: each is destroyed before what it uses.
struct LocalEngine::Impl {
  std::unique_ptr<store::DirectoryLock> lock;  // released last
  std::unique_ptr<store::Database> sfn_db;
  std::unique_ptr<store::Database> cloudwatch_db;
  std::unique_ptr<engine::ControlPlane> control_plane;
  std::unique_ptr<cloudwatch::CloudWatchModel> cloudwatch;
  std::unique_ptr<cloudwatch::AlarmScheduler> scheduler;
  std::unique_ptr<SfnService> sfn_api;
  std::unique_ptr<CloudWatchApi> cloudwatch_api;
  std::unique_ptr<Router> router;

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
  impl->sfn_api = std::make_unique<SfnService>(impl->control_plane.get());
  impl->cloudwatch_api = std::make_unique<CloudWatchApi>(impl->cloudwatch.get());
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
  HttpResponse response = impl_->router->Handle(request);
  // Nothing the response may report goes out before it is on disk: its own writes and any it
  // may have read (group commit makes them durable a moment later).
  engine::ControlPlane* plane = impl_->control_plane.get();
  uint64_t barrier = plane->WriteBarrier();
  if (!plane->IsDurable(barrier)) {
    response.ready_when = [plane, barrier](std::function<void(const Status&)> done) {
      plane->WhenDurable(barrier, std::move(done));
    };
  }
  return response;
}

}  // namespace stepshift::api
