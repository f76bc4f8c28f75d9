// The one endpoint: decides which service and protocol a request is for and hands it over.
//   X-Amz-Target: AWSStepFunctions.<Op>                      -> Step Functions (awsJson1_0)
//   X-Amz-Target: GraniteServiceVersion20100801.<Op>         -> CloudWatch (awsJson1_0)
//   X-Amz-Target: AWSSecurityTokenServiceV20110615.<Op>      -> STS (awsJson1_0)
//   POST /service/GraniteServiceVersion20100801/operation/<Op> -> CloudWatch (rpc-v2-cbor)
//   a form body or query string with Action=<Op>             -> CloudWatch or STS (query)
//   /2015-03-31/, /2017-10-31/, /2019-09-30/, /2016-08-19/ paths -> Lambda (restJson1)
//   /2013-04-01/ paths                                    -> Route 53 (restXml)
// It also fixes the call's region (from the SigV4 credential scope) and request id, and admits
// the request: refuses one a web page could have forged (request_guard.h) and, with
// credentials configured, one whose SigV4 signature does not verify (sigv4_verifier.h), each
// with the error code of the service called, in RequestInfo::denied.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "api/http/http_types.h"
#include "api/request_guard.h"
#include "api/sigv4_verifier.h"

namespace stepshift::api {

// A service entry point: (operation or X-Amz-Target, request, call info) -> response.
using ServiceHandler =
    std::function<HttpResponse(std::string_view, const HttpRequest&, const RequestInfo&)>;

// What the router dispatches to. An empty handler means the service is not served here.
struct Services {
  ServiceHandler sfn;      // gets the operation name after "AWSStepFunctions."
  ServiceHandler json;     // CloudWatch/STS awsJson1_0: gets the whole X-Amz-Target
  ServiceHandler cbor;     // CloudWatch rpc-v2-cbor: gets the operation name
  ServiceHandler query;    // CloudWatch/STS query protocol: gets ""
  ServiceHandler lambda;   // Lambda restJson1: gets "" (it routes on method and path)
  ServiceHandler route53;  // Route 53 restXml: gets "" (it routes on method and path)
};

struct RouterOptions {
  std::string default_region = "us-east-1";  // for unsigned requests
  std::string account = "123456789012";
  GuardOptions guard = {};
  // Requests must be signed by one of auth.secrets' keys; none configured: anyone may call.
  VerifierOptions auth = {};
};

class Router {
 public:
  Router(RouterOptions options, Services services);

  // Thread-safe.
  HttpResponse Handle(const HttpRequest& request) const;

 private:
  HttpResponse Dispatch(const HttpRequest& request, const RequestInfo& info) const;
  Status Admit(const HttpRequest& request) const;
  // Adds the x-amzn-RequestId header, also to an answer given later.
  static HttpResponse WithRequestId(HttpResponse response, const std::string& id);

  RouterOptions options_;
  Services services_;
};

// The region of a SigV4 Authorization header ("AWS4-HMAC-SHA256 Credential=AKID/20240101/
// us-east-1/states/aws4_request, ...") or of a presigned URL's X-Amz-Credential; "" when absent.
std::string RegionFromCredentialScope(const HttpRequest& request);

}  // namespace stepshift::api
