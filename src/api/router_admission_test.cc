// Issue 14 item 8: the router's admission of requests — forged-by-a-browser refusals and the SigV4
// check of `serve --auth`. Before, any web page could change state (GET ?Action=SetAlarmState…
// and form POSTs with a foreign Origin got 200) and no signature was ever checked.
#include <gtest/gtest.h>

#include "api/router.h"
#include "aws/sigv4.h"

namespace stepshift::api {
namespace {

constexpr char kKey[] = "AKIDSTEPSHIFT";
constexpr char kSecret[] = "s3cr3t/key+value";
const Time kNow = FromEpochSeconds(1'700'000'000);  // 20231114T221320Z

// The fake services answer "<kind>|<message>" of the refusal, or "served|<region>".
ServiceHandler Echo() {
  return [](std::string_view, const HttpRequest&, const RequestInfo& info) {
    HttpResponse response;
    response.body = info.denied.ok() ? "served|" + info.region
                                     : info.denied.kind() + "|" + info.denied.message();
    return response;
  };
}

class AdmissionTest : public ::testing::Test {
 protected:
  Router MakeRouter(bool auth) {
    RouterOptions options;
    options.guard.hosts = {"10.1.2.3"};
    options.auth.clock = &clock_;
    if (auth) {
      options.auth.secrets = {{kKey, kSecret}};
    }
    return Router(options, Services{Echo(), Echo(), Echo(), Echo(), Echo(), Echo()});
  }

  // A request signed by the C++ signer (which signs as botocore does: test_sigv4.py).
  HttpRequest Signed(const std::string& target_header, std::string body,
                     const std::string& service = "states", Time at = kNow,
                     const std::string& secret = kSecret) {
    aws::HttpRequest out;
    out.url = "http://127.0.0.1:8083/";
    out.headers = {{"Content-Type", "application/x-amz-json-1.0"}, {"X-Amz-Target", target_header}};
    out.body = std::move(body);
    aws::Credentials credentials{kKey, secret, "", std::nullopt, "test"};
    EXPECT_TRUE(aws::SignRequest({"eu-west-2", service}, credentials, at, &out).ok());
    HttpRequest in;
    in.method = "POST";
    in.target = "/";
    in.headers = {{"host", "127.0.0.1:8083"}};
    for (const auto& [name, value] : out.headers) {
      std::string lower = name;
      std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
      in.headers.emplace_back(lower, value);
    }
    in.body = out.body;
    return in;
  }

  static void SetHeader(HttpRequest* request, const std::string& name, const std::string& value) {
    for (auto& [n, v] : request->headers) {
      if (n == name)
        v = value;
    }
  }

  FakeClock clock_{kNow};
};

const std::string kSfn = "AWSStepFunctions.ListStateMachines";
const std::string kCloudWatch = "GraniteServiceVersion20100801.DescribeAlarms";

TEST_F(AdmissionTest, AValidSignatureIsServedInItsScopesRegion) {
  Router router = MakeRouter(true);
  EXPECT_EQ(router.Handle(Signed(kSfn, "{}")).body, "served|eu-west-2");
  EXPECT_EQ(router.Handle(Signed(kCloudWatch, "{}", "monitoring")).body, "served|eu-west-2");
}

TEST_F(AdmissionTest, TamperedRequestsAreInvalidSignatures) {
  Router router = MakeRouter(true);
  HttpRequest body = Signed(kSfn, R"({"maxResults":1})");
  body.body = R"({"maxResults":2})";
  const std::string answer = router.Handle(body).body;
  EXPECT_EQ(answer.rfind(
                "InvalidSignatureException|The request signature we calculated does not match the "
                "signature you provided. Check your AWS Secret Access Key and signing method. "
                "Consult the service documentation for details.\n\nThe Canonical String for this "
                "request should have been\n'POST\n/\n\ncontent-type:application/x-amz-json-1.0\n"
                "host:127.0.0.1:8083\n",
                0),
            0u)
      << answer;
  HttpRequest header = Signed(kSfn, "{}");
  SetHeader(&header, "x-amz-target", "AWSStepFunctions.DeleteStateMachine");
  EXPECT_EQ(router.Handle(header).body.rfind("InvalidSignatureException|", 0), 0u);
  EXPECT_EQ(router.Handle(Signed(kSfn, "{}", "states", kNow, "wrong"))
                .body.rfind("InvalidSignatureException|", 0),
            0u);
  // CloudWatch answers with the query code (its JSON shape comes from the wire layer).
  HttpRequest cw = Signed(kCloudWatch, "{}", "monitoring");
  cw.body = "{ }";
  EXPECT_EQ(router.Handle(cw).body.rfind(
                "SignatureDoesNotMatch|The request signature we calculated does not match the "
                "signature you provided. Check your AWS Secret Access Key and signing method. "
                "Consult the service documentation for details.",
                0),
            0u);
}

TEST_F(AdmissionTest, UnknownKeysMissingAndIncompleteSignatures) {
  Router router = MakeRouter(true);
  HttpRequest unknown = Signed(kSfn, "{}");
  SetHeader(&unknown, "authorization",
            std::string(unknown.Header("authorization")).replace(28, 4, "XXXX"));
  EXPECT_EQ(router.Handle(unknown).body,
            "UnrecognizedClientException|The security token included in the request is invalid.");
  HttpRequest cw_unknown = Signed(kCloudWatch, "{}", "monitoring");
  SetHeader(&cw_unknown, "authorization",
            std::string(cw_unknown.Header("authorization")).replace(28, 4, "XXXX"));
  EXPECT_EQ(router.Handle(cw_unknown).body.rfind("InvalidClientTokenId|", 0), 0u);

  HttpRequest unsigned_request = Signed(kSfn, "{}");
  std::erase_if(unsigned_request.headers, [](const auto& h) { return h.first == "authorization"; });
  EXPECT_EQ(router.Handle(unsigned_request).body,
            "MissingAuthenticationTokenException|Missing Authentication Token");

  HttpRequest incomplete = Signed(kSfn, "{}");
  const std::string auth(incomplete.Header("authorization"));
  SetHeader(&incomplete, "authorization", auth.substr(0, auth.find(", Signature=")));
  EXPECT_EQ(router.Handle(incomplete).body,
            "IncompleteSignatureException|Authorization header requires 'Signature' parameter. "
            "Authorization=" +
                auth.substr(0, auth.find(", Signature=")));
}

TEST_F(AdmissionTest, SignaturesOutsideFiveMinutesAreRefused) {
  Router router = MakeRouter(true);
  EXPECT_EQ(router.Handle(Signed(kSfn, "{}", "states", kNow - std::chrono::minutes(4))).body,
            "served|eu-west-2");
  EXPECT_EQ(router.Handle(Signed(kSfn, "{}", "states", kNow - std::chrono::minutes(6))).body,
            "InvalidSignatureException|Signature expired: 20231114T220720Z is now earlier than "
            "20231114T220820Z (20231114T221320Z - 5 min.)");
  EXPECT_EQ(router.Handle(Signed(kSfn, "{}", "states", kNow + std::chrono::minutes(6))).body,
            "InvalidSignatureException|Signature not yet current: 20231114T221920Z is still later "
            "than 20231114T221820Z (20231114T221320Z + 5 min.)");
}

// Lambda answers as Step Functions does (JSON types), Route 53 with the query codes.
TEST_F(AdmissionTest, LambdaAndRoute53AreCheckedWithTheirSigningNames) {
  Router router = MakeRouter(true);
  HttpRequest lambda = Signed(kSfn, "{}", "states");
  lambda.target = "/2015-03-31/functions";
  std::erase_if(lambda.headers, [](const auto& h) { return h.first == "x-amz-target"; });
  EXPECT_EQ(router.Handle(lambda).body.rfind("InvalidSignatureException|Credential should be "
                                             "scoped to correct service: 'lambda'. ",
                                             0),
            0u);
  HttpRequest route53 = lambda;
  route53.target = "/2013-04-01/hostedzone";
  EXPECT_EQ(router.Handle(route53).body.rfind("SignatureDoesNotMatch|Credential should be scoped "
                                              "to correct service: 'route53'. ",
                                              0),
            0u);
}

TEST_F(AdmissionTest, TheScopeMustNameTheServiceCalled) {
  Router router = MakeRouter(true);
  EXPECT_EQ(router.Handle(Signed(kSfn, "{}", "monitoring")).body,
            "InvalidSignatureException|Credential should be scoped to correct service: 'states'. ");
  EXPECT_EQ(router.Handle(Signed(kCloudWatch, "{}", "states")).body,
            "SignatureDoesNotMatch|Credential should be scoped to correct service: "
            "'monitoring'. ");
}

HttpRequest Plain(std::string method, std::string target,
                  std::vector<std::pair<std::string, std::string>> headers) {
  HttpRequest request;
  request.method = std::move(method);
  request.target = std::move(target);
  request.headers = std::move(headers);
  return request;
}

TEST_F(AdmissionTest, RequestsABrowserCouldForgeAreRefused) {
  Router router = MakeRouter(false);
  const std::string form = "application/x-www-form-urlencoded";

  struct Case {
    HttpRequest request;
    std::string answer;  // a prefix
  } cases[] = {
      {Plain("GET", "/?Action=SetAlarmState&AlarmName=a&StateValue=OK", {{"host", "localhost"}}),
       "AccessDenied|stepshift serve refuses this request because a GET request may only call "
       "read-only actions, not SetAlarmState (send it as POST): a web page could have forged it"},
      {Plain("GET", "/?Version=2010-08-01&Action=DeleteAlarms", {{"host", "127.0.0.1:8083"}}),
       "AccessDenied|"},
      {Plain("POST", "/",
             {{"host", "127.0.0.1:8083"},
              {"origin", "https://evil.example"},
              {"content-type", form}}),
       "AccessDenied|stepshift serve refuses this request because it comes from a web page of "
       "origin https://evil.example, which is not loopback"},
      {Plain("POST", "/", {{"host", "127.0.0.1"}, {"origin", "null"}, {"content-type", form}}),
       "AccessDenied|"},
      {Plain("POST", "/", {{"host", "rebound.evil.example:8083"}, {"x-amz-target", kSfn}}),
       "AccessDeniedException|stepshift serve refuses this request because it is addressed to "
       "host 'rebound.evil.example:8083', not to a loopback name or the address serve listens on "
       "(DNS rebinding)"},
      // Allowed: read-only GETs, loopback origins and hosts, the bound address, no Origin at all.
      {Plain("GET", "/?Action=DescribeAlarms", {{"host", "localhost:8083"}}), "served|"},
      {Plain("POST", "/",
             {{"host", "[::1]:8083"}, {"origin", "http://localhost:3000"}, {"x-amz-target", kSfn}}),
       "served|"},
      {Plain("POST", "/", {{"host", "10.1.2.3:8083"}, {"x-amz-target", kSfn}}), "served|"},
      // botocore's "sync-" host prefix (StartSyncExecution, TestState), on an allowed name only.
      {Plain("POST", "/", {{"host", "sync-localhost:8083"}, {"x-amz-target", kSfn}}), "served|"},
      {Plain("POST", "/", {{"host", "sync-evil.example:8083"}, {"x-amz-target", kSfn}}),
       "AccessDeniedException|"},
  };

  for (const Case& c : cases) {
    const std::string answer = router.Handle(c.request).body;
    EXPECT_EQ(answer.rfind(c.answer, 0), 0u) << c.request.target << " -> " << answer;
  }
}

TEST_F(AdmissionTest, AnyHostIsAcceptedWhenBoundToEveryInterface) {
  RouterOptions options;
  options.guard.any_host = true;
  Router router(options, Services{Echo(), Echo(), Echo(), Echo(), Echo(), Echo()});
  EXPECT_EQ(router.Handle(Plain("POST", "/", {{"host", "myhost.lan:8083"}, {"x-amz-target", kSfn}}))
                .body.rfind("served|", 0),
            0u);
}

}  // namespace
}  // namespace stepshift::api
