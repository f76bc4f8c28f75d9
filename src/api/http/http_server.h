// A small HTTP/1.1 server (Boost.Beast) that hands every request to one handler function.
// Keep-alive, gzip request bodies, and a last-chance 500 for a handler that throws. Runs its own
// I/O threads; the handler is called concurrently from them.
//
// Hardened against clients that hold connections or descriptors (slowloris, idle keep-alive,
// floods): every read and write has a deadline, connections are capped, an accept that fails for
// want of file descriptors backs off instead of spinning, and oversized headers (431) or a
// malformed request (400) get an answer before the connection closes.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "api/http/http_types.h"
#include "base/result.h"

namespace stepshift::api {

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8083;  // 0 picks a free port
  int threads = 2;       // I/O threads; each runs the handler
  // Largest request body accepted, before and after gunzip. AWS's largest documented request
  // (a 1 MiB definition, JSON-escaped) fits comfortably.
  size_t body_limit = 8 * 1024 * 1024;
  size_t header_limit = 64 * 1024;  // request line and headers; more gets 431
  // From a request's first byte to the end of its headers; and the whole body after them.
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{60'000};
  // Keep-alive: how long a connection may wait for its next request's first byte.
  std::chrono::milliseconds idle_timeout{60'000};
  // Writing a response (a client that stops reading is cut off).
  std::chrono::milliseconds write_timeout{60'000};
  // Connections beyond this get 503 (retryable for the SDKs) and are closed at once. Lowered to
  // what the process's descriptor limit allows. Long polls (GetActivityTask) and synchronous
  // executions hold their connection while they wait, so this is in the thousands.
  int max_connections = 10'000;
  // Pause before accepting again after the process ran out of file descriptors.
  std::chrono::milliseconds accept_backoff{100};
};

struct HttpServerStats {
  int open_connections = 0;
  uint64_t accepted = 0;       // every accepted connection, refused ones included
  uint64_t refused = 0;        // over max_connections
  uint64_t accept_errors = 0;  // failed accepts (EMFILE and the like)
};

class HttpServer {
 public:
  // Binds and starts serving. Returns Unavailable when the address cannot be bound.
  static Result<std::unique_ptr<HttpServer>> Start(const HttpServerOptions& options,
                                                   HttpHandler handler);
  ~HttpServer();  // Stop()s

  // The bound port: the kernel's choice when options.port was 0.
  uint16_t port() const;
  // "http://HOST:PORT", a URL clients can use: the loopback address when bound to every
  // interface (0.0.0.0 or ::).
  std::string endpoint() const;
  HttpServerStats stats() const;
  // Stops accepting, drops connections and joins the I/O threads. Idempotent.
  void Stop();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace stepshift::api
