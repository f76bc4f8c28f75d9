#include "api/local_server.h"

#include "api/http/http_server.h"
#include "base/status_macros.h"

namespace stepshift::api {

LocalServer::~LocalServer() {
  Stop();
}

Result<std::unique_ptr<LocalServer>> LocalServer::Start(const LocalServerOptions& options) {
  std::unique_ptr<LocalServer> server(new LocalServer());
  LocalEngineOptions engine = options.engine;
  // Requests are addressed to loopback names or to the address bound (request_guard.h).
  engine.guard.any_host = options.host == "0.0.0.0" || options.host == "::";
  engine.guard.hosts.push_back(options.host);
  ASSIGN_OR_RETURN(server->engine_, LocalEngine::Open(engine));
  HttpServerOptions http;
  http.host = options.host;
  http.port = options.port;
  http.threads = options.threads;
  ASSIGN_OR_RETURN(
      server->http_,
      HttpServer::Start(http, [engine = server->engine_.get()](const HttpRequest& request) {
        return engine->Handle(request);
      }));
  return server;
}

std::string LocalServer::endpoint() const {
  return http_->endpoint();
}

void LocalServer::Stop() {
  if (http_) {
    http_->Stop();
  }
}

}  // namespace stepshift::api
