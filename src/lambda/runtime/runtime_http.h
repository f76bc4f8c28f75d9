// Just enough HTTP/1.1 for Lambda's Runtime API on one loopback connection: incremental request
// parsing (Content-Length or chunked bodies) and response writing, over a raw socket the worker
// polls together with its process and log pipe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace stepshift::lambdas::internal {

struct RuntimeRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

class RequestBuffer {
 public:
  void Append(std::string_view bytes) { data_.append(bytes); }

  // The next complete request, removed from the buffer; nullopt until one is complete. Sets
  // `*malformed` for input that can never become a request.
  std::optional<RuntimeRequest> Take(bool* malformed);

 private:
  std::string data_;
};

// "HTTP/1.1 STATUS REASON" with the headers, Content-Length and body.
std::string FormatResponse(int status, const std::map<std::string, std::string>& headers,
                           std::string_view body);

}  // namespace stepshift::lambdas::internal
