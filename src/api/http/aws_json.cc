#include "api/http/aws_json.h"

namespace stepshift::api {

namespace {
constexpr std::string_view kContentType = "application/x-amz-json-1.0";
}  // namespace

HttpResponse JsonResponse(const json::Value& body) {
  HttpResponse response;
  response.headers.emplace_back("Content-Type", kContentType);
  response.body = json::Serialize(body);
  return response;
}

HttpResponse JsonError(std::string_view type, std::string_view message, int http_status) {
  json::Object body;
  body["__type"] = type;
  body["message"] = message;
  HttpResponse response;
  response.status = http_status;
  response.headers.emplace_back("Content-Type", kContentType);
  response.body = json::Serialize(body);
  return response;
}

std::string UnsupportedOperationMessage(std::string_view operation) {
  if (operation.empty()) {
    return "The request names no operation: stepshift serve expects an X-Amz-Target header, a "
           "/service/<service>/operation/<operation> path or an Action parameter";
  }
  return "stepshift serve does not implement the operation " + std::string(operation);
}

HttpResponse UnknownOperationError(std::string_view operation) {
  return JsonError(kUnknownOperation, UnsupportedOperationMessage(operation));
}

HttpResponse JsonError(const Status& status) {
  if (status.kind().empty()) {
    return JsonError("InternalFailure", status.message(), 500);
  }
  HttpResponse response = JsonError(status.kind(), status.message());
  if (!status.reason().empty()) {
    json::Object body{
        {"__type", status.kind()}, {"message", status.message()}, {"reason", status.reason()}};
    response.body = json::Serialize(body);
  }
  return response;
}

}  // namespace stepshift::api
