// The one path every AWS call takes: build a POST to the service endpoint, sign it (fresh
// credentials and timestamp per attempt), send it, retry throttling/5xx/connection failures with
// backoff on the injected Clock, and turn an error response into a Status. The protocol layers
// (json_protocol.h, query_protocol.h) sit on top and supply the body and the error parser.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "aws/aws_error.h"
#include "aws/credentials.h"
#include "aws/http.h"
#include "aws/retry.h"
#include "base/clock.h"
#include "base/result.h"

namespace stepshift::aws {

struct ServiceEndpoint {
  std::string url;           // "https://states.us-east-1.amazonaws.com" or an override
  std::string region;        // SigV4 credential-scope region
  std::string signing_name;  // "states", "monitoring", "sts"
};

// Everything a caller needs; copied into each client. The pointers are shared, not owned by one
// client: a ClientConfig hands the same transport and credentials to all of its clients.
struct ServiceContext {
  ServiceEndpoint endpoint;
  std::shared_ptr<CredentialsProvider> credentials;  // null: send unsigned (web identity)
  std::shared_ptr<HttpTransport> transport;
  Clock* clock = nullptr;  // REQUIRES: non-null, outlives the caller
  RetryOptions retry;
  std::string user_agent = "stepshift/0.1";
  std::chrono::milliseconds timeout{0};  // per attempt; zero: the transport's default
};

// Reads the protocol's error shape out of a non-2xx response.
using ErrorParser = std::function<AwsError(const HttpResponse&)>;

class ServiceCaller {
 public:
  explicit ServiceCaller(ServiceContext context);

  // POSTs `body` with `headers` to the endpoint. Returns the 2xx response; otherwise the last
  // attempt's error (ToStatus of the parsed AwsError, or Unavailable for a transport failure).
  // Credential errors are returned at once, without retrying.
  Result<HttpResponse> Send(const Headers& headers, const std::string& body,
                            const ErrorParser& parse_error);
  // The REST protocols' form: `method` to the endpoint URL + `path_and_query` (already
  // percent-encoded, starting with '/').
  Result<HttpResponse> Send(std::string_view method, std::string_view path_and_query,
                            const Headers& headers, const std::string& body,
                            const ErrorParser& parse_error);

  const ServiceContext& context() const { return context_; }

  const RetryQuota& quota() const { return *quota_; }

 private:
  // The signed request for one attempt.
  Result<HttpRequest> Prepare(std::string_view method, std::string_view path_and_query,
                              const Headers& headers, const std::string& body);

  ServiceContext context_;
  std::shared_ptr<RetryQuota> quota_;
};

}  // namespace stepshift::aws
