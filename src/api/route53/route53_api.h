// The Route 53 service over restXml (/2013-04-01/hostedzone..., /2013-04-01/change/...).
#pragma once

#include "api/http/http_types.h"

namespace stepshift::route53 {
class Route53Model;
}

namespace stepshift::api {

class Route53Api {
 public:
  // Does not own `model`, which must outlive the service.
  explicit Route53Api(route53::Route53Model* model) : model_(model) {}

  // Thread-safe.
  HttpResponse Handle(const HttpRequest& request, const RequestInfo& info);

 private:
  route53::Route53Model* model_;
};

}  // namespace stepshift::api
