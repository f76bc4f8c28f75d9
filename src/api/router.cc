#include "api/router.h"

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

bool IsQueryProtocol(const HttpRequest& request) {
  if (request.Header("content-type").starts_with("application/x-www-form-urlencoded")) {
    return true;
  }
  size_t q = request.target.find('?');
  return q != std::string::npos && request.target.find("Action=", q) != std::string::npos;
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
  HttpResponse response = Dispatch(request, info);
  response.headers.emplace_back("x-amzn-RequestId", info.request_id);
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
  if (IsQueryProtocol(request)) {
    return call(services_.query, "");
  }
  return UnknownOperationError("");
}

}  // namespace stepshift::api
