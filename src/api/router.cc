#include "api/router.h"

#include <algorithm>
#include <boost/algorithm/string/predicate.hpp>

#include "api/http/aws_json.h"
#include "base/ids.h"
#include "base/partition.h"

namespace stepshift::api {

namespace {

constexpr std::string_view kSfnPrefix = "AWSStepFunctions.";
constexpr std::string_view kCloudWatchPrefix = "GraniteServiceVersion20100801.";
constexpr std::string_view kStsPrefix = "AWSSecurityTokenServiceV20110615.";
constexpr std::string_view kCborPrefix = "/service/GraniteServiceVersion20100801/operation/";

// The region is the third '/'-separated field of the credential: AKID/DATE/REGION/SERVICE/...
std::string RegionOfCredential(std::string_view credential) {
  size_t first = credential.find('/');
  size_t second = first == std::string_view::npos ? first : credential.find('/', first + 1);
  size_t third = second == std::string_view::npos ? second : credential.find('/', second + 1);
  if (third == std::string_view::npos) {
    return "";
  }
  return std::string(credential.substr(second + 1, third - second - 1));
}

// The API dates that prefix Lambda's REST paths.
constexpr std::string_view kLambdaVersions[] = {"2015-03-31", "2017-10-31", "2019-09-30",
                                                "2016-08-19", "2017-03-31"};

bool IsLambdaPath(std::string_view path) {
  for (std::string_view version : kLambdaVersions) {
    if (path.size() > version.size() + 1 && path[0] == '/' &&
        path.substr(1, version.size()) == version && path[version.size() + 1] == '/') {
      return true;
    }
  }
  return false;
}

bool IsQueryProtocol(const HttpRequest& request) {
  if (request.Header("content-type").starts_with("application/x-www-form-urlencoded")) {
    return true;
  }
  size_t q = request.target.find('?');
  return q != std::string::npos && request.target.find("Action=", q) != std::string::npos;
}

enum class Service { kNone, kSfn, kCloudWatch, kSts, kLambda, kRoute53 };

Service ServiceOf(const HttpRequest& request) {
  std::string_view target = request.Header("x-amz-target");
  if (target.starts_with(kSfnPrefix)) {
    return Service::kSfn;
  }
  if (target.starts_with(kCloudWatchPrefix)) {
    return Service::kCloudWatch;
  }
  if (target.starts_with(kStsPrefix)) {
    return Service::kSts;
  }
  std::string_view path = request.target;
  if (!target.empty()) {
    return Service::kNone;
  }
  if (path.starts_with(kCborPrefix)) {
    return Service::kCloudWatch;
  }
  if (path.starts_with("/2013-04-01/")) {
    return Service::kRoute53;
  }
  if (IsLambdaPath(path)) {
    return Service::kLambda;
  }
  if (!IsQueryProtocol(request)) {
    return Service::kNone;
  }
  // The query protocol names the API in its parameters: STS's version, or its one action.
  for (std::string_view text : {std::string_view(request.body), path}) {
    if (text.find("Version=2011-06-15") != std::string_view::npos ||
        text.find("Action=GetCallerIdentity") != std::string_view::npos) {
      return Service::kSts;
    }
  }
  return Service::kCloudWatch;
}

std::string_view SigningName(Service service) {
  switch (service) {
    case Service::kSfn:
      return "states";
    case Service::kSts:
      return "sts";
    case Service::kLambda:
      return "lambda";
    case Service::kRoute53:
      return "route53";
    default:
      return "monitoring";
  }
}

// The error a refusal is answered with: the JSON error types of Step Functions and Lambda, or
// the query codes of CloudWatch, STS and Route 53 (CloudWatch's JSON and CBOR answers carry them
// in x-amzn-query-error).
Status Refusal(Service service, std::optional<AuthFailure::Kind> kind, std::string message) {
  struct Codes {
    std::string_view json;
    std::string_view query;
  };

  Codes codes{"AccessDeniedException", "AccessDenied"};  // a forged request
  if (kind == AuthFailure::Kind::kMissing) {
    codes = {"MissingAuthenticationTokenException", "MissingAuthenticationToken"};
  } else if (kind == AuthFailure::Kind::kIncomplete) {
    codes = {"IncompleteSignatureException", "IncompleteSignature"};
  } else if (kind == AuthFailure::Kind::kUnknownKey) {
    codes = {"UnrecognizedClientException", "InvalidClientTokenId"};
  } else if (kind == AuthFailure::Kind::kBadSignature) {
    codes = {"InvalidSignatureException", "SignatureDoesNotMatch"};
  }
  const bool json = service == Service::kSfn || service == Service::kLambda;
  return Status(StatusCode::kFailedPrecondition, std::move(message),
                std::string(json ? codes.json : codes.query));
}

}  // namespace

std::string RegionFromCredentialScope(const HttpRequest& request) {
  std::string_view auth = request.Header("authorization");
  if (size_t at = auth.find("Credential="); at != std::string_view::npos) {
    std::string_view rest = auth.substr(at + 11);
    return RegionOfCredential(rest.substr(0, rest.find_first_of(", ")));
  }
  // Presigned: X-Amz-Credential=AKID%2F20240101%2Fus-east-1%2F...
  std::string_view target = request.target;
  if (size_t at = target.find("X-Amz-Credential="); at != std::string_view::npos) {
    std::string_view encoded = target.substr(at + 17, target.find('&', at) - at - 17);
    std::string credential;
    for (size_t i = 0; i < encoded.size(); ++i) {
      bool slash = encoded.substr(i, 3) == "%2F";
      credential += slash ? '/' : encoded[i];
      i += slash ? 2 : 0;
    }
    return RegionOfCredential(credential);
  }
  return "";
}

Router::Router(RouterOptions options, Services services)
    : options_(std::move(options)), services_(std::move(services)) {}

HttpResponse Router::Handle(const HttpRequest& request) const {
  RequestInfo info;
  info.region = RegionFromCredentialScope(request);
  if (info.region.empty()) {
    info.region = options_.default_region;
  }
  info.account = options_.account;
  info.partition = PartitionForRegion(info.region);
  info.request_id = NewUuid();
  info.denied = Admit(request);
  return WithRequestId(Dispatch(request, info), info.request_id);
}

Status Router::Admit(const HttpRequest& request) const {
  const Service service = ServiceOf(request);
  if (service == Service::kNone) {
    return Status::Ok();  // answered UnknownOperationException anyway
  }
  if (std::optional<std::string> reason = ForgeryReason(request, options_.guard)) {
    return Refusal(service, std::nullopt,
                   "stepshift serve refuses this request because " + *reason +
                       ": a web page could have forged it");
  }
  if (options_.auth.secrets.empty()) {
    return Status::Ok();
  }
  std::optional<AuthFailure> failure = VerifySigV4(request, SigningName(service), options_.auth);
  if (!failure) {
    return Status::Ok();
  }
  // AWS's JSON services show what they computed, so a client can find its mistake.
  if (service == Service::kSfn && !failure->canonical_request.empty()) {
    failure->message += "\n\nThe Canonical String for this request should have been\n'" +
                        failure->canonical_request + "'\n\nThe String-to-Sign should have been\n'" +
                        failure->string_to_sign + "'\n";
  }
  return Refusal(service, failure->kind, std::move(failure->message));
}

HttpResponse Router::WithRequestId(HttpResponse response, const std::string& id) {
  if (response.answer_later) {
    // The answer given later is what goes out: it carries the header.
    response.answer_later = [id, inner = std::move(response.answer_later)](Responder send) {
      inner([id, send](HttpResponse answer) { send(WithRequestId(std::move(answer), id)); });
    };
    return response;
  }
  // A service that names the request itself (Lambda's Invoke: the invocation's id) keeps its own.
  bool named = std::any_of(response.headers.begin(), response.headers.end(), [](const auto& h) {
    return boost::iequals(h.first, "x-amzn-RequestId");
  });
  if (!named)
    response.headers.emplace_back("x-amzn-RequestId", id);
  return response;
}

HttpResponse Router::Dispatch(const HttpRequest& request, const RequestInfo& info) const {
  auto call = [&](const ServiceHandler& handler, std::string_view operation) {
    return handler ? handler(operation, request, info) : UnknownOperationError(operation);
  };
  std::string_view target = request.Header("x-amz-target");
  if (target.starts_with(kSfnPrefix)) {
    return call(services_.sfn, target.substr(kSfnPrefix.size()));
  }
  if (target.starts_with(kCloudWatchPrefix) || target.starts_with(kStsPrefix)) {
    return call(services_.json, target);
  }
  if (!target.empty()) {
    return UnknownOperationError(target);
  }
  std::string_view path = request.target;
  if (path.starts_with(kCborPrefix)) {
    std::string_view operation = path.substr(kCborPrefix.size());
    return call(services_.cbor, operation.substr(0, operation.find('?')));
  }
  if (path.starts_with("/2013-04-01/")) {
    return call(services_.route53, "");
  }
  if (IsLambdaPath(path)) {
    return call(services_.lambda, "");
  }
  if (IsQueryProtocol(request)) {
    return call(services_.query, "");
  }
  return UnknownOperationError("");
}

}  // namespace stepshift::api
