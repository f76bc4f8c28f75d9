// The Step Functions service over awsJson1_0: decodes a request body, checks member shapes with
// AWS's validation wording, calls the engine and encodes the response or the AWS error.
#pragma once

#include <string_view>

#include "api/http/http_types.h"

namespace stepshift::engine {
class ControlPlane;
class Executions;
}  // namespace stepshift::engine

namespace stepshift::api {

class SfnService {
 public:
  // Owns neither argument; both must outlive the service.
  SfnService(engine::ControlPlane* control_plane, engine::Executions* executions);

  // `operation` is what follows "AWSStepFunctions." in X-Amz-Target. Thread-safe.
  HttpResponse Handle(std::string_view operation, const HttpRequest& request,
                      const RequestInfo& info);

 private:
  engine::ControlPlane* control_plane_;
  engine::Executions* executions_;
};

}  // namespace stepshift::api
