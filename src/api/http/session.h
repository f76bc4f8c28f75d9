// One HTTP connection of HttpServer (internal): read a request, answer it, repeat while the client
// keeps the connection, under the deadlines and limits of HttpServerOptions.
#pragma once

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <optional>

#include "api/http/http_server.h"

namespace stepshift::api::internal {

class Session : public std::enable_shared_from_this<Session> {
 public:
  // `open` counts live sessions: incremented here, decremented on destruction. `options`,
  // `handler` and `open` must outlive the session (the server's io_context owns it).
  Session(boost::asio::ip::tcp::socket socket, const HttpHandler& handler,
          const HttpServerOptions& options, std::atomic<int>* open);
  ~Session();

  void Start();
  // Answers 503 (too many connections) and closes.
  void Refuse();

 private:
  void WaitForRequest(std::chrono::milliseconds deadline);
  void ReadHeader();
  void OnHeader(boost::beast::error_code ec);
  void ReadBody(boost::beast::error_code ec);
  void OnRead(boost::beast::error_code ec);
  // A read that failed: an answer (413, 431, 400) when the client can still read one, else close.
  void OnReadError(boost::beast::error_code ec);
  void ReplyLater(std::function<void(Responder)> answer_later, unsigned version, bool keep_alive);
  void Reply(HttpResponse&& response, unsigned version, bool keep_alive);
  void Close();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  boost::beast::http::response<boost::beast::http::string_body> response_;
  const HttpHandler& handler_;
  const HttpServerOptions& options_;
  std::atomic<int>* open_;
};

}  // namespace stepshift::api::internal
