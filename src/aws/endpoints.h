// Which URL each service is called at, resolved as botocore resolves configured endpoints.
#pragma once

#include <string>

#include "aws/env.h"
#include "aws/profile_file.h"
#include "base/result.h"

namespace stepshift::aws {

enum class Service { kSfn, kCloudWatch, kSts, kLambda, kRoute53 };

struct ServiceInfo {
  const char* env_suffix;    // AWS_ENDPOINT_URL_<env_suffix>
  const char* services_key;  // the key in a config file [services x] section
  const char* signing_name;  // SigV4 service name, also the default hostname's first label
};

const ServiceInfo& InfoFor(Service service);

// The SigV4 credential-scope region of calls to `service` from `region`: Route 53 signs with
// its partition's global region (us-east-1 in aws), the others with `region`.
std::string SigningRegion(Service service, const std::string& region);

// "https://<signing_name>.<region>.<dns suffix>", the suffix from the region's partition:
// amazonaws.com, amazonaws.com.cn (aws-cn), c2s.ic.gov (aws-iso), sc2s.sgov.gov (aws-iso-b).
// Route 53 is global: "https://route53.<dns suffix>".
std::string DefaultEndpoint(Service service, const std::string& region);

struct EndpointInputs {
  std::string explicit_url;  // --endpoint-url: wins over everything
  EnvLookup env;
  const ProfileFiles* files = nullptr;  // may be null: no config file
  std::string profile;
  std::string region;
};

// explicit_url, else AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL, else the profile's
// services section's <service>.endpoint_url, else the profile's endpoint_url, else
// DefaultEndpoint. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true (or the profile's
// ignore_configured_endpoint_urls) skips the environment and config steps. Returns
// InvalidArgument when the profile names a services section that does not exist.
Result<std::string> ResolveEndpoint(Service service, const EndpointInputs& inputs);

}  // namespace stepshift::aws
