#include "api/router.h"

#include <gtest/gtest.h>

namespace stepshift::api {
namespace {

// Each fake service answers with its own name, the operation it got and the region it saw.
ServiceHandler Named(std::string name) {
  return [name](std::string_view operation, const HttpRequest&, const RequestInfo& info) {
    HttpResponse response;
    response.body = name + "|" + std::string(operation) + "|" + info.region + "|" + info.partition +
                    "|" + info.account;
    return response;
  };
}

HttpRequest Request(std::string target, std::vector<std::pair<std::string, std::string>> headers) {
  HttpRequest request;
  request.method = "POST";
  request.target = std::move(target);
  request.headers = std::move(headers);
  return request;
}

class RouterTest : public ::testing::Test {
 protected:
  Router router_{RouterOptions{"eu-west-1", "111122223333"},
                 Services{Named("sfn"), Named("json"), Named("cbor"), Named("query"),
                          Named("lambda"), Named("route53")}};
};

TEST_F(RouterTest, DispatchesByTargetPathAndForm) {
  struct Case {
    const char* name;
    HttpRequest request;
    const char* body;
  } cases[] = {
      {"sfn", Request("/", {{"x-amz-target", "AWSStepFunctions.ListStateMachines"}}),
       "sfn|ListStateMachines|eu-west-1|aws|111122223333"},
      {"cloudwatch json",
       Request("/", {{"x-amz-target", "GraniteServiceVersion20100801.DescribeAlarms"}}),
       "json|GraniteServiceVersion20100801.DescribeAlarms|eu-west-1|aws|111122223333"},
      {"sts json",
       Request("/", {{"x-amz-target", "AWSSecurityTokenServiceV20110615.GetCallerIdentity"}}),
       "json|AWSSecurityTokenServiceV20110615.GetCallerIdentity|eu-west-1|aws|111122223333"},
      {"cbor", Request("/service/GraniteServiceVersion20100801/operation/PutMetricData", {}),
       "cbor|PutMetricData|eu-west-1|aws|111122223333"},
      {"query form",
       Request("/", {{"content-type", "application/x-www-form-urlencoded; charset=utf-8"}}),
       "query||eu-west-1|aws|111122223333"},
      {"query string", Request("/?Action=GetCallerIdentity&Version=2011-06-15", {}),
       "query||eu-west-1|aws|111122223333"},
      {"lambda rest", Request("/2015-03-31/functions/fn/invocations", {}),
       "lambda||eu-west-1|aws|111122223333"},
      {"route53 rest", Request("/2013-04-01/hostedzone/Z1/rrset/", {}),
       "route53||eu-west-1|aws|111122223333"},
      {"lambda concurrency", Request("/2019-09-30/functions/fn/concurrency", {}),
       "lambda||eu-west-1|aws|111122223333"},
      {"lambda tags",
       Request("/2017-03-31/tags/arn%3Aaws%3Alambda%3Aeu-west-1%3A1%3Afunction%3Af", {}),
       "lambda||eu-west-1|aws|111122223333"},
  };

  for (const Case& c : cases) {
    HttpResponse response = router_.Handle(c.request);
    EXPECT_EQ(response.body, c.body) << c.name;
    bool has_request_id = false;
    for (const auto& [name, value] : response.headers) {
      has_request_id |= name == "x-amzn-RequestId" && value.size() == 36;
    }
    EXPECT_TRUE(has_request_id) << c.name;
  }
}

// Issue 14 item 12: the message names what was asked for (it was empty).
TEST_F(RouterTest, UnknownOrMissingTargetIsUnknownOperation) {
  struct Case {
    HttpRequest request;
    std::string message;
  } cases[] = {
      {Request("/", {{"x-amz-target", "AmazonSQS.SendMessage"}}),
       "stepshift serve does not implement the operation AmazonSQS.SendMessage"},
      {Request("/", {}), "The request names no operation"},
  };

  for (const Case& c : cases) {
    HttpResponse response = router_.Handle(c.request);
    EXPECT_EQ(response.status, 400);
    EXPECT_NE(response.body.find(R"("__type":"UnknownOperationException")"), std::string::npos);
    EXPECT_NE(response.body.find(c.message), std::string::npos) << response.body;
  }
}

TEST_F(RouterTest, RegionComesFromTheCredentialScope) {
  HttpRequest request =
      Request("/", {{"x-amz-target", "AWSStepFunctions.ListStateMachines"},
                    {"authorization",
                     "AWS4-HMAC-SHA256 Credential=AKID/20240101/cn-north-1/states/aws4_request, "
                     "SignedHeaders=host;x-amz-date, Signature=abc"}});
  EXPECT_EQ(router_.Handle(request).body, "sfn|ListStateMachines|cn-north-1|aws-cn|111122223333");
}

TEST(RegionFromCredentialScopeTest, ReadsHeaderAndPresignedForms) {
  EXPECT_EQ(
      RegionFromCredentialScope(Request("/", {{"authorization",
                                               "AWS4-HMAC-SHA256 Credential=A/20240101/us-west-2/"
                                               "monitoring/aws4_request,SignedHeaders=host"}})),
      "us-west-2");
  EXPECT_EQ(RegionFromCredentialScope(Request(
                "/?X-Amz-Credential=A%2F20240101%2Fap-south-1%2Fsts%2Faws4_request&X=1", {})),
            "ap-south-1");
  EXPECT_EQ(RegionFromCredentialScope(Request("/", {{"authorization", "Credential=garbage"}})), "");
  EXPECT_EQ(RegionFromCredentialScope(Request("/", {})), "");
}

}  // namespace
}  // namespace stepshift::api
