#include "aws/client_config.h"

#include <gtest/gtest.h>

#include "aws/testing/fake_transport.h"
#include "aws/testing/temp_dir.h"

namespace stepshift::aws {
namespace {

using testing::TempDir;

class ClientConfigTest : public ::testing::Test {
 protected:
  // Options whose environment points the shared files into a temp dir.
  ConfigOptions Options(std::map<std::string, std::string> env, const std::string& config = "",
                        const std::string& credentials = "") {
    env["AWS_CONFIG_FILE"] = dir_.Write("config", config);
    env["AWS_SHARED_CREDENTIALS_FILE"] = dir_.Write("credentials", credentials);
    env["AWS_EC2_METADATA_DISABLED"] = "true";
    ConfigOptions options;
    options.env = MapEnv(std::move(env));
    options.clock = &clock_;
    options.transport = std::make_shared<testing::FakeTransport>();
    return options;
  }

  TempDir dir_;
  FakeClock clock_;
};

TEST_F(ClientConfigTest, RegionFromFlagThenEnvironmentThenProfile) {
  struct Case {
    const char* flag;
    std::map<std::string, std::string> env;
    const char* expected;
  } cases[] = {
      {"eu-west-3", {{"AWS_REGION", "us-west-2"}}, "eu-west-3"},
      {"", {{"AWS_REGION", "us-west-2"}, {"AWS_DEFAULT_REGION", "us-east-2"}}, "us-west-2"},
      {"", {{"AWS_DEFAULT_REGION", "us-east-2"}}, "us-east-2"},
      {"", {}, "ap-south-1"},
  };

  for (const Case& c : cases) {
    ConfigOptions options = Options(c.env, "[default]\nregion = ap-south-1\n");
    options.region = c.flag;
    Result<ClientConfig> config = ResolveConfig(options);
    ASSERT_TRUE(config.ok()) << config.status().ToString();
    EXPECT_EQ(config->region, c.expected);
  }
}

TEST_F(ClientConfigTest, NoRegionIsAnError) {
  EXPECT_TRUE(ResolveConfig(Options({})).status().IsInvalidArgument());
}

TEST_F(ClientConfigTest, PartitionAndDefaultEndpointsFollowTheRegion) {
  struct Case {
    const char* region;
    const char* partition;
    const char* sfn;
    const char* cloudwatch;
    const char* sts;
  } cases[] = {
      {"us-east-1", "aws", "https://states.us-east-1.amazonaws.com",
       "https://monitoring.us-east-1.amazonaws.com", "https://sts.us-east-1.amazonaws.com"},
      {"cn-north-1", "aws-cn", "https://states.cn-north-1.amazonaws.com.cn",
       "https://monitoring.cn-north-1.amazonaws.com.cn", "https://sts.cn-north-1.amazonaws.com.cn"},
      {"us-gov-west-1", "aws-us-gov", "https://states.us-gov-west-1.amazonaws.com",
       "https://monitoring.us-gov-west-1.amazonaws.com", "https://sts.us-gov-west-1.amazonaws.com"},
  };

  for (const Case& c : cases) {
    ConfigOptions options = Options({});
    options.region = c.region;
    Result<ClientConfig> config = ResolveConfig(options);
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(config->partition, c.partition);
    EXPECT_EQ(config->sfn_endpoint, c.sfn);
    EXPECT_EQ(config->cloudwatch_endpoint, c.cloudwatch);
    EXPECT_EQ(config->sts_endpoint, c.sts);
  }
}

constexpr char kServicesConfig[] = R"([default]
region = us-east-1
services = local
endpoint_url = http://profile-global:1

[services local]
sfn =
  endpoint_url = http://services-sfn:2
)";

TEST_F(ClientConfigTest, EndpointPrecedence) {
  struct Case {
    const char* name;
    const char* flag;
    std::map<std::string, std::string> env;
    const char* sfn;
    const char* cloudwatch;
  } cases[] = {
      {"flag wins",
       "http://flag:9",
       {{"AWS_ENDPOINT_URL_SFN", "http://env-sfn:3"}},
       "http://flag:9",
       "http://flag:9"},
      {"service env",
       "",
       {{"AWS_ENDPOINT_URL_SFN", "http://env-sfn:3"}, {"AWS_ENDPOINT_URL", "http://env-global:4"}},
       "http://env-sfn:3",
       "http://env-global:4"},
      {"cloudwatch env",
       "",
       {{"AWS_ENDPOINT_URL_CLOUDWATCH", "http://env-cw:5"}},
       "http://services-sfn:2",
       "http://env-cw:5"},
      {"config", "", {}, "http://services-sfn:2", "http://profile-global:1"},
      {"ignored",
       "",
       {{"AWS_ENDPOINT_URL", "http://env-global:4"},
        {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}},
       "https://states.us-east-1.amazonaws.com",
       "https://monitoring.us-east-1.amazonaws.com"},
  };

  for (const Case& c : cases) {
    ConfigOptions options = Options(c.env, kServicesConfig);
    options.endpoint_url = c.flag;
    Result<ClientConfig> config = ResolveConfig(options);
    ASSERT_TRUE(config.ok()) << c.name << ": " << config.status().ToString();
    EXPECT_EQ(config->sfn_endpoint, c.sfn) << c.name;
    EXPECT_EQ(config->cloudwatch_endpoint, c.cloudwatch) << c.name;
  }
}

TEST_F(ClientConfigTest, AMissingServicesSectionIsAnError) {
  ConfigOptions options = Options({}, "[default]\nregion = us-east-1\nservices = nope\n");
  EXPECT_TRUE(ResolveConfig(options).status().IsInvalidArgument());
}

// Issue 14 item 6: a malformed endpoint used to pass here and fail at the first call (exit 3).
TEST_F(ClientConfigTest, AMalformedEndpointIsAUsageErrorNamingItsSource) {
  struct Case {
    const char* flag;
    std::map<std::string, std::string> env;
    const char* source;
  } cases[] = {
      {"localhost:8083", {}, "Bad value for --endpoint-url \"localhost:8083\""},
      {"ftp://host", {}, "--endpoint-url"},
      {"http://", {}, "--endpoint-url"},
      {"", {{"AWS_ENDPOINT_URL", "nope"}}, "Bad value for AWS_ENDPOINT_URL \"nope\""},
  };

  for (const Case& c : cases) {
    std::map<std::string, std::string> env = c.env;
    env["AWS_REGION"] = "us-east-1";
    ConfigOptions options = Options(env);
    options.endpoint_url = c.flag;
    Result<ClientConfig> config = ResolveConfig(options);
    ASSERT_TRUE(config.status().IsInvalidArgument()) << c.flag;
    EXPECT_NE(config.status().message().find(c.source), std::string::npos)
        << config.status().message();
  }
}

TEST_F(ClientConfigTest, AMissingProfileIsAnError) {
  ConfigOptions options = Options({{"AWS_REGION", "us-east-1"}});
  options.profile = "prod";
  Result<ClientConfig> config = ResolveConfig(options);
  EXPECT_TRUE(config.status().IsInvalidArgument());
  EXPECT_NE(config.status().message().find("prod"), std::string::npos);
}

TEST_F(ClientConfigTest, ProfileSuppliesRegionAndCredentials) {
  ConfigOptions options = Options({{"AWS_PROFILE", "dev"}}, "[profile dev]\nregion = eu-north-1\n",
                                  "[dev]\naws_access_key_id = DEV\naws_secret_access_key = S\n");
  Result<ClientConfig> config = ResolveConfig(options);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->profile, "dev");
  EXPECT_EQ(config->region, "eu-north-1");
  EXPECT_EQ(config->credentials->Get()->access_key_id, "DEV");
}

TEST_F(ClientConfigTest, MaxAttempts) {
  struct Case {
    int flag;
    std::map<std::string, std::string> env;
    int expected;
  } cases[] = {
      {0, {}, 3},
      {0, {{"AWS_MAX_ATTEMPTS", "7"}}, 7},
      {2, {{"AWS_MAX_ATTEMPTS", "7"}}, 2},
  };

  for (const Case& c : cases) {
    ConfigOptions options = Options(c.env, "[default]\nregion = us-east-1\n");
    options.max_attempts = c.flag;
    EXPECT_EQ(ResolveConfig(options)->retry.max_attempts, c.expected);
  }
  ConfigOptions bad = Options({{"AWS_MAX_ATTEMPTS", "zero"}}, "[default]\nregion = us-east-1\n");
  EXPECT_TRUE(ResolveConfig(bad).status().IsInvalidArgument());
}

TEST_F(ClientConfigTest, ExplicitCredentialsAreUsedAsGiven) {
  ConfigOptions options = Options({{"AWS_ACCESS_KEY_ID", "ENV"}, {"AWS_SECRET_ACCESS_KEY", "S"}});
  options.region = "us-east-1";
  options.credentials = StaticCredentials("DUMMY", "DUMMY");
  EXPECT_EQ(ResolveConfig(options)->credentials->Get()->access_key_id, "DUMMY");
}

TEST_F(ClientConfigTest, ContextForCarriesTheSigningNameAndRegion) {
  ConfigOptions options = Options({});
  options.region = "eu-west-1";
  ClientConfig config = ResolveConfig(options).value();
  EXPECT_EQ(ContextFor(config, Service::kSfn).endpoint.signing_name, "states");
  EXPECT_EQ(ContextFor(config, Service::kCloudWatch).endpoint.signing_name, "monitoring");
  EXPECT_EQ(ContextFor(config, Service::kSts).endpoint.url, "https://sts.eu-west-1.amazonaws.com");
  EXPECT_EQ(ContextFor(config, Service::kSts).endpoint.region, "eu-west-1");
}

TEST_F(ClientConfigTest, CredentialStsCallsIgnoreEndpointUrlButHonourTheStsVariable) {
  testing::TempDir tokens;
  std::string token_file = tokens.Write("token", "jwt");
  for (const bool sts_variable : {false, true}) {
    std::map<std::string, std::string> env = {{"AWS_WEB_IDENTITY_TOKEN_FILE", token_file},
                                              {"AWS_ROLE_ARN", "arn:aws:iam::1:role/R"}};
    if (sts_variable) {
      env["AWS_ENDPOINT_URL_STS"] = "http://sts.local:1";
    }
    ConfigOptions options = Options(env);
    options.region = "us-west-2";
    options.endpoint_url = "http://127.0.0.1:8083";
    auto transport = std::make_shared<testing::FakeTransport>();
    options.transport = transport;
    ClientConfig config = ResolveConfig(options).value();
    EXPECT_EQ(config.sts_endpoint, "http://127.0.0.1:8083");  // GetCallerIdentity goes there
    (void)config.credentials->Get();
    EXPECT_EQ(transport->requests().at(0).url,
              sts_variable ? "http://sts.local:1" : "https://sts.us-west-2.amazonaws.com");
  }
}

TEST_F(ClientConfigTest, LoopbackEndpointsWorkWithoutCredentials) {
  ConfigOptions options = Options({{"AWS_REGION", "us-east-1"}});
  options.endpoint_url = "http://127.0.0.1:8083";
  Result<ClientConfig> config = ResolveConfig(options);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  Result<Credentials> credentials = config->credentials->Get();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->source, "loopback");
}

TEST_F(ClientConfigTest, LoopbackEndpointsStillUseConfiguredCredentials) {
  ConfigOptions options = Options({{"AWS_REGION", "us-east-1"},
                                   {"AWS_ACCESS_KEY_ID", "AKIDENV"},
                                   {"AWS_SECRET_ACCESS_KEY", "secret"}});
  options.endpoint_url = "http://localhost:8083";
  Result<ClientConfig> config = ResolveConfig(options);
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->credentials->Get()->access_key_id, "AKIDENV");
}

TEST_F(ClientConfigTest, RemoteEndpointsWithoutCredentialsFail) {
  ConfigOptions options = Options({{"AWS_REGION", "us-east-1"}});
  Result<ClientConfig> config = ResolveConfig(options);
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->credentials->Get().status().kind(), kNoCredentials);
  // STS still goes to AWS, so signing for it with placeholder keys would be wrong.
  options = Options({{"AWS_REGION", "us-east-1"},
                     {"AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:8083"},
                     {"AWS_ENDPOINT_URL_CLOUDWATCH", "http://127.0.0.1:8083"}});
  config = ResolveConfig(options);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  auto got = config->credentials->Get();
  EXPECT_EQ(got.status().kind(), kNoCredentials);
}

}  // namespace
}  // namespace stepshift::aws
