#include "api/http/http_server.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <exception>
#include <optional>
#include <thread>
#include <vector>

#include "api/http/aws_json.h"
#include "api/http/gzip.h"

namespace stepshift::api {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

using BeastRequest = http::request<http::string_body>;
using BeastResponse = http::response<http::string_body>;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Converts Beast's request into the handler's view, gunzipping the body when needed.
// Returns an error response instead when the body cannot be decoded.
std::optional<HttpResponse> ToHttpRequest(BeastRequest&& in, size_t body_limit, HttpRequest* out) {
  out->method = std::string(in.method_string());
  out->target = std::string(in.target());
  out->headers.reserve(8);
  for (const auto& field : in) {
    out->headers.emplace_back(Lower(field.name_string()), std::string(field.value()));
  }
  out->body = std::move(in.body());
  if (Lower(out->Header("content-encoding")) == "gzip") {
    Result<std::string> body = Gunzip(out->body, body_limit);
    if (!body.ok()) {
      return JsonError("SerializationException", body.status().message());
    }
    out->body = std::move(body).value();
  }
  return std::nullopt;
}

HttpResponse CallHandler(const HttpHandler& handler, const HttpRequest& request) {
  try {
    return handler(request);
  } catch (const std::exception& e) {
    return JsonError("InternalFailure", e.what(), 500);
  } catch (...) {
    return JsonError("InternalFailure", "unknown error", 500);
  }
}

BeastResponse ToBeastResponse(HttpResponse&& in, unsigned version, bool keep_alive) {
  BeastResponse out{static_cast<http::status>(in.status), version};
  for (auto& [name, value] : in.headers) {
    out.set(name, value);
  }
  out.body() = std::move(in.body);
  out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

// One connection: read a request, answer it, repeat while the client keeps the connection.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const HttpHandler& handler, size_t body_limit)
      : stream_(std::move(socket)), handler_(handler), body_limit_(body_limit) {}

  void Start() { ReadRequest(); }

 private:
  void ReadRequest() {
    parser_.emplace();
    parser_->body_limit(body_limit_);
    parser_->header_limit(64 * 1024);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  // A client that sent "Expect: 100-continue" (curl does for large bodies) waits for the
  // interim response before sending its body.
  void OnHeader(beast::error_code ec) {
    if (ec || !beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
      return ReadBody(ec);
    }
    auto interim = std::make_shared<http::response<http::empty_body>>(http::status::continue_,
                                                                      parser_->get().version());
    http::async_write(
        stream_, *interim,
        [self = shared_from_this(), interim](beast::error_code ec, size_t) { self->ReadBody(ec); });
  }

  void ReadBody(beast::error_code ec) {
    if (ec) {
      return OnRead(ec);
    }
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      return Reply(JsonError("RequestEntityTooLarge", "Request body exceeds the size limit", 413),
                   11, false);
    }
    if (ec) {
      return Close();  // end of stream, reset, or a malformed request: nothing to answer
    }
    BeastRequest request = parser_->release();
    unsigned version = request.version();
    bool keep_alive = request.keep_alive();
    HttpRequest converted;
    std::optional<HttpResponse> error = ToHttpRequest(std::move(request), body_limit_, &converted);
    HttpResponse response = error ? std::move(*error) : CallHandler(handler_, converted);
    if (response.answer_later) {
      return ReplyLater(std::move(response.answer_later), version, keep_alive);
    }
    Reply(std::move(response), version, keep_alive);
  }

  // Replies, on this session's strand, when the handler's answer arrives. The I/O thread is free
  // meanwhile.
  void ReplyLater(std::function<void(Responder)> answer_later, unsigned version, bool keep_alive) {
    answer_later([self = shared_from_this(), version, keep_alive](HttpResponse response) {
      auto held = std::make_shared<HttpResponse>(std::move(response));
      net::post(self->stream_.get_executor(), [self, held, version, keep_alive] {
        if (held->answer_later) {
          return self->ReplyLater(std::move(held->answer_later), version, keep_alive);
        }
        self->Reply(std::move(*held), version, keep_alive);
      });
    });
  }

  void Reply(HttpResponse&& response, unsigned version, bool keep_alive) {
    response_ = ToBeastResponse(std::move(response), version, keep_alive);
    http::async_write(stream_, response_,
                      [self = shared_from_this(), keep_alive](beast::error_code ec, size_t) {
                        if (ec || !keep_alive) {
                          return self->Close();
                        }
                        self->ReadRequest();
                      });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  BeastResponse response_;
  const HttpHandler& handler_;
  size_t body_limit_;
};

}  // namespace

struct HttpServer::Impl {
  Impl(const HttpServerOptions& opts, HttpHandler h)
      : options(opts), handler(std::move(h)), io(opts.threads), acceptor(io) {}

  void Accept() {
    acceptor.async_accept(net::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted) {
        return;
      }
      if (!ec) {
        socket.set_option(tcp::no_delay(true), ec);
        std::make_shared<Session>(std::move(socket), handler, options.body_limit)->Start();
      }
      Accept();
    });
  }

  HttpServerOptions options;
  HttpHandler handler;
  net::io_context io;
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;
  uint16_t port = 0;
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() {
  Stop();
}

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const HttpServerOptions& options,
                                                      HttpHandler handler) {
  auto impl = std::make_unique<Impl>(options, std::move(handler));
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
  const std::string& host = impl_->options.host;
  bool v6 = host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(impl_->port);
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
