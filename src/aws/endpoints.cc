#include "aws/endpoints.h"

#include <algorithm>
#include <cctype>

#include "aws/url.h"
#include "base/partition.h"

namespace stepshift::aws {

namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string DnsSuffix(const std::string& partition) {
  if (partition == "aws-cn") {
    return "amazonaws.com.cn";
  }
  if (partition == "aws-iso") {
    return "c2s.ic.gov";
  }
  if (partition == "aws-iso-b") {
    return "sc2s.sgov.gov";
  }
  return "amazonaws.com";
}

Result<std::string> FromConfig(Service service, const EndpointInputs& inputs) {
  if (inputs.files == nullptr) {
    return std::string();
  }
  ProfileSection profile = inputs.files->Profile(inputs.profile);
  if (std::string name = Get(profile, "services"); !name.empty()) {
    auto section = inputs.files->services.find(name);
    if (section == inputs.files->services.end()) {
      return Status::InvalidArgument("profile " + inputs.profile + " uses services section \"" +
                                     name + "\", which does not exist");
    }
    std::string key = std::string(InfoFor(service).services_key) + ".endpoint_url";
    if (std::string url = Get(section->second, key); !url.empty()) {
      return url;
    }
  }
  return Get(profile, "endpoint_url");
}

}  // namespace

const ServiceInfo& InfoFor(Service service) {
  static const ServiceInfo kSfn{"SFN", "sfn", "states"};
  static const ServiceInfo kCloudWatch{"CLOUDWATCH", "cloudwatch", "monitoring"};
  static const ServiceInfo kSts{"STS", "sts", "sts"};
  static const ServiceInfo kLambda{"LAMBDA", "lambda", "lambda"};
  static const ServiceInfo kRoute53{"ROUTE_53", "route_53", "route53"};
  switch (service) {
    case Service::kSfn:
      return kSfn;
    case Service::kCloudWatch:
      return kCloudWatch;
    case Service::kSts:
      return kSts;
    case Service::kLambda:
      return kLambda;
    case Service::kRoute53:
      return kRoute53;
  }
  return kSfn;
}

std::string SigningRegion(Service service, const std::string& region) {
  if (service != Service::kRoute53) {
    return region;
  }
  std::string partition = PartitionForRegion(region);
  return partition == "aws-cn"       ? "cn-northwest-1"
         : partition == "aws-us-gov" ? "us-gov-west-1"
                                     : "us-east-1";
}

std::string DefaultEndpoint(Service service, const std::string& region) {
  if (service == Service::kRoute53) {
    return "https://route53." + DnsSuffix(PartitionForRegion(region));
  }
  return "https://" + std::string(InfoFor(service).signing_name) + "." + region + "." +
         DnsSuffix(PartitionForRegion(region));
}

namespace {

// The configured endpoint and where it came from (for the error message); "" when none is.
Result<std::string> Configured(Service service, const EndpointInputs& inputs, std::string* source) {
  if (!inputs.explicit_url.empty()) {
    *source = "--endpoint-url";
    return inputs.explicit_url;
  }
  std::string ignore = inputs.env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").value_or("");
  if (ignore.empty() && inputs.files != nullptr) {
    ignore = Get(inputs.files->Profile(inputs.profile), "ignore_configured_endpoint_urls");
  }
  if (Lower(ignore) == "true") {
    return std::string();
  }
  *source = std::string("AWS_ENDPOINT_URL_") + InfoFor(service).env_suffix;
  if (auto url = inputs.env(*source)) {
    return *url;
  }
  *source = "AWS_ENDPOINT_URL";
  if (auto url = inputs.env(*source)) {
    return *url;
  }
  *source = "endpoint_url in profile " + inputs.profile;
  return FromConfig(service, inputs);
}

}  // namespace

Result<std::string> ResolveEndpoint(Service service, const EndpointInputs& inputs) {
  std::string source;
  Result<std::string> url = Configured(service, inputs, &source);
  if (!url.ok() || url->empty()) {
    return url.ok() ? DefaultEndpoint(service, inputs.region) : url;
  }
  // A malformed endpoint is a usage error now, not a connection error at the first call.
  if (Result<Url> parsed = ParseUrl(*url); !parsed.ok() || parsed->host.empty()) {
    return Status::InvalidArgument("Bad value for " + source + " \"" + *url +
                                   "\": must be of the form http://<hostname>[:port]/ or "
                                   "https://<hostname>[:port]/");
  }
  return url;
}

}  // namespace stepshift::aws
