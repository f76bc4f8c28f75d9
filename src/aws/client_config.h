// Resolves once what every AWS client needs — region, partition, endpoints, credentials,
// retries, transport — from flags, the environment and the shared config files, the way the
// AWS CLI does. Typical use:
//
//   aws::ConfigOptions options;
//   options.region = flags.region;           // may be empty
//   options.profile = flags.profile;         // may be empty
//   options.endpoint_url = flags.endpoint_url;
//   ASSIGN_OR_RETURN(aws::ClientConfig config, aws::ResolveConfig(options));
//   aws::SfnClient sfn(config);
//
// Resolution does no network I/O: credentials are fetched on the first call. When every endpoint
// is a loopback address (`stepshift serve`), the chain skips instance metadata and, finding
// nothing, signs with placeholder keys instead of failing: a local endpoint needs no AWS account.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "aws/credentials.h"
#include "aws/endpoints.h"
#include "aws/env.h"
#include "aws/http.h"
#include "aws/retry.h"
#include "aws/service_caller.h"
#include "base/clock.h"

namespace stepshift::aws {

struct ConfigOptions {
  std::string region;        // --region; empty: AWS_REGION, AWS_DEFAULT_REGION, profile region
  std::string profile;       // --profile; empty: AWS_DEFAULT_PROFILE, AWS_PROFILE, "default"
  std::string endpoint_url;  // --endpoint-url, for every service; empty: see ResolveEndpoint
  int max_attempts = 0;      // 0: AWS_MAX_ATTEMPTS, the profile's max_attempts, else 3
  EnvLookup env;             // empty: the process environment
  Clock* clock = nullptr;    // null: SystemClock(); must outlive the clients
  std::shared_ptr<HttpTransport> transport;          // null: a CurlTransport
  std::shared_ptr<CredentialsProvider> credentials;  // null: DefaultCredentialChain
  std::function<double()> jitter;                    // retry jitter in [0,1); empty: random
};

struct ClientConfig {
  std::string region;
  std::string partition;  // "aws", "aws-cn", "aws-us-gov", …
  std::string profile;
  std::string sfn_endpoint;
  std::string cloudwatch_endpoint;
  std::string sts_endpoint;
  std::string lambda_endpoint;
  std::string route53_endpoint;
  std::shared_ptr<CredentialsProvider> credentials;
  std::shared_ptr<HttpTransport> transport;
  Clock* clock = nullptr;
  RetryOptions retry;
};

// Returns InvalidArgument when no region can be found, when the selected profile does not
// exist in either shared file, or for a malformed setting; FailedPrecondition when a shared
// file exists but cannot be read.
Result<ClientConfig> ResolveConfig(const ConfigOptions& options);

// What a protocol client for `service` needs from `config`.
ServiceContext ContextFor(const ClientConfig& config, Service service);

}  // namespace stepshift::aws
