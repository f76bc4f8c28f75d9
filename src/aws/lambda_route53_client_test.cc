#include <gtest/gtest.h>

#include "aws/endpoints.h"
#include "aws/lambda_client.h"
#include "aws/route53_client.h"
#include "aws/testing/fake_transport.h"

namespace stepshift::aws {
namespace {

using testing::FakeTransport;
using testing::Respond;

ServiceContext Context(std::shared_ptr<FakeTransport> transport, Service service) {
  ServiceContext context;
  context.endpoint = {"http://127.0.0.1:8083", SigningRegion(service, "eu-west-1"),
                      InfoFor(service).signing_name};
  context.transport = std::move(transport);
  context.clock = &SystemClock();
  context.retry.max_attempts = 1;
  return context;
}

TEST(LambdaClientTest, UpdateAliasPutsRoutingToTheEncodedPath) {
  auto transport = std::make_shared<FakeTransport>();
  transport->Enqueue(Respond(200, R"({"AliasArn":"arn:aws:lambda:eu-west-1:1:function:f:live",
      "Name":"live","FunctionVersion":"1","RevisionId":"r2",
      "RoutingConfig":{"AdditionalVersionWeights":{"2":0.25}}})"));
  LambdaClient client(Context(transport, Service::kLambda));
  LambdaAliasUpdate update;
  update.additional_weights = std::map<std::string, double>{{"2", 0.25}};
  update.revision_id = "r1";
  auto alias = client.UpdateAlias("arn:aws:lambda:eu-west-1:1:function:f", "live", update);
  ASSERT_TRUE(alias.ok()) << alias.status().ToString();
  EXPECT_EQ(alias->additional_weights.at("2"), 0.25);
  EXPECT_EQ(alias->revision_id, "r2");
  HttpRequest sent = transport->requests().at(0);
  EXPECT_EQ(sent.method, "PUT");
  EXPECT_EQ(sent.url,
            "http://127.0.0.1:8083/2015-03-31/functions/"
            "arn%3Aaws%3Alambda%3Aeu-west-1%3A1%3Afunction%3Af/aliases/live");
  EXPECT_EQ(sent.body,
            R"({"RoutingConfig":{"AdditionalVersionWeights":{"2":2.5E-1}},"RevisionId":"r1"})");
}

TEST(LambdaClientTest, ErrorsAndFunctionErrors) {
  auto transport = std::make_shared<FakeTransport>();
  transport->Enqueue(
      Respond(412, R"({"Type":"User","message":"The Revision Id provided does not match"})",
              {{"x-amzn-errortype", "PreconditionFailedException"}}));
  transport->Enqueue(
      Respond(200, R"({"errorType":"ValueError","errorMessage":"x"})",
              {{"x-amz-function-error", "Unhandled"}, {"x-amz-executed-version", "2"}}));
  LambdaClient client(Context(transport, Service::kLambda));
  auto failed = client.PublishVersion("f", "", "", "stale");
  EXPECT_EQ(failed.status().kind(), "PreconditionFailedException");
  auto invoked = client.Invoke("f", "live", "{}");
  ASSERT_TRUE(invoked.ok());
  EXPECT_EQ(invoked->function_error, "Unhandled");
  EXPECT_EQ(invoked->executed_version, "2");
}

constexpr char kListPage[] = R"(<?xml version="1.0"?>
<ListResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
<ResourceRecordSets><ResourceRecordSet><Name>app.example.com.</Name><Type>A</Type>
<SetIdentifier>blue</SetIdentifier><Weight>200</Weight><TTL>60</TTL><ResourceRecords>
<ResourceRecord><Value>10.0.0.1</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>
<ResourceRecordSet><Name>app.example.com.</Name><Type>A</Type><SetIdentifier>green</SetIdentifier>
<Weight>55</Weight><AliasTarget><HostedZoneId>Z2</HostedZoneId><DNSName>lb.example.com.</DNSName>
<EvaluateTargetHealth>true</EvaluateTargetHealth></AliasTarget></ResourceRecordSet>
<ResourceRecordSet><Name>other.example.com.</Name><Type>A</Type><TTL>60</TTL><ResourceRecords>
<ResourceRecord><Value>10.0.0.9</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>
</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>300</MaxItems>
</ListResourceRecordSetsResponse>)";

TEST(Route53ClientTest, ListsTheNamedRecordSetsOnly) {
  auto transport = std::make_shared<FakeTransport>();
  transport->Enqueue(Respond(200, kListPage));
  Route53Client client(Context(transport, Service::kRoute53));
  auto records = client.ListRecordSets("/hostedzone/Z1", "app.example.com", "A");
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].weight, 200);
  EXPECT_EQ((*records)[0].values, std::vector<std::string>{"10.0.0.1"});
  EXPECT_EQ((*records)[1].alias_target->dns_name, "lb.example.com.");
  EXPECT_EQ(transport->requests().at(0).url,
            "http://127.0.0.1:8083/2013-04-01/hostedzone/Z1/rrset?name=app.example.com.&type=A");
}

TEST(Route53ClientTest, ChangeBatchRoundTripsAndErrorsKeepTheirCode) {
  std::vector<Route53Change> changes = {
      {"UPSERT", {"app.example.com.", "A", "blue", 128, 60, {"10.0.0.1"}, std::nullopt}}};
  std::string xml = ChangeBatchXml(changes, "shift & wait");
  EXPECT_NE(xml.find("<Comment>shift &amp; wait</Comment>"), std::string::npos);
  EXPECT_EQ(ParseRecordSets(xml).at(0).weight, 128);
  auto transport = std::make_shared<FakeTransport>();
  transport->Enqueue(Respond(200,
                             "<ChangeResourceRecordSetsResponse><ChangeInfo><Id>/change/C9"
                             "</Id><Status>PENDING</Status></ChangeInfo>"
                             "</ChangeResourceRecordSetsResponse>"));
  transport->Enqueue(Respond(400,
                             "<ErrorResponse><Error><Type>Sender</Type><Code>"
                             "InvalidChangeBatch</Code><Message>[Tried to create]</Message>"
                             "</Error><RequestId>r</RequestId></ErrorResponse>"));
  Route53Client client(Context(transport, Service::kRoute53));
  EXPECT_EQ(*client.ChangeRecordSets("Z1", changes), "C9");
  auto failed = client.ChangeRecordSets("Z1", changes);
  EXPECT_EQ(failed.status().kind(), "InvalidChangeBatch");
  EXPECT_EQ(failed.status().message(), "[Tried to create]");
}

TEST(Route53ClientTest, GlobalEndpointAndSigningRegion) {
  EXPECT_EQ(DefaultEndpoint(Service::kRoute53, "eu-west-1"), "https://route53.amazonaws.com");
  EXPECT_EQ(SigningRegion(Service::kRoute53, "eu-west-1"), "us-east-1");
  EXPECT_EQ(DefaultEndpoint(Service::kLambda, "eu-west-1"),
            "https://lambda.eu-west-1.amazonaws.com");
}

}  // namespace
}  // namespace stepshift::aws
