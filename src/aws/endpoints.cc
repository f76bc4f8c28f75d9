#include "aws/endpoints.h"

#include <algorithm>
#include <cctype>

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

Result<std::string> ResolveEndpoint(Service service, const EndpointInputs& inputs) {
  if (!inputs.explicit_url.empty()) {
    return inputs.explicit_url;
  }
  std::string ignore = inputs.env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").value_or("");
  if (ignore.empty() && inputs.files != nullptr) {
    ignore = Get(inputs.files->Profile(inputs.profile), "ignore_configured_endpoint_urls");
  }
  if (Lower(ignore) != "true") {
    if (auto url = inputs.env(std::string("AWS_ENDPOINT_URL_") + InfoFor(service).env_suffix)) {
      return *url;
    }
    if (auto url = inputs.env("AWS_ENDPOINT_URL")) {
      return *url;
    }
    Result<std::string> configured = FromConfig(service, inputs);
    if (!configured.ok() || !configured->empty()) {
      return configured;
    }
  }
  return DefaultEndpoint(service, inputs.region);
}

}  // namespace stepshift::aws
