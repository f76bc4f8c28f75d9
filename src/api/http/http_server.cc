#include "api/http/http_server.h"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <thread>
#include <vector>

#include "api/http/session.h"

namespace stepshift::api {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

namespace {

// Accept failures that mean the process is out of file descriptors: retrying at once would spin
// (the listening socket stays readable), so the acceptor waits instead.
bool OutOfDescriptors(beast::error_code ec) {
  return ec == net::error::no_descriptors || ec == boost::system::errc::too_many_files_open ||
         ec == boost::system::errc::too_many_files_open_in_system;
}

// Descriptors kept for everything but connections: the databases, Lambda's processes and pipes,
// task commands.
constexpr rlim_t kReservedDescriptors = 256;

// How many connections this process can hold: `wanted`, within its descriptor limit, whose soft
// value is raised to the hard one first (often 1,024 against 500,000+), so that long polls and
// synchronous executions by the thousand fit.
int ConnectionCap(int wanted) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
    return wanted;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised{limit.rlim_max, limit.rlim_max};
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
      limit = raised;
  }
  if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur > kReservedDescriptors + wanted)
    return wanted;
  return static_cast<int>(std::max<rlim_t>(limit.rlim_cur, 2 * kReservedDescriptors) -
                          kReservedDescriptors);
}

}  // namespace

struct HttpServer::Impl {
  Impl(const HttpServerOptions& opts, HttpHandler h)
      : options(opts), handler(std::move(h)), io(opts.threads), acceptor(io), backoff(io) {}

  void Accept() {
    acceptor.async_accept(net::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted) {
        return;
      }
      if (ec) {
        ++accept_errors;
        if (OutOfDescriptors(ec)) {
          // Connections that close free descriptors; try again after a pause.
          backoff.expires_after(options.accept_backoff);
          backoff.async_wait([this](beast::error_code wait) {
            if (wait != net::error::operation_aborted) {
              Accept();
            }
          });
          return;
        }
        return Accept();
      }
      socket.set_option(tcp::no_delay(true), ec);
      auto session =
          std::make_shared<internal::Session>(std::move(socket), handler, options, &open);
      ++accepted;
      if (open > options.max_connections) {
        ++refused;
        session->Refuse();
      } else {
        session->Start();
      }
      Accept();
    });
  }

  HttpServerOptions options;
  HttpHandler handler;
  // Declared before io: sessions, destroyed with io, decrement it.
  std::atomic<int> open{0};
  std::atomic<uint64_t> accepted{0};
  std::atomic<uint64_t> refused{0};
  std::atomic<uint64_t> accept_errors{0};
  net::io_context io;
  tcp::acceptor acceptor;
  net::steady_timer backoff;
  std::vector<std::thread> threads;
  uint16_t port = 0;
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() {
  Stop();
}

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const HttpServerOptions& options,
                                                      HttpHandler handler) {
  HttpServerOptions capped = options;
  capped.max_connections = ConnectionCap(options.max_connections);
  auto impl = std::make_unique<Impl>(capped, std::move(handler));
  beast::error_code ec;
  auto address = net::ip::make_address(options.host, ec);
  if (ec) {
    return Status::InvalidArgument("invalid host address '" + options.host + "'");
  }
  tcp::endpoint endpoint(address, options.port);
  auto& acceptor = impl->acceptor;
  if (acceptor.open(endpoint.protocol(), ec); !ec) {
    acceptor.set_option(net::socket_base::reuse_address(true), ec);
    acceptor.bind(endpoint, ec);
  }
  if (!ec) {
    acceptor.listen(net::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    return Status::Unavailable("cannot listen on " + options.host + ":" +
                               std::to_string(options.port) + ": " + ec.message());
  }
  impl->port = acceptor.local_endpoint().port();
  impl->Accept();
  for (int i = 0; i < std::max(1, options.threads); ++i) {
    impl->threads.emplace_back([io = &impl->io] { io->run(); });
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

uint16_t HttpServer::port() const {
  return impl_->port;
}

std::string HttpServer::endpoint() const {
  // Bound to every interface: loopback is the address sure to reach it from here.
  std::string host = impl_->options.host;
  if (host == "0.0.0.0") {
    host = "127.0.0.1";
  } else if (host == "::") {
    host = "::1";
  }
  bool v6 = host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(impl_->port);
}

HttpServerStats HttpServer::stats() const {
  return {impl_->open, impl_->accepted, impl_->refused, impl_->accept_errors};
}

void HttpServer::Stop() {
  if (impl_->threads.empty()) {
    return;
  }
  impl_->io.stop();
  for (auto& thread : impl_->threads) {
    thread.join();
  }
  impl_->threads.clear();
  // No I/O thread runs now; pending sessions die with the io_context.
  beast::error_code ignored;
  impl_->acceptor.close(ignored);
}

}  // namespace stepshift::api
