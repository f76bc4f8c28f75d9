#include "asl/test_state.h"

#include <gtest/gtest.h>

#include "base/clock.h"

namespace stepshift::asl {
namespace {

class StateTestTest : public ::testing::Test {
 protected:
  // Runs `r` to its end (a Task without a mock answers `task`); the response as on the wire.
  Value Run(const TestStateRequest& r, TaskOutcome task = TaskOutcome::Success(Object())) {
    ExecutionOptions identity;
    identity.clock = &clock_;
    auto test = StateTest::Prepare(r, identity);
    EXPECT_TRUE(test.ok()) << test.status().message();
    if (!test.ok())
      return Value();
    while (std::optional<TaskCall> call = (*test)->Run())
      (*test)->Complete(*call, task);
    return TestStateResponseToJson((*test)->Response());
  }

  Status Refused(const TestStateRequest& r) {
    ExecutionOptions identity;
    identity.clock = &clock_;
    auto test = StateTest::Prepare(r, identity);
    return test.ok() ? Status() : test.status();
  }

  static TestStateRequest Request(std::string definition, std::string input = "{}") {
    TestStateRequest r;
    r.definition = std::move(definition);
    r.input = *ParseJson(input);
    r.has_role_arn = true;
    return r;
  }

  FakeClock clock_;
};

TEST_F(StateTestTest, PassAtInfoLevelHasNoInspectionData) {
  Value out = Run(Request(R"({"Type":"Pass","Next":"B"})", R"({"a":1})"));
  EXPECT_EQ(ToJson(out), R"({"output":"{\"a\":1}","nextState":"B","status":"SUCCEEDED"})");
}

TEST_F(StateTestTest, DebugLevelShowsThePipelineInOrder) {
  TestStateRequest r = Request(
      R"({"Type":"Pass","InputPath":"$.in","Parameters":{"x.$":"$.v"},"ResultPath":"$.r","End":true})",
      R"({"in":{"v":2}})");
  r.level = InspectionLevel::kDebug;
  Value out = Run(r);
  const Object& data = out.at("inspectionData").as_object();
  EXPECT_EQ(data.at("afterInputPath"), Value(R"({"v":2})"));
  EXPECT_EQ(data.at("afterParameters"), Value(R"({"x":2})"));
  EXPECT_EQ(data.at("afterResultPath"), Value(R"({"in":{"v":2},"r":{"x":2}})"));
  EXPECT_FALSE(out.as_object().contains("nextState"));
}

TEST_F(StateTestTest, ARetrierThatAppliesMakesItRetriable) {
  TestStateRequest r = Request(
      R"({"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true,
          "Retry":[{"ErrorEquals":["E"],"IntervalSeconds":3,"BackoffRate":1.5,"MaxAttempts":3}]})");
  r.level = InspectionLevel::kDebug;
  r.has_mock = r.has_mock_error = true;
  r.mock_error = "E";
  r.retrier_retry_count = 2;
  Value out = Run(r);
  EXPECT_EQ(out.at("status"), Value("RETRIABLE"));
  EXPECT_EQ(ToJson(out.at("inspectionData").at("errorDetails")),
            R"({"retryIndex":0,"retryBackoffIntervalSeconds":6})");
  r.retrier_retry_count = 3;  // exhausted: nothing catches it
  EXPECT_EQ(Run(r).at("status"), Value("FAILED"));
}

TEST_F(StateTestTest, AnUnmockedTaskIsHandedToTheCaller) {
  Value out = Run(Request(R"({"Type":"Task","Resource":"arn:aws:states:::sns:publish",
                              "Catch":[{"ErrorEquals":["X"],"Next":"H"}],"Next":"N"})"),
                  TaskOutcome::Failure("X", "c"));
  EXPECT_EQ(ToJson(out), R"({"output":"{\"Error\":\"X\",\"Cause\":\"c\"}","error":"X","cause":"c",)"
                         R"("nextState":"H","status":"CAUGHT_ERROR"})");
}

TEST_F(StateTestTest, MockedParallelResultGoesThroughResultSelector) {
  TestStateRequest r = Request(
      R"({"Type":"Parallel","ResultSelector":{"first.$":"$[0]"},"End":true,
          "Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}]})");
  r.has_mock = true;
  r.mock_result = "[7]";
  EXPECT_EQ(Run(r).at("output"), Value(R"({"first":7})"));
}

TEST_F(StateTestTest, StateNameFindsAStateInABranch) {
  TestStateRequest r = Request(
      R"({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,
          "Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","Result":1,"Next":"B"},
                                                "B":{"Type":"Succeed"}}}]}}})");
  r.state_name = "A";
  EXPECT_EQ(ToJson(Run(r)), R"({"output":"1","nextState":"B","status":"SUCCEEDED"})");
}

TEST_F(StateTestTest, RefusalsCarryAwsErrorTypes) {
  struct Case {
    const char* name;
    const char* definition;
    bool mock;
    const char* kind;
  } cases[] = {
      {"pass with mock", R"({"Type":"Pass","End":true})", true, "ValidationException"},
      {"map without mock",
       R"({"Type":"Map","End":true,"ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Succeed"}}}})",
       false, "InvalidDefinition"},
      {"activity without mock",
       R"({"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:a","End":true})",
       false, "InvalidDefinition"},
      {"not a state", R"({"Type":"Teleport","End":true})", false, "InvalidDefinition"},
      {"not json", R"({"Type":)", false, "InvalidDefinition"},
  };

  for (const Case& c : cases) {
    TestStateRequest r = Request(c.definition);
    r.has_mock = c.mock;
    r.mock_result = c.mock ? std::optional<std::string>("{}") : std::nullopt;
    EXPECT_EQ(Refused(r).kind(), c.kind) << c.name;
  }
}

}  // namespace
}  // namespace stepshift::asl
