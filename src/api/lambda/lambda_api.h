// The Lambda service over restJson1: routes METHOD + path to the operation, decodes path, query,
// header and body members, calls the model (or the invoker for Invoke) and frames the answer.
// Invoke answers later (HttpResponse::answer_later): no I/O thread waits for a handler.
#pragma once

#include "api/http/http_types.h"

namespace stepshift::lambdas {
class LambdaModel;
class Invoker;
}  // namespace stepshift::lambdas

namespace stepshift::api {

class LambdaApi {
 public:
  // Owns neither; both must outlive the service.
  LambdaApi(lambdas::LambdaModel* model, lambdas::Invoker* invoker);

  // Thread-safe. An unknown route is UnknownOperationException (404), as AWS answers.
  HttpResponse Handle(const HttpRequest& request, const RequestInfo& info);

 private:
  lambdas::LambdaModel* model_;
  lambdas::Invoker* invoker_;
};

}  // namespace stepshift::api
