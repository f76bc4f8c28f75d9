// Issue 14 item 9: connections that hold the server. Before, a slow or silent client held a
// connection forever (no deadlines), nothing capped connections, an accept that failed with EMFILE
// was retried at once (100% CPU), and oversized headers or a malformed request line were met
// with a silent close. Every test here uses the real server on 127.0.0.1 and raw sockets, with
// deadlines of a few hundred milliseconds, so each finishes in bounded time.
#include <arpa/inet.h>
#include <dirent.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "api/http/http_server.h"

namespace stepshift::api {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

HttpResponse Ok(const HttpRequest& request) {
  HttpResponse response;
  response.body = "ok " + request.body;
  return response;
}

class HardeningTest : public ::testing::Test {
 protected:
  void StartServer(HttpServerOptions options = {}) {
    options.port = 0;
    options.header_timeout = milliseconds(300);
    options.body_timeout = milliseconds(300);
    options.idle_timeout = milliseconds(300);
    options.write_timeout = milliseconds(300);
    auto server = HttpServer::Start(options, Ok);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
  }

  void TearDown() override {
    for (int fd : fds_)
      close(fd);
  }

  // A connected socket, or -1.
  int Connect() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
      return -1;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(server_->port());
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      close(fd);
      return -1;
    }
    timeval timeout{5, 0};  // no test may hang on a read
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    fds_.push_back(fd);
    return fd;
  }

  static bool Send(int fd, const std::string& data) {
    return send(fd, data.data(), data.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(data.size());
  }

  // Everything the server sends until it closes the connection (or 5 s pass).
  static std::string ReadToClose(int fd) {
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0)
      out.append(buf, static_cast<size_t>(n));
    return out;
  }

  // Sends one header line every `every` until the server closes the connection; returns how long
  // that took.
  static Clock::duration TrickleUntilClosed(int fd, milliseconds every) {
    const auto start = Clock::now();
    for (int i = 0; i < 50 && Send(fd, "X-Slow-" + std::to_string(i) + ": y\r\n"); ++i) {
      std::this_thread::sleep_for(every);
      char byte;
      if (recv(fd, &byte, 1, MSG_DONTWAIT) == 0)
        break;  // closed
    }
    return Clock::now() - start;
  }

  std::unique_ptr<HttpServer> server_;
  std::vector<int> fds_;
};

const std::string kRequest = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\nhi";

TEST_F(HardeningTest, HeadersTrickledInAreCutOffAtTheHeaderDeadline) {
  StartServer();
  int fd = Connect();
  ASSERT_TRUE(Send(fd, "POST / HTTP/1.1\r\nHost: localhost\r\n"));
  // One header line every 50 ms would keep the connection forever without a deadline.
  EXPECT_LT(TrickleUntilClosed(fd, milliseconds(50)), milliseconds(1500));
}

TEST_F(HardeningTest, ABodyThatStallsIsCutOffAtTheBodyDeadline) {
  StartServer();
  int fd = Connect();
  const auto start = Clock::now();
  ASSERT_TRUE(Send(fd, "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n0123"));
  EXPECT_EQ(ReadToClose(fd), "");  // closed, unanswered
  EXPECT_LT(Clock::now() - start, milliseconds(1500));
}

TEST_F(HardeningTest, AnIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  StartServer();
  int fd = Connect();
  ASSERT_TRUE(Send(fd, kRequest));
  const auto start = Clock::now();
  std::string answered = ReadToClose(fd);
  EXPECT_NE(answered.find("HTTP/1.1 200"), std::string::npos);
  EXPECT_NE(answered.find("ok hi"), std::string::npos);
  EXPECT_LT(Clock::now() - start, milliseconds(1500));
}

TEST_F(HardeningTest, AHalfOpenConnectionIsClosedAtOnce) {
  StartServer();
  int fd = Connect();
  ASSERT_TRUE(Send(fd, "POST / HTTP/1.1\r\nHost: loc"));
  shutdown(fd, SHUT_WR);  // the client is done sending, with half a request
  const auto start = Clock::now();
  EXPECT_EQ(ReadToClose(fd), "");
  EXPECT_LT(Clock::now() - start, milliseconds(250));  // not the 300 ms header deadline
}

TEST_F(HardeningTest, OversizedHeadersGet431) {
  HttpServerOptions options;
  options.header_limit = 8 * 1024;
  StartServer(options);
  int fd = Connect();
  ASSERT_TRUE(Send(fd, "POST / HTTP/1.1\r\nHost: localhost\r\nX-Big: " +
                           std::string(10 * 1024, 'a') + "\r\n\r\n"));
  std::string answer = ReadToClose(fd);
  EXPECT_EQ(answer.rfind("HTTP/1.1 431 Request Header Fields Too Large\r\n", 0), 0u) << answer;
  EXPECT_NE(answer.find("RequestHeaderFieldsTooLarge"), std::string::npos);
}

TEST_F(HardeningTest, AMalformedRequestLineGets400) {
  StartServer();
  for (const char* bad : {"GARBAGE\r\n\r\n", "GET / HTTP/9.x\r\n\r\n", "GET\x01 / HTTP/1.1\r\n\r\n",
                          "POST / HTTP/1.1\r\nBad Header\r\n\r\n"}) {
    int fd = Connect();
    ASSERT_TRUE(Send(fd, bad));
    std::string answer = ReadToClose(fd);
    EXPECT_EQ(answer.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << bad << ": " << answer;
    EXPECT_NE(answer.find("Malformed HTTP request"), std::string::npos) << answer;
  }
}

TEST_F(HardeningTest, ConnectionsBeyondTheCapGet503UntilOneCloses) {
  HttpServerOptions options;
  options.max_connections = 3;
  StartServer(options);
  std::vector<int> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(Connect());
    ASSERT_TRUE(Send(held.back(), "POST / HTTP/1.1\r\nHost: x\r\n"));  // started, unfinished
  }
  while (server_->stats().open_connections < 3)
    std::this_thread::yield();
  int over = Connect();
  std::string answer = ReadToClose(over);
  EXPECT_EQ(answer.rfind("HTTP/1.1 503 Service Unavailable\r\n", 0), 0u) << answer;
  EXPECT_EQ(server_->stats().refused, 1u);
  // The held ones time out (or close) and free their places.
  for (int fd : held)
    shutdown(fd, SHUT_WR);
  while (server_->stats().open_connections > 0)
    std::this_thread::yield();
  int fd = Connect();
  ASSERT_TRUE(Send(fd, kRequest));
  EXPECT_NE(ReadToClose(fd).find("ok hi"), std::string::npos);
}

int OpenDescriptors() {
  int count = 0;
  if (DIR* dir = opendir("/proc/self/fd")) {
    while (readdir(dir) != nullptr)
      ++count;
    closedir(dir);
  }
  return count - 3;  // ".", ".." and the directory's own descriptor
}

// With no descriptor left for accept(), the listening socket stays readable: retrying at once
// spins at 100% CPU with thousands of failed accepts a second. The server pauses instead.
TEST_F(HardeningTest, AcceptBacksOffWhenOutOfFileDescriptors) {
  HttpServerOptions options;
  options.accept_backoff = milliseconds(100);
  StartServer(options);
  rlimit saved{};
  getrlimit(RLIMIT_NOFILE, &saved);
  rlimit low = saved;
  low.rlim_cur = static_cast<rlim_t>(OpenDescriptors() + 4);
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
  // Client sockets use up the descriptors; the kernel queues their connections for accept().
  while (Connect() >= 0) {
  }
  std::this_thread::sleep_for(milliseconds(500));  // the window in which a spin would show
  const uint64_t errors = server_->stats().accept_errors;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &saved), 0);
  EXPECT_GE(errors, 1u);
  EXPECT_LE(errors, 10u);  // about one per 100 ms pause
  for (int fd : fds_)
    close(fd);
  fds_.clear();
  // Descriptors are back: the server accepts and answers again.
  const auto deadline = Clock::now() + std::chrono::seconds(3);
  std::string answer;
  while (answer.find("ok hi") == std::string::npos && Clock::now() < deadline) {
    int fd = Connect();
    if (fd >= 0 && Send(fd, kRequest))
      answer = ReadToClose(fd);
  }
  EXPECT_NE(answer.find("ok hi"), std::string::npos);
}

}  // namespace
}  // namespace stepshift::api
