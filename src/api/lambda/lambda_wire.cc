#include "api/lambda/lambda_wire.h"

#include <array>
#include <utility>

namespace stepshift::api::lambda_wire {

namespace {

struct Shape {
  std::string_view kind;
  int status;
  std::string_view message_member;  // the model spells it "Message" for some shapes
};

constexpr std::array<Shape, 17> kShapes = {{
    {"ResourceNotFoundException", 404, "Message"},
    {"ResourceConflictException", 409, "message"},
    {"InvalidParameterValueException", 400, "message"},
    {"ValidationException", 400, "message"},
    {"PreconditionFailedException", 412, "message"},
    {"TooManyRequestsException", 429, "message"},
    {"InvalidRequestContentException", 400, "message"},
    {"RequestTooLargeException", 413, "message"},
    {"UnsupportedMediaTypeException", 415, "message"},
    {"InvalidRuntimeException", 502, "Message"},
    {"AccessDeniedException", 403, "Message"},
    {"ServiceException", 500, "Message"},
    {"UnknownOperationException", 404, "message"},
    // The router's refusals of `serve --auth` (router.h).
    {"MissingAuthenticationTokenException", 403, "message"},
    {"IncompleteSignatureException", 403, "message"},
    {"UnrecognizedClientException", 403, "message"},
    {"InvalidSignatureException", 403, "message"},
}};

HttpResponse ErrorBody(std::string_view kind, json::Object body) {
  const Shape* shape = &kShapes[11];  // ServiceException
  for (const Shape& s : kShapes) {
    if (s.kind == kind) {
      shape = &s;
    }
  }
  HttpResponse response = Json(body, shape->status);
  response.headers.emplace_back("x-amzn-ErrorType", std::string(shape->kind));
  return response;
}

json::Object Body(const Status& status, std::string_view member) {
  json::Object body;
  if (status.kind() != "ValidationException") {
    body["Type"] =
        status.kind().empty() || status.kind() == "ServiceException" ? "Service" : "User";
  }
  body[member] = status.message();
  return body;
}

}  // namespace

HttpResponse Json(const json::Value& body, int status) {
  HttpResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "application/json");
  response.body = json::Serialize(body);
  return response;
}

HttpResponse NoContent() {
  HttpResponse response;
  response.status = 204;
  return response;
}

HttpResponse Error(const Status& status) {
  std::string kind = status.kind().empty() ? "ServiceException" : status.kind();
  std::string_view member = "message";
  for (const Shape& s : kShapes) {
    if (s.kind == kind) {
      member = s.message_member;
    }
  }
  return ErrorBody(kind, Body(status, member));
}

HttpResponse Throttled(const Status& status, std::string_view reason) {
  json::Object body = Body(status, "message");
  body["Reason"] = reason;
  return ErrorBody("TooManyRequestsException", std::move(body));
}

}  // namespace stepshift::api::lambda_wire
