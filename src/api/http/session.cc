#include "api/http/session.h"

#include <cctype>
#include <exception>
#include <string>
#include <utility>

#include "api/http/aws_json.h"
#include "api/http/gzip.h"

namespace stepshift::api::internal {

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
    out->encoded_body = std::exchange(out->body, std::move(body).value());
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

// Errors of the HTTP parser that mean the client sent something that is not HTTP/1.1 (a malformed
// request line, header or framing), as opposed to a connection that ended or timed out.
bool IsMalformed(beast::error_code ec) {
  if (ec.category() != http::make_error_code(http::error::bad_method).category()) {
    return false;
  }
  return ec != http::error::end_of_stream && ec != http::error::partial_message &&
         ec != http::error::need_more && ec != http::error::body_limit &&
         ec != http::error::header_limit && ec != http::error::buffer_overflow;
}

}  // namespace

Session::Session(tcp::socket socket, const HttpHandler& handler, const HttpServerOptions& options,
                 std::atomic<int>* open)
    : stream_(std::move(socket)), handler_(handler), options_(options), open_(open) {
  ++*open_;
}

Session::~Session() {
  --*open_;
}

// A client opens a connection to send a request, so the first one gets only the header deadline.
void Session::Start() {
  WaitForRequest(options_.header_timeout);
}

void Session::Refuse() {
  Reply(JsonError(
            "ServiceUnavailable",
            "Too many connections (" + std::to_string(options_.max_connections) + "); retry later",
            503),
        11, false);
}

// Waits for the first byte of the next request (the idle keep-alive deadline), so a client that
// starts a request is then held to the header deadline from that byte on, not from the previous
// response.
void Session::WaitForRequest(std::chrono::milliseconds deadline) {
  if (buffer_.size() > 0) {
    return ReadHeader();  // pipelined: the next request is here already
  }
  stream_.expires_after(deadline);
  stream_.async_read_some(
      buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, size_t bytes) {
        if (ec) {
          return self->Close();  // idle timeout, or the client closed between requests
        }
        self->buffer_.commit(bytes);
        self->ReadHeader();
      });
}

void Session::ReadHeader() {
  parser_.emplace();
  parser_->body_limit(options_.body_limit);
  parser_->header_limit(static_cast<uint32_t>(options_.header_limit));
  stream_.expires_after(options_.header_timeout);
  http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
}

// A client that sent "Expect: 100-continue" (curl does for large bodies) waits for the
// interim response before sending its body.
void Session::OnHeader(beast::error_code ec) {
  if (ec || !beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
    return ReadBody(ec);
  }
  auto interim = std::make_shared<http::response<http::empty_body>>(http::status::continue_,
                                                                    parser_->get().version());
  http::async_write(
      stream_, *interim,
      [self = shared_from_this(), interim](beast::error_code ec, size_t) { self->ReadBody(ec); });
}

void Session::ReadBody(beast::error_code ec) {
  if (ec) {
    return OnRead(ec);
  }
  stream_.expires_after(options_.body_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
}

void Session::OnReadError(beast::error_code ec) {
  if (ec == http::error::body_limit) {
    return Reply(JsonError("RequestEntityTooLarge", "Request body exceeds the size limit", 413), 11,
                 false);
  }
  if (ec == http::error::header_limit) {
    return Reply(JsonError("RequestHeaderFieldsTooLarge",
                           "Request header fields exceed " + std::to_string(options_.header_limit) +
                               " bytes",
                           431),
                 11, false);
  }
  if (IsMalformed(ec)) {
    return Reply(JsonError("BadRequest", "Malformed HTTP request: " + ec.message(), 400), 11,
                 false);
  }
  Close();  // end of stream, reset, or a deadline passed: nobody to answer
}

void Session::OnRead(beast::error_code ec) {
  if (ec) {
    return OnReadError(ec);
  }
  BeastRequest request = parser_->release();
  unsigned version = request.version();
  bool keep_alive = request.keep_alive();
  HttpRequest converted;
  std::optional<HttpResponse> error =
      ToHttpRequest(std::move(request), options_.body_limit, &converted);
  HttpResponse response = error ? std::move(*error) : CallHandler(handler_, converted);
  if (response.answer_later) {
    return ReplyLater(std::move(response.answer_later), version, keep_alive);
  }
  Reply(std::move(response), version, keep_alive);
}

// Replies, on this session's strand, when the handler's answer arrives. The I/O thread is free
// meanwhile.
void Session::ReplyLater(std::function<void(Responder)> answer_later, unsigned version,
                         bool keep_alive) {
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

// A client that stops reading its response is cut off at the write deadline.
void Session::Reply(HttpResponse&& response, unsigned version, bool keep_alive) {
  response_ = ToBeastResponse(std::move(response), version, keep_alive);
  stream_.expires_after(options_.write_timeout);
  http::async_write(stream_, response_,
                    [self = shared_from_this(), keep_alive](beast::error_code ec, size_t) {
                      if (ec || !keep_alive) {
                        return self->Close();
                      }
                      self->WaitForRequest(self->options_.idle_timeout);
                    });
}

void Session::Close() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace stepshift::api::internal
