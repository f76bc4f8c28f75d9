// Invoke: RequestResponse answers when the handler does (answer_later), Event answers 202 at
// once and runs queued, DryRun only resolves the target.
#include "api/lambda/lambda_ops.h"
#include "api/lambda/lambda_wire.h"
#include "base/base64.h"
#include "base/ids.h"

namespace stepshift::api::lambda_ops {

namespace {

constexpr size_t kSyncPayloadLimit = 6 * 1024 * 1024;
constexpr size_t kAsyncPayloadLimit = 1024 * 1024;
constexpr size_t kLogTail = 4096;

Status CheckPayload(const std::string& payload, bool async) {
  size_t limit = async ? kAsyncPayloadLimit : kSyncPayloadLimit;
  if (payload.size() > limit) {
    return Status(StatusCode::kInvalidArgument,
                  "Request must be smaller than " + std::to_string(limit) + " bytes for the " +
                      (async ? "InvokeAsync" : "InvokeFunction") + " operation",
                  "RequestTooLargeException");
  }
  if (!payload.empty()) {
    Result<json::Value> parsed = json::Parse(payload);
    if (!parsed.ok()) {
      return Status(StatusCode::kInvalidArgument,
                    "Could not parse request body into json: Could not parse payload into json: " +
                        parsed.status().message(),
                    "InvalidRequestContentException");
    }
  }
  return Status::Ok();
}

HttpResponse Answer(const lambdas::InvocationResult& result, const lambdas::InvokeTarget& target,
                    bool tail, const std::string& request_id) {
  HttpResponse response;
  if (!result.status.ok()) {
    response = result.status.kind() == "TooManyRequestsException"
                   ? lambda_wire::Throttled(result.status, result.throttle_reason)
                   : lambda_wire::Error(result.status);
  } else {
    response.headers.emplace_back("Content-Type", "application/json");
    response.headers.emplace_back("X-Amz-Executed-Version", target.executed_version);
    if (result.function_error) {
      response.headers.emplace_back("X-Amz-Function-Error", *result.function_error);
    }
    if (tail) {
      std::string_view log = result.log;
      response.headers.emplace_back(
          "X-Amz-Log-Result",
          Base64Encode(log.size() > kLogTail ? log.substr(log.size() - kLogTail) : log));
    }
    response.body = result.payload;
  }
  response.headers.emplace_back("x-amzn-RequestId", request_id);
  return response;
}

}  // namespace

HttpResponse Invoke(const Call& c) {
  std::string type(c.request.Header("x-amz-invocation-type"));
  if (type.empty()) {
    type = "RequestResponse";
  }
  if (type != "RequestResponse" && type != "Event" && type != "DryRun") {
    return lambda_wire::Error(Status(
        StatusCode::kInvalidArgument,
        "1 validation error detected: Value '" + type +
            "' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value "
            "set: [Event, RequestResponse, DryRun]",
        "ValidationException"));
  }
  Result<lambdas::InvokeTarget> target =
      c.model->ResolveInvoke(c.ctx, c.function, c.target.Query("Qualifier"), RandomUnit());
  if (!target.ok()) {
    return lambda_wire::Error(target.status());
  }
  if (Status payload = CheckPayload(c.request.body, type == "Event"); !payload.ok()) {
    return lambda_wire::Error(payload);
  }
  if (type == "DryRun") {
    return lambda_wire::NoContent();
  }
  lambdas::Invocation invocation{*target, c.request.body, c.info.request_id,
                                 std::string(c.request.Header("x-amz-client-context")),
                                 type == "Event"};
  if (type == "Event") {
    c.invoker->Invoke(std::move(invocation), [](lambdas::InvocationResult) {});
    HttpResponse accepted;
    accepted.status = 202;
    return accepted;
  }
  bool tail = c.request.Header("x-amz-log-type") == "Tail";
  HttpResponse later;
  later.answer_later = [invoker = c.invoker, invocation = std::move(invocation), tail,
                        id = c.info.request_id](Responder send) mutable {
    lambdas::InvokeTarget target = invocation.target;
    invoker->Invoke(std::move(invocation),
                    [send = std::move(send), target, tail, id](lambdas::InvocationResult result) {
                      send(Answer(result, target, tail, id));
                    });
  };
  return later;
}

}  // namespace stepshift::api::lambda_ops
