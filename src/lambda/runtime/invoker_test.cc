// The invoker with real python3 and node handlers.
#include "lambda/runtime/invoker.h"

#include <gtest/gtest.h>

#include <future>

#include "base/ids.h"
#include "lambda/zip.h"

namespace stepshift::lambdas {
namespace {

class InvokerTest : public testing::Test {
 protected:
  void SetUp() override {
    InvokerOptions options;
    options.work_dir = testing::TempDir() + "/invoker_" + NewUuid();
    options.default_concurrency = 2;
    invoker_ = std::move(Invoker::Create(options, [this](const std::string& sha) {
                           return Result<std::shared_ptr<const std::string>>(code_.at(sha));
                         }).value());
  }

  InvokeTarget Target(const std::string& runtime, const std::string& file,
                      const std::string& source, int timeout = 3) {
    std::string sha = "sha" + std::to_string(code_.size());
    code_[sha] = std::make_shared<const std::string>(MakeZip({{file, source, 0}}));
    InvokeTarget t;
    t.function_name = "fn";
    t.function_arn = "arn:aws:lambda:us-east-1:123456789012:function:fn" + sha;
    t.invoked_arn = t.function_arn;
    t.resource = "fn";
    t.executed_version = "$LATEST";
    t.config = json::Object{
        {"FunctionArn", t.function_arn},
        {"Runtime", runtime},
        {"Handler", file.substr(0, file.find('.')) + ".handler"},
        {"Timeout", timeout},
        {"MemorySize", 128},
        {"CodeSha256", sha},
        {"Environment", json::Object{{"Variables", json::Object{{"GREETING", "hi"}}}}}};
    return t;
  }

  InvocationResult Invoke(const InvokeTarget& target, const std::string& payload) {
    std::promise<InvocationResult> promise;
    Invocation invocation{target, payload, NewUuid(), "", false};
    invoker_->Invoke(invocation, [&](InvocationResult r) { promise.set_value(std::move(r)); });
    return promise.get_future().get();
  }

  std::map<std::string, std::shared_ptr<const std::string>> code_;
  std::unique_ptr<Invoker> invoker_;
};

constexpr char kPythonEcho[] = R"(import os
def handler(event, context):
    print("got", event)
    return {"event": event, "greeting": os.environ["GREETING"],
            "arn": context.invoked_function_arn,
            "remaining": context.get_remaining_time_in_millis() > 0}
)";

TEST_F(InvokerTest, PythonHandlerGetsEventAndContextAndStaysWarm) {
  InvokeTarget target = Target("python3.12", "index.py", kPythonEcho);
  InvocationResult cold = Invoke(target, R"({"n":1})");
  ASSERT_TRUE(cold.status.ok()) << cold.status.ToString();
  EXPECT_FALSE(cold.function_error) << cold.payload << cold.log;
  auto body = json::Parse(cold.payload);
  ASSERT_TRUE(body.ok()) << cold.payload;
  EXPECT_EQ(json::Serialize(body->at("event")), R"({"n":1})");
  EXPECT_EQ(body->at("greeting").as_string(), "hi");
  EXPECT_EQ(body->at("arn").as_string(), target.invoked_arn);
  EXPECT_TRUE(body->at("remaining").as_bool());
  EXPECT_GT(cold.init_ms, 0);
  EXPECT_NE(cold.log.find("got {'n': 1}"), std::string::npos) << cold.log;
  EXPECT_NE(cold.log.find("REPORT RequestId: "), std::string::npos);
  InvocationResult warm = Invoke(target, R"({"n":2})");
  EXPECT_EQ(warm.init_ms, 0);
  EXPECT_NE(warm.payload.find(R"({"n": 2})"), std::string::npos) << warm.payload;
}

TEST_F(InvokerTest, PythonExceptionIsAFunctionError) {
  InvokeTarget target =
      Target("python3.12", "index.py", "def handler(e, c):\n    raise ValueError('bad input')\n");
  InvocationResult r = Invoke(target, "{}");
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.function_error, "Unhandled");
  auto body = json::Parse(r.payload);
  ASSERT_TRUE(body.ok()) << r.payload;
  EXPECT_EQ(body->at("errorType").as_string(), "ValueError");
  EXPECT_EQ(body->at("errorMessage").as_string(), "bad input");
  EXPECT_EQ(Invoke(target, "{}").init_ms, 0) << "a handler error keeps the environment warm";
}

TEST_F(InvokerTest, MissingModuleIsImportModuleError) {
  InvokeTarget target = Target("python3.12", "index.py", "x = 1\n");
  target.config["Handler"] = "nothere.handler";
  InvocationResult r = Invoke(target, "{}");
  EXPECT_NE(r.payload.find("Runtime.ImportModuleError"), std::string::npos) << r.payload;
  EXPECT_NE(r.payload.find("Unable to import module 'nothere'"), std::string::npos);
}

TEST_F(InvokerTest, CrashIsRuntimeExitError) {
  InvokeTarget target =
      Target("python3.12", "index.py", "import os\ndef handler(e, c):\n    os._exit(3)\n");
  InvocationResult r = Invoke(target, "{}");
  EXPECT_EQ(r.function_error, "Unhandled");
  EXPECT_NE(r.payload.find("Runtime exited with error: exit status 3"), std::string::npos)
      << r.payload;
  InvocationResult again = Invoke(target, "{}");
  EXPECT_GT(again.init_ms, 0) << "a crashed environment is replaced";
}

TEST_F(InvokerTest, TimeoutKillsTheHandler) {
  InvokeTarget target =
      Target("python3.12", "index.py", "import time\ndef handler(e, c):\n    time.sleep(30)\n", 1);
  InvocationResult r = Invoke(target, "{}");
  EXPECT_EQ(r.function_error, "Unhandled");
  EXPECT_NE(r.payload.find("Task timed out after 1.00 seconds"), std::string::npos) << r.payload;
  EXPECT_NE(r.payload.find("Sandbox.Timedout"), std::string::npos);
}

TEST_F(InvokerTest, NodeAsyncHandlerAndErrors) {
  InvokeTarget target = Target("nodejs20.x", "index.js",
                               "exports.handler = async (event, context) => {\n"
                               "  console.log('hello', event.n);\n"
                               "  if (event.fail) throw new TypeError('nope');\n"
                               "  return {n: event.n * 2, fn: context.functionName};\n};\n");
  InvocationResult ok = Invoke(target, R"({"n":21})");
  EXPECT_EQ(ok.payload, R"({"n":42,"fn":"fn"})") << ok.log;
  EXPECT_NE(ok.log.find("\tINFO\thello 21"), std::string::npos) << ok.log;
  InvocationResult failed = Invoke(target, R"({"fail":true})");
  EXPECT_EQ(failed.function_error, "Unhandled");
  EXPECT_NE(failed.payload.find(R"("errorType":"TypeError","errorMessage":"nope")"),
            std::string::npos)
      << failed.payload;
}

TEST_F(InvokerTest, ReservedConcurrencyZeroThrottles) {
  InvokeTarget target = Target("python3.12", "index.py", kPythonEcho);
  target.reserved_concurrency = 0;
  InvocationResult r = Invoke(target, "{}");
  EXPECT_EQ(r.status.kind(), "TooManyRequestsException");
  EXPECT_EQ(r.throttle_reason, "ReservedFunctionConcurrentInvocationLimitExceeded");
}

TEST_F(InvokerTest, UnsupportedRuntimeIsAnError) {
  InvokeTarget target = Target("java21", "index.py", kPythonEcho);
  InvocationResult r = Invoke(target, "{}");
  EXPECT_FALSE(r.status.ok());
}

}  // namespace
}  // namespace stepshift::lambdas
