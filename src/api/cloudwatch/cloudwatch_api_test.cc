#include "api/cloudwatch/cloudwatch_api.h"

#include <gtest/gtest.h>

#include "api/cloudwatch/cbor.h"
#include "cloudwatch/cloudwatch_model.h"

namespace stepshift::api {
namespace {

class CloudWatchApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(store::Database::Open(":memory:")).value();
    model_ = std::move(cloudwatch::CloudWatchModel::Open(db_.get(), &clock_)).value();
    api_ = std::make_unique<CloudWatchApi>(model_.get());
  }

  HttpResponse Json(std::string_view op, std::string body) {
    return api_->HandleJson("GraniteServiceVersion20100801." + std::string(op),
                            {"POST", "/", {}, std::move(body)}, info_);
  }

  static std::string Header(const HttpResponse& r, std::string_view name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) {
        return v;
      }
    }
    return "";
  }

  FakeClock clock_;
  RequestInfo info_{"eu-west-1", "111122223333", "aws", "req-1"};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<cloudwatch::CloudWatchModel> model_;
  std::unique_ptr<CloudWatchApi> api_;
};

TEST_F(CloudWatchApiTest, JsonRoundTripUsesTheRequestRegionAndAccount) {
  HttpResponse put = Json("PutMetricAlarm",
                          R"({"AlarmName":"a","MetricName":"m","Namespace":"n","Statistic":"Sum",
                              "Period":60,"EvaluationPeriods":1,"Threshold":1,
                              "ComparisonOperator":"GreaterThanThreshold"})");
  ASSERT_EQ(put.status, 200) << put.body;
  HttpResponse described = Json("DescribeAlarms", R"({"AlarmNames":["a"]})");
  EXPECT_NE(described.body.find("arn:aws:cloudwatch:eu-west-1:111122223333:alarm:a"),
            std::string::npos);
  HttpResponse again = Json("DescribeAlarms", R"({"AlarmNames":["a"]})");
  EXPECT_EQ(again.body, described.body);  // served from the rendering cache
}

struct BadCase {
  std::string op;
  std::string body;
  int status;
  std::string query_error;
};

TEST_F(CloudWatchApiTest, MalformedInputNeverCrashes) {
  const BadCase cases[] = {
      {"DescribeAlarms", "{", 400, ""},
      {"DescribeAlarms", "[]", 400, ""},
      {"DescribeAlarms", R"({"AlarmNames":[1]})", 400, "InvalidParameterValue;Sender"},
      {"DescribeAlarms", R"({"MaxRecords":"many"})", 400, "InvalidParameterValue;Sender"},
      {"PutMetricData", R"({"Namespace":"n","MetricData":[{"MetricName":"m","Value":"x"}]})", 400,
       "InvalidParameterValue;Sender"},
      {"PutMetricData", R"({"MetricData":[]})", 400, "MissingParameter;Sender"},
      {"SetAlarmState", R"({"AlarmName":"z","StateValue":"OK","StateReason":"r"})", 404,
       "ResourceNotFound;Sender"},
      {"GetMetricStatistics", R"({"Namespace":"n","MetricName":"m"})", 400,
       "MissingParameter;Sender"},
      {"NoSuchThing", "{}", 400, "UnknownOperationException;Sender"},
  };
  for (const BadCase& c : cases) {
    HttpResponse r = Json(c.op, c.body);
    EXPECT_EQ(r.status, c.status) << c.op << " " << c.body << " -> " << r.body;
    if (!c.query_error.empty()) {
      EXPECT_EQ(Header(r, "x-amzn-query-error"), c.query_error) << c.body;
    }
  }
}

TEST_F(CloudWatchApiTest, CborAndQueryShareTheOperations) {
  std::string body = cloudwatch_wire::EncodeCbor(
      json::Object{{"Namespace", "n"},
                   {"MetricData", json::Array{json::Object{{"MetricName", "m"}, {"Value", 1.0}}}}});
  HttpResponse cbor = api_->HandleCbor("PutMetricData", {"POST", "/", {}, body}, info_);
  EXPECT_EQ(cbor.status, 200);
  HttpResponse query = api_->HandleQuery(
      {"POST", "/", {}, "Action=ListMetrics&Version=2010-08-01&Namespace=n"}, info_);
  EXPECT_EQ(query.status, 200);
  EXPECT_NE(query.body.find("<MetricName>m</MetricName>"), std::string::npos);
  HttpResponse sts =
      api_->HandleQuery({"POST", "/?Action=GetCallerIdentity&Version=2011-06-15", {}, ""}, info_);
  EXPECT_NE(sts.body.find("<Arn>arn:aws:iam::111122223333:root</Arn>"), std::string::npos);
}

}  // namespace
}  // namespace stepshift::api
