#include "aws/client_config.h"

#include <charconv>

#include "aws/credential_chain.h"
#include "aws/curl_transport.h"
#include "aws/profile_file.h"
#include "aws/url.h"
#include "base/partition.h"
#include "base/status_macros.h"

namespace stepshift::aws {

namespace {

Result<std::string> ResolveRegion(const ConfigOptions& options, const EnvLookup& env,
                                  const ProfileSection& profile) {
  std::string region = options.region;
  if (region.empty()) {
    region = env("AWS_REGION").value_or(env("AWS_DEFAULT_REGION").value_or(Get(profile, "region")));
  }
  if (region.empty()) {
    return Status::InvalidArgument(
        "You must specify a region: --region, AWS_REGION, AWS_DEFAULT_REGION or the profile's "
        "region");
  }
  return region;
}

Result<int> ResolveMaxAttempts(const ConfigOptions& options, const EnvLookup& env,
                               const ProfileSection& profile) {
  if (options.max_attempts > 0) {
    return options.max_attempts;
  }
  std::string text = env("AWS_MAX_ATTEMPTS").value_or(Get(profile, "max_attempts"));
  if (text.empty()) {
    return 3;
  }
  int attempts = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), attempts);
  if (ec != std::errc() || ptr != text.data() + text.size() || attempts < 1) {
    return Status::InvalidArgument("max_attempts must be a positive integer, not " + text);
  }
  return attempts;
}

std::shared_ptr<HttpTransport> DefaultTransport(const EnvLookup& env,
                                                const ProfileSection& profile) {
  CurlTransportOptions options;
  options.ca_bundle = env("AWS_CA_BUNDLE").value_or(Get(profile, "ca_bundle"));
  return std::make_shared<CurlTransport>(options);
}

Status ResolveEndpoints(const ConfigOptions& options, const EnvLookup& env,
                        const ProfileFiles& files, ClientConfig* config) {
  EndpointInputs inputs{options.endpoint_url, env, &files, config->profile, config->region};
  ASSIGN_OR_RETURN(config->sfn_endpoint, ResolveEndpoint(Service::kSfn, inputs));
  ASSIGN_OR_RETURN(config->cloudwatch_endpoint, ResolveEndpoint(Service::kCloudWatch, inputs));
  ASSIGN_OR_RETURN(config->sts_endpoint, ResolveEndpoint(Service::kSts, inputs));
  ASSIGN_OR_RETURN(config->lambda_endpoint, ResolveEndpoint(Service::kLambda, inputs));
  ASSIGN_OR_RETURN(config->route53_endpoint, ResolveEndpoint(Service::kRoute53, inputs));
  return Status::Ok();
}

// The default chain. Its own STS calls (web identity, assume-role) ignore --endpoint-url, as the
// AWS CLI's credential resolver does: that flag points the command's service elsewhere (often
// at `stepshift serve`), not the identity provider. AWS_ENDPOINT_URL_STS still applies.
Result<std::shared_ptr<CredentialsProvider>> BuildChain(const ConfigOptions& options,
                                                        const EnvLookup& env, ProfileFiles files,
                                                        const ClientConfig& config) {
  EndpointInputs inputs{"", env, &files, config.profile, config.region};
  ASSIGN_OR_RETURN(std::string sts_url, ResolveEndpoint(Service::kSts, inputs));
  CredentialChainOptions chain;
  chain.remote = RemoteSourceOptions{env, config.transport, config.clock};
  chain.files = std::move(files);
  chain.profile = config.profile;
  chain.profile_explicit = !options.profile.empty();
  chain.sts = ServiceEndpoint{sts_url, config.region, "sts"};
  chain.retry = config.retry;
  return DefaultCredentialChain(chain);
}

bool IsLoopback(const std::string& endpoint) {
  Result<Url> url = ParseUrl(endpoint);
  if (!url.ok()) {
    return false;
  }
  return url->host == "localhost" || url->host == "[::1]" || url->host.starts_with("127.");
}

// Credentials for a machine that talks only to a local endpoint (`stepshift serve`, which
// accepts any signature): whatever the chain finds, else fixed placeholder keys instead of
// NoCredentialsError. Nothing signed with them ever leaves the loopback interface.
class LoopbackFallback : public CredentialsProvider {
 public:
  explicit LoopbackFallback(std::shared_ptr<CredentialsProvider> chain)
      : chain_(std::move(chain)) {}

  Result<Credentials> Get() override {
    Result<Credentials> found = chain_->Get();
    if (found.ok() || found.status().kind() != kNoCredentials) {
      return found;
    }
    return Credentials{"stepshift-local", "stepshift-local", "", std::nullopt, "loopback"};
  }

 private:
  std::shared_ptr<CredentialsProvider> chain_;
};

}  // namespace

Result<ClientConfig> ResolveConfig(const ConfigOptions& options) {
  EnvLookup env = options.env ? options.env : ProcessEnv();
  ASSIGN_OR_RETURN(ProfileFiles files, LoadProfileFiles(env));
  ClientConfig config;
  config.profile = SelectProfile(options.profile, env);
  if (config.profile != "default" && !files.HasProfile(config.profile)) {
    return Status::InvalidArgument("The config profile (" + config.profile +
                                   ") could not be found");
  }
  ProfileSection profile = files.Profile(config.profile);
  ASSIGN_OR_RETURN(config.region, ResolveRegion(options, env, profile));
  config.partition = PartitionForRegion(config.region);
  ASSIGN_OR_RETURN(config.retry.max_attempts, ResolveMaxAttempts(options, env, profile));
  config.retry.random = options.jitter;
  config.clock = options.clock ? options.clock : &SystemClock();
  config.transport = options.transport ? options.transport : DefaultTransport(env, profile);
  RETURN_IF_ERROR(ResolveEndpoints(options, env, files, &config));
  config.credentials = options.credentials;
  if (config.credentials) {
    return config;
  }
  bool local_only = IsLoopback(config.sfn_endpoint) && IsLoopback(config.cloudwatch_endpoint) &&
                    IsLoopback(config.sts_endpoint);
  if (local_only) {
    // No instance metadata service to ask on the way: it can only add a timeout.
    env = [env](const std::string& name) -> std::optional<std::string> {
      return name == "AWS_EC2_METADATA_DISABLED" ? std::optional<std::string>("true") : env(name);
    };
  }
  ASSIGN_OR_RETURN(config.credentials, BuildChain(options, env, std::move(files), config));
  if (local_only) {
    config.credentials = std::make_shared<LoopbackFallback>(std::move(config.credentials));
  }
  return config;
}

ServiceContext ContextFor(const ClientConfig& config, Service service) {
  ServiceContext context;
  const std::string& url = service == Service::kSfn          ? config.sfn_endpoint
                           : service == Service::kCloudWatch ? config.cloudwatch_endpoint
                           : service == Service::kLambda     ? config.lambda_endpoint
                           : service == Service::kRoute53    ? config.route53_endpoint
                                                             : config.sts_endpoint;
  context.endpoint =
      ServiceEndpoint{url, SigningRegion(service, config.region), InfoFor(service).signing_name};
  context.credentials = config.credentials;
  context.transport = config.transport;
  context.clock = config.clock;
  context.retry = config.retry;
  return context;
}

}  // namespace stepshift::aws
