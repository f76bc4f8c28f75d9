#include "aws/service_caller.h"

#include "aws/sigv4.h"
#include "base/status_macros.h"

namespace stepshift::aws {

namespace {

// One attempt's outcome, as the retry loop needs it.
struct Outcome {
  Status status;  // OK on a 2xx response
  bool retryable = false;
  bool connection_error = false;
};

Outcome Classify(const Result<HttpResponse>& sent, const ErrorParser& parse_error) {
  if (!sent.ok()) {
    bool transport = sent.status().code() == StatusCode::kUnavailable;
    return {sent.status(), transport, transport};
  }
  if (sent->status >= 200 && sent->status < 300) {
    return {Status::Ok(), false, false};
  }
  AwsError error = parse_error(*sent);
  error.http_status = sent->status;
  if (error.request_id.empty()) {
    error.request_id = std::string(sent->Header("x-amzn-requestid"));
  }
  bool retryable = IsThrottlingCode(error.code) || IsTransientCode(error.code) ||
                   IsTransientHttpStatus(sent->status);
  return {ToStatus(error), retryable, false};
}

}  // namespace

ServiceCaller::ServiceCaller(ServiceContext context)
    : context_(std::move(context)), quota_(std::make_shared<RetryQuota>()) {}

Result<HttpRequest> ServiceCaller::Prepare(std::string_view method, std::string_view path_and_query,
                                           const Headers& headers, const std::string& body) {
  HttpRequest request;
  request.method = std::string(method);
  request.url = context_.endpoint.url;
  if (!path_and_query.empty()) {
    if (!request.url.empty() && request.url.back() == '/') {
      request.url.pop_back();
    }
    request.url += path_and_query;
  }
  request.headers = headers;
  request.body = body;
  request.timeout = context_.timeout;
  SetHeader(&request.headers, "User-Agent", context_.user_agent);
  if (context_.credentials) {
    ASSIGN_OR_RETURN(Credentials credentials, context_.credentials->Get());
    SigV4Options options{context_.endpoint.region, context_.endpoint.signing_name, false};
    ASSIGN_OR_RETURN(SigV4Trace trace,
                     SignRequest(options, credentials, context_.clock->Now(), &request));
    (void)trace;
  }
  return request;
}

Result<HttpResponse> ServiceCaller::Send(const Headers& headers, const std::string& body,
                                         const ErrorParser& parse_error) {
  return Send("POST", "", headers, body, parse_error);
}

Result<HttpResponse> ServiceCaller::Send(std::string_view method, std::string_view path_and_query,
                                         const Headers& headers, const std::string& body,
                                         const ErrorParser& parse_error) {
  int retry_cost = 0;
  for (int attempt = 1;; ++attempt) {
    // No credentials or a bad URL: retrying cannot help.
    ASSIGN_OR_RETURN(HttpRequest request, Prepare(method, path_and_query, headers, body));
    Result<HttpResponse> sent = context_.transport->Send(request);
    if (!sent.ok() && sent.status().code() != StatusCode::kUnavailable) {
      return sent.status();
    }
    Outcome outcome = Classify(sent, parse_error);
    if (outcome.status.ok()) {
      quota_->Release(retry_cost);
      return sent;
    }
    if (!outcome.retryable || attempt >= context_.retry.max_attempts ||
        !quota_->Acquire(outcome.connection_error)) {
      return outcome.status;
    }
    retry_cost += outcome.connection_error ? RetryQuota::kTimeoutRetryCost : RetryQuota::kRetryCost;
    Clock& clock = *context_.clock;
    clock.SleepUntil(clock.Now() + BackoffDelay(context_.retry, attempt));
  }
}

}  // namespace stepshift::aws
