// The transport-neutral request and response every service handler sees.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace stepshift::api {

struct HttpRequest {
  std::string method;  // "POST"
  std::string target;  // path and query, e.g. "/" or "/service/X/operation/Y"
  // Header names lower-cased, in arrival order.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // already gunzipped when Content-Encoding: gzip
  // The body as sent when Content-Encoding changed it (gzip), since a SigV4 signature covers
  // those bytes; empty otherwise.
  std::string encoded_body = "";

  // The first header of that (lower-case) name, or "" when absent.
  std::string_view Header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
      if (name == lower_name) {
        return value;
      }
    }
    return {};
  }
};

struct HttpResponse;
// Sends a response that was answered later (see HttpResponse::answer_later).
using Responder = std::function<void(HttpResponse)>;

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Type included
  std::string body;
  // Set when the answer comes later: when the writes it reports are durable, when a synchronous
  // execution ends, when a long poll is answered. The server calls it once, without holding a
  // thread, with a Responder that sends the final response; the other fields are then unused.
  // The Responder may be called on any thread, exactly once.
  std::function<void(Responder)> answer_later;
};

// Facts about the call that every service needs, decided once by the router.
struct RequestInfo {
  std::string region;      // SigV4 credential scope region, else the server's default
  std::string account;     // the server's configured account
  std::string partition;   // from the region: aws, aws-cn or aws-us-gov
  std::string request_id;  // a fresh UUID, sent back as x-amzn-RequestId
  // Not OK when the router refused the request (a signature that does not verify, a request a
  // browser could have forged): the service answers with this error, in its protocol, and does
  // nothing else. Its kind is the error code for that service.
  Status denied = Status::Ok();
};

}  // namespace stepshift::api
