#include "api/http/http_server.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <stdexcept>
#include <thread>

namespace stepshift::api {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

HttpResponse Echo(const HttpRequest& request) {
  if (request.target == "/throw") {
    throw std::runtime_error("handler blew up");
  }
  if (request.target == "/later") {
    // Answered from another thread, in two hops, as a long poll behind a durability wait is.
    HttpResponse later;
    later.answer_later = [body = request.body](Responder send) {
      std::thread([send, body] {
        HttpResponse inner;
        inner.answer_later = [body](Responder send_inner) {
          HttpResponse answer;
          answer.body = "later " + body;
          send_inner(std::move(answer));
        };
        send(std::move(inner));
      }).detach();
    };
    return later;
  }
  HttpResponse response;
  response.headers.emplace_back("Content-Type", "text/plain");
  response.headers.emplace_back("x-target", std::string(request.Header("x-amz-target")));
  response.body = request.method + " " + request.target + " " + request.body;
  return response;
}

std::string Gzip(const std::string& data) {
  z_stream stream{};
  deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(compressBound(data.size()) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = data.size();
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = out.size();
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HttpServerOptions options;
    options.port = 0;
    options.body_limit = 1024;
    auto server = HttpServer::Start(options, Echo);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
    stream_.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), server_->port()));
  }

  http::response<http::string_body> Send(http::request<http::string_body> request) {
    request.prepare_payload();
    http::write(stream_, request);
    http::response<http::string_body> response;
    http::read(stream_, buffer_, response);
    return response;
  }

  static http::request<http::string_body> Post(std::string target, std::string body) {
    http::request<http::string_body> request{http::verb::post, target, 11};
    request.set(http::field::host, "localhost");
    request.body() = std::move(body);
    return request;
  }

  boost::asio::io_context io_;
  beast::tcp_stream stream_{io_};
  beast::flat_buffer buffer_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, AnswersSeveralRequestsOnOneConnection) {
  EXPECT_NE(server_->port(), 0);
  EXPECT_EQ(server_->endpoint(), "http://127.0.0.1:" + std::to_string(server_->port()));
  for (int i = 0; i < 3; ++i) {
    auto request = Post("/", "body" + std::to_string(i));
    request.set("X-Amz-Target", "AWSStepFunctions.ListStateMachines");
    auto response = Send(request);
    EXPECT_EQ(response.result_int(), 200);
    EXPECT_EQ(response.body(), "POST / body" + std::to_string(i));
    EXPECT_EQ(response["x-target"], "AWSStepFunctions.ListStateMachines");
    EXPECT_TRUE(response.keep_alive());
  }
}

TEST_F(HttpServerTest, AnswersExpectContinueBeforeTheBody) {
  http::request<http::string_body> request{http::verb::post, "/", 11};
  request.set(http::field::host, "localhost");
  request.set(http::field::expect, "100-continue");
  request.set(http::field::content_length, "4");
  http::request_serializer<http::string_body> serializer(request);
  http::write_header(stream_, serializer);
  http::response<http::empty_body> interim;
  http::read(stream_, buffer_, interim);
  EXPECT_EQ(interim.result(), http::status::continue_);
  boost::asio::write(stream_, boost::asio::buffer(std::string("body")));
  http::response<http::string_body> response;
  http::read(stream_, buffer_, response);
  EXPECT_EQ(response.body(), "POST / body");
}

TEST_F(HttpServerTest, GunzipsGzipBodies) {
  auto request = Post("/", Gzip("compressed payload"));
  request.set(http::field::content_encoding, "gzip");
  EXPECT_EQ(Send(request).body(), "POST / compressed payload");
}

TEST_F(HttpServerTest, CorruptGzipIsAClientError) {
  auto request = Post("/", "not gzip at all");
  request.set(http::field::content_encoding, "gzip");
  auto response = Send(request);
  EXPECT_EQ(response.result_int(), 400);
  EXPECT_NE(response.body().find("SerializationException"), std::string::npos);
}

TEST_F(HttpServerTest, GzipBombIsRefused) {
  auto request = Post("/", Gzip(std::string(100000, 'a')));  // compresses below the limit
  request.set(http::field::content_encoding, "gzip");
  EXPECT_EQ(Send(request).result_int(), 400);
}

TEST_F(HttpServerTest, OversizedBodyGets413) {
  auto response = Send(Post("/", std::string(2000, 'x')));
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_FALSE(response.keep_alive());
}

TEST_F(HttpServerTest, ThrowingHandlerGets500AndServerSurvives) {
  auto response = Send(Post("/throw", "{}"));
  EXPECT_EQ(response.result_int(), 500);
  EXPECT_NE(response.body().find("InternalFailure"), std::string::npos);
  EXPECT_EQ(Send(Post("/", "again")).body(), "POST / again");
}

TEST(HttpServerStartTest, BusyPortIsAnError) {
  HttpServerOptions options;
  options.port = 0;
  auto first = HttpServer::Start(options, Echo);
  ASSERT_TRUE(first.ok());
  options.port = (*first)->port();
  auto second = HttpServer::Start(options, Echo);
  EXPECT_FALSE(second.ok());
  options.host = "not-an-address";
  EXPECT_FALSE(HttpServer::Start(options, Echo).ok());
}

TEST_F(HttpServerTest, AnAnswerGivenLaterFromAnotherThreadIsSent) {
  for (int i = 0; i < 2; ++i) {  // and the connection goes on afterwards
    auto response = Send(Post("/later", "x" + std::to_string(i)));
    EXPECT_EQ(response.result_int(), 200);
    EXPECT_EQ(response.body(), "later x" + std::to_string(i));
  }
}

}  // namespace
}  // namespace stepshift::api
