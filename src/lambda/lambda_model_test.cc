#include "lambda/lambda_model.h"

#include <gtest/gtest.h>

#include "base/base64.h"
#include "lambda/zip.h"
#include "store/database.h"

namespace stepshift::lambdas {
namespace {

class LambdaModelTest : public testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(store::Database::Open(":memory:")).value();
    model_ = std::move(LambdaModel::Open(db_.get(), &clock_)).value();
  }

  json::Object CreateRequest(const std::string& name, const std::string& body = "v1") {
    std::string zip = MakeZip({{"index.py", "def handler(e, c):\n  return '" + body + "'\n", 0}});
    return json::Object{{"FunctionName", name},
                        {"Runtime", "python3.12"},
                        {"Role", "arn:aws:iam::123456789012:role/lambda"},
                        {"Handler", "index.handler"},
                        {"Code", json::Object{{"ZipFile", Base64Encode(zip)}}}};
  }

  FakeClock clock_;
  CallContext ctx_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<LambdaModel> model_;
};

TEST_F(LambdaModelTest, CreateFunctionReturnsAwsConfiguration) {
  auto config = model_->CreateFunction(ctx_, CreateRequest("fn"));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->at("FunctionArn").as_string(),
            "arn:aws:lambda:us-east-1:123456789012:function:fn");
  EXPECT_EQ(config->at("Version").as_string(), "$LATEST");
  EXPECT_EQ(config->at("Timeout").as_int64(), 3);
  EXPECT_EQ(config->at("MemorySize").as_int64(), 128);
  EXPECT_EQ(config->at("LastModified").as_string(), "2023-11-14T22:13:20.000+0000");
  EXPECT_EQ(config->at("CodeSha256").as_string().size(), 44u);
}

TEST_F(LambdaModelTest, DuplicateNameIsResourceConflict) {
  ASSERT_TRUE(model_->CreateFunction(ctx_, CreateRequest("fn")).ok());
  auto again = model_->CreateFunction(ctx_, CreateRequest("fn"));
  EXPECT_EQ(again.status().kind(), "ResourceConflictException");
  EXPECT_EQ(again.status().message(), "Function already exist: fn");
}

TEST_F(LambdaModelTest, BadZipAndRuntimeGetAwsMessages) {
  json::Object bad_zip = CreateRequest("fn");
  bad_zip["Code"] = json::Object{{"ZipFile", Base64Encode("not a zip")}};
  EXPECT_EQ(model_->CreateFunction(ctx_, bad_zip).status().message(),
            "Could not unzip uploaded file. Please check your file, then try to upload again.");
  json::Object old_runtime = CreateRequest("fn");
  old_runtime["Runtime"] = "python2.7";
  EXPECT_EQ(model_->CreateFunction(ctx_, old_runtime).status().kind(),
            "InvalidParameterValueException");
  json::Object timeout = CreateRequest("fn");
  timeout["Timeout"] = 901;
  EXPECT_EQ(model_->CreateFunction(ctx_, timeout).status().message(),
            "1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: "
            "Member must have value less than or equal to 900");
}

TEST_F(LambdaModelTest, PublishIsIdempotentUntilLatestChanges) {
  ASSERT_TRUE(model_->CreateFunction(ctx_, CreateRequest("fn")).ok());
  auto v1 = model_->PublishVersion(ctx_, "fn", {});
  ASSERT_TRUE(v1.ok());
  EXPECT_EQ(v1->at("Version").as_string(), "1");
  EXPECT_EQ(model_->PublishVersion(ctx_, "fn", {})->at("Version").as_string(), "1");
  json::Object code = CreateRequest("fn", "v2").at("Code").as_object();
  ASSERT_TRUE(model_->UpdateFunctionCode(ctx_, "fn", code).ok());
  EXPECT_EQ(model_->PublishVersion(ctx_, "fn", {})->at("Version").as_string(), "2");
}

TEST_F(LambdaModelTest, PublishSnapshotsAConfigurationOnlyChange) {
  ASSERT_TRUE(model_->CreateFunction(ctx_, CreateRequest("fn")).ok());
  ASSERT_EQ(model_->PublishVersion(ctx_, "fn", {})->at("Version").as_string(), "1");
  json::Object env{{"Environment", json::Object{{"Variables", json::Object{{"MODE", "b"}}}}}};
  ASSERT_TRUE(model_->UpdateFunctionConfiguration(ctx_, "fn", env).ok());
  auto v2 = model_->PublishVersion(ctx_, "fn", {{"Description", "env b"}});
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(v2->at("Version").as_string(), "2");
  EXPECT_EQ(json::Serialize(v2->at("Environment")), R"({"Variables":{"MODE":"b"}})");
  // Updates that change nothing (the same variables, the same package) publish nothing new,
  // and neither does a version description.
  ASSERT_TRUE(model_->UpdateFunctionConfiguration(ctx_, "fn", env).ok());
  json::Object same_code = CreateRequest("fn").at("Code").as_object();
  ASSERT_TRUE(model_->UpdateFunctionCode(ctx_, "fn", same_code).ok());
  EXPECT_EQ(model_->PublishVersion(ctx_, "fn", {{"Description", "again"}})->at("Version"), "2");
  ASSERT_TRUE(model_->UpdateFunctionConfiguration(ctx_, "fn", {{"MemorySize", 256}}).ok());
  EXPECT_EQ(model_->PublishVersion(ctx_, "fn", {})->at("Version"), "3");
}

TEST_F(LambdaModelTest, AliasRoutingFollowsAwsRules) {
  ASSERT_TRUE(model_->CreateFunction(ctx_, CreateRequest("fn")).ok());
  ASSERT_TRUE(model_->PublishVersion(ctx_, "fn", {}).ok());
  json::Object code = CreateRequest("fn", "v2").at("Code").as_object();
  ASSERT_TRUE(model_->UpdateFunctionCode(ctx_, "fn", code).ok());
  ASSERT_TRUE(model_->PublishVersion(ctx_, "fn", {}).ok());
  auto weights = [](std::string version, double w) {
    return json::Object{{"AdditionalVersionWeights", json::Object{{version, w}}}};
  };
  json::Object request{
      {"Name", "live"}, {"FunctionVersion", "1"}, {"RoutingConfig", weights("1", 0.5)}};
  EXPECT_EQ(model_->CreateAlias(ctx_, "fn", request).status().message(),
            "Invalid function version 1. Function version 1 is already included in routing "
            "configuration.");
  request["FunctionVersion"] = "$LATEST";
  request["RoutingConfig"] = weights("2", 0.5);
  EXPECT_EQ(model_->CreateAlias(ctx_, "fn", request).status().message(),
            "$LATEST is not supported for an alias pointing to more than 1 version");
  request["FunctionVersion"] = "1";
  request["RoutingConfig"] = weights("2", 1.5);
  EXPECT_EQ(model_->CreateAlias(ctx_, "fn", request).status().kind(), "ValidationException");
  request["RoutingConfig"] = weights("2", 0.25);
  auto alias = model_->CreateAlias(ctx_, "fn", request);
  ASSERT_TRUE(alias.ok()) << alias.status().ToString();
  EXPECT_EQ(model_->ResolveInvoke(ctx_, "fn:live", std::nullopt, 0.1)->executed_version, "2");
  EXPECT_EQ(model_->ResolveInvoke(ctx_, "fn", "live", 0.9)->executed_version, "1");
  EXPECT_EQ(model_->DeleteFunction(ctx_, "fn", "2").kind(), "ResourceConflictException");
}

TEST_F(LambdaModelTest, WeightedAliasNeedsTheSameRoleOnBothVersions) {
  ASSERT_TRUE(model_->CreateFunction(ctx_, CreateRequest("fn")).ok());
  ASSERT_TRUE(model_->PublishVersion(ctx_, "fn", {}).ok());
  json::Object role{{"Role", "arn:aws:iam::123456789012:role/other"}};
  ASSERT_TRUE(model_->UpdateFunctionConfiguration(ctx_, "fn", role).ok());
  ASSERT_TRUE(model_->PublishVersion(ctx_, "fn", {}).ok());
  json::Object request{
      {"Name", "live"},
      {"FunctionVersion", "1"},
      {"RoutingConfig", json::Object{{"AdditionalVersionWeights", json::Object{{"2", 0.1}}}}}};
  auto alias = model_->CreateAlias(ctx_, "fn", request);
  EXPECT_EQ(alias.status().kind(), "InvalidParameterValueException");
  EXPECT_EQ(alias.status().message(),
            "Specified versions must be associated with the same execution role");
}

TEST_F(LambdaModelTest, StateSurvivesReopen) {
  ASSERT_TRUE(model_->CreateFunction(ctx_, CreateRequest("fn")).ok());
  ASSERT_TRUE(model_->PublishVersion(ctx_, "fn", {}).ok());
  ASSERT_TRUE(model_->WaitDurable(model_->WriteBarrier()).ok());
  model_.reset();
  model_ = std::move(LambdaModel::Open(db_.get(), &clock_)).value();
  auto versions = model_->ListVersionsByFunction(ctx_, "fn", {});
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->at("Versions").as_array().size(), 2u);
  auto config = model_->GetFunctionConfiguration(ctx_, "fn", std::nullopt);
  ASSERT_TRUE(model_->Code(config->at("CodeSha256").as_string().c_str()).ok());
}

TEST_F(LambdaModelTest, MissingFunctionNamesItsArn) {
  auto missing = model_->GetFunctionConfiguration(ctx_, "nope", std::string("3"));
  EXPECT_EQ(missing.status().kind(), "ResourceNotFoundException");
  EXPECT_EQ(missing.status().message(),
            "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope");
}

}  // namespace
}  // namespace stepshift::lambdas
