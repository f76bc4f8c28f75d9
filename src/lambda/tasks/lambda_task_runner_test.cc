// Step Functions' Lambda integration against serve's Lambda, with real python handlers.
#include "lambda/tasks/lambda_task_runner.h"

#include <gtest/gtest.h>

#include "asl/runners/functions_runner.h"
#include "base/base64.h"
#include "base/ids.h"
#include "lambda/zip.h"
#include "store/database.h"

namespace stepshift::lambdas {
namespace {

constexpr char kHandler[] = R"(def handler(event, context):
    if event.get("fail"):
        raise KeyError("missing")
    return {"doubled": event["n"] * 2}
)";

class LambdaTaskRunnerTest : public testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(store::Database::Open(":memory:")).value();
    model_ = std::move(LambdaModel::Open(db_.get(), &SystemClock())).value();
    InvokerOptions options;
    options.work_dir = testing::TempDir() + "/tasks_" + NewUuid();
    invoker_ = std::move(Invoker::Create(options, [this](const std::string& sha) {
                           return model_->Code(sha);
                         }).value());
    std::string zip = MakeZip({{"app.py", kHandler, 0}});
    json::Object request{{"FunctionName", "double"},
                         {"Runtime", "python3.12"},
                         {"Role", "arn:aws:iam::123456789012:role/r"},
                         {"Handler", "app.handler"},
                         {"Publish", true},
                         {"Code", json::Object{{"ZipFile", Base64Encode(zip)}}}};
    ASSERT_TRUE(model_->CreateFunction(CallContext{}, request).ok());
    fallback_ = std::move(
        asl::FunctionsRunner::FromText(R"({"other": {"result": {"from": "file"}}})").value());
  }

  asl::TaskOutcome Run(std::string_view resource, const std::string& input,
                       asl::TaskRunner* fallback = nullptr) {
    LambdaTaskRunner runner(model_.get(), invoker_.get(), fallback, CallContext{});
    json::Value value = json::Parse(input).value();
    asl::TaskRequest request;
    request.state_name = "Call";
    request.resource = resource;
    request.input = &value;
    return runner.Run(request);
  }

  std::unique_ptr<store::Database> db_;
  std::unique_ptr<LambdaModel> model_;
  std::unique_ptr<Invoker> invoker_;
  std::unique_ptr<asl::FunctionsRunner> fallback_;
};

TEST_F(LambdaTaskRunnerTest, FunctionArnTaskGetsInputAndReturnsResult) {
  auto out = Run("arn:aws:lambda:us-east-1:123456789012:function:double", R"({"n": 21})");
  ASSERT_TRUE(out.ok) << out.error << " " << out.cause;
  EXPECT_EQ(json::Serialize(out.output), R"({"doubled":42})");
}

TEST_F(LambdaTaskRunnerTest, InvokeIntegrationWrapsTheResponse) {
  auto out = Run("arn:aws:states:::lambda:invoke",
                 R"({"FunctionName": "double", "Qualifier": "1", "Payload": {"n": 2}})");
  ASSERT_TRUE(out.ok) << out.error << " " << out.cause;
  EXPECT_EQ(out.output.at("ExecutedVersion").as_string(), "1");
  EXPECT_EQ(out.output.at("StatusCode").as_int64(), 200);
  EXPECT_EQ(json::Serialize(out.output.at("Payload")), R"({"doubled":4})");
}

TEST_F(LambdaTaskRunnerTest, FunctionErrorsAreNamedByErrorType) {
  auto out = Run("arn:aws:lambda:us-east-1:123456789012:function:double:1", R"({"fail": true})");
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.error, "KeyError");
  EXPECT_NE(out.cause.find("\"errorMessage\": \"'missing'\""), std::string::npos) << out.cause;
}

TEST_F(LambdaTaskRunnerTest, MissingFunctionIsLambdaResourceNotFoundOrTheFallback) {
  auto out = Run("arn:aws:states:::lambda:invoke", R"({"FunctionName": "other"})");
  EXPECT_EQ(out.error, "Lambda.ResourceNotFoundException");
  EXPECT_NE(out.cause.find("Function not found: arn:aws:lambda:us-east-1:123456789012:function:"
                           "other (Service: AWSLambda; Status Code: 404; Error Code: "
                           "ResourceNotFoundException;"),
            std::string::npos)
      << out.cause;
  auto fallback =
      Run("arn:aws:lambda:us-east-1:123456789012:function:other", "{}", fallback_.get());
  ASSERT_TRUE(fallback.ok) << fallback.error << " " << fallback.cause;
  EXPECT_EQ(json::Serialize(fallback.output), R"({"from":"file"})");
}

}  // namespace
}  // namespace stepshift::lambdas
