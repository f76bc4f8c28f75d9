#include "lambda/tasks/lambda_task_runner.h"

#include <future>

#include "asl/runners/functions_runner.h"
#include "base/ids.h"

namespace stepshift::lambdas {

namespace {

constexpr std::string_view kLambdaInvoke = "arn:aws:states:::lambda:invoke";

std::string Member(const asl::Value& input, std::string_view key) {
  const asl::Value* v = input.is_object() ? input.get_object().if_contains(key) : nullptr;
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : "";
}

// Lambda's own errors as the AWS SDK for Java reports them inside Step Functions.
asl::TaskOutcome ServiceFailure(const Status& status, int http_status) {
  std::string code = status.kind().empty() ? "ServiceException" : status.kind();
  return asl::TaskOutcome::Failure(
      "Lambda." + code,
      status.message() + " (Service: AWSLambda; Status Code: " + std::to_string(http_status) +
          "; Error Code: " + code + "; Request ID: " + NewUuid() + "; Proxy: null)");
}

int HttpStatusOf(const Status& status) {
  if (status.kind() == "ResourceNotFoundException") {
    return 404;
  }
  if (status.kind() == "TooManyRequestsException") {
    return 429;
  }
  return status.kind().empty() || status.kind() == "ServiceException" ? 500 : 400;
}

}  // namespace

asl::TaskOutcome LambdaTaskRunner::Run(const asl::TaskRequest& request) {
  bool invoke = request.resource == kLambdaInvoke;
  bool function = asl::IsLambdaFunctionArn(request.resource);
  const asl::Value& input = request.input ? *request.input : asl::Value();
  if (!invoke && !function) {
    return fallback_ ? fallback_->Run(request) : asl::NoTaskRunner().Run(request);
  }
  std::string name = invoke ? Member(input, "FunctionName") : std::string(request.resource);
  std::optional<std::string> qualifier;
  if (std::string q = invoke ? Member(input, "Qualifier") : ""; !q.empty()) {
    qualifier = q;
  }
  Result<InvokeTarget> target = model_->ResolveInvoke(ctx_, name, qualifier, RandomUnit());
  if (!target.ok()) {
    if (fallback_ && target.status().kind() == "ResourceNotFoundException") {
      return fallback_->Run(request);
    }
    return ServiceFailure(target.status(), HttpStatusOf(target.status()));
  }
  asl::Value event =
      invoke ? asl::LambdaInvokeEvent(input.is_object() ? input.get_object().if_contains("Payload")
                                                        : nullptr)
             : input;
  std::promise<InvocationResult> done;
  invoker_->Invoke({*target, json::Serialize(event), NewUuid(), "", false},
                   [&done](InvocationResult r) { done.set_value(std::move(r)); });
  InvocationResult result = done.get_future().get();
  if (!result.status.ok()) {
    return ServiceFailure(result.status, HttpStatusOf(result.status));
  }
  if (result.function_error) {
    std::string error, cause;
    asl::ParseCommandError(result.payload, 1,
                           invoke ? asl::TaskKind::kLambdaInvoke : asl::TaskKind::kLambdaFunction,
                           &error, &cause);
    return asl::TaskOutcome::Failure(error, cause);
  }
  Result<json::Value> output = json::Parse(result.payload.empty() ? "null" : result.payload);
  asl::Value value = output.ok() ? std::move(*output) : asl::Value(result.payload);
  if (!invoke) {
    return asl::TaskOutcome::Success(std::move(value));
  }
  asl::Value wrapped = asl::WrapLambdaInvokeResult(std::move(value));
  wrapped.get_object()["ExecutedVersion"] = target->executed_version;
  return asl::TaskOutcome::Success(std::move(wrapped));
}

}  // namespace stepshift::lambdas
