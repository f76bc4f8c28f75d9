#include "api/sfn/sfn_service.h"

#include <gtest/gtest.h>

#include "base/clock.h"
#include "base/json.h"
#include "engine/control_plane.h"
#include "engine/executions.h"
#include "store/database.h"

namespace stepshift::api {
namespace {

const std::string kArn = "arn:aws:states:us-east-1:123456789012:stateMachine:sm";
const std::string kDefinition =
    R"({\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}})";
const std::string kRole = "arn:aws:iam::123456789012:role/r";

class SfnServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(store::Database::Open(":memory:")).value();
    plane_ = std::move(engine::ControlPlane::Open(db_.get(), &clock_)).value();
    exec_db_ = std::move(store::Database::Open(":memory:")).value();
    engine::ExecutionsOptions options;
    options.clock = &clock_;
    options.background = false;
    executions_ =
        std::move(engine::Executions::Open(exec_db_.get(), plane_.get(), options)).value();
    service_ = std::make_unique<SfnService>(plane_.get(), executions_.get());
  }

  HttpResponse Call(std::string_view op, const std::string& body) {
    HttpRequest request;
    request.method = "POST";
    request.target = "/";
    request.body = body;
    return service_->Handle(op, request, {"us-east-1", "123456789012", "aws", "rid"});
  }

  json::Object Ok(std::string_view op, const std::string& body) {
    HttpResponse response = Call(op, body);
    EXPECT_EQ(response.status, 200) << op << " " << response.body;
    auto parsed = json::Parse(response.body);
    return parsed.ok() && parsed->is_object() ? parsed->as_object() : json::Object();
  }

  void ExpectError(std::string_view op, const std::string& body, const std::string& type,
                   const std::string& message) {
    HttpResponse response = Call(op, body);
    EXPECT_EQ(response.status, 400) << body;
    auto parsed = json::Parse(response.body);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->at("__type").as_string(), type) << op << " " << body;
    EXPECT_EQ(parsed->at("message").as_string(), message) << op << " " << body;
  }

  void CreateWithTwoVersions() {
    Ok("CreateStateMachine", R"({"name":"sm","definition":")" + kDefinition + R"(","roleArn":")" +
                                 kRole + R"(","publish":true})");
    Ok("UpdateStateMachine",
       R"({"stateMachineArn":")" + kArn + R"(","roleArn":")" + kRole + R"(2","publish":true})");
  }

  FakeClock clock_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<engine::ControlPlane> plane_;
  std::unique_ptr<store::Database> exec_db_;
  std::unique_ptr<engine::Executions> executions_;
  std::unique_ptr<SfnService> service_;
};

TEST_F(SfnServiceTest, CreateDescribeRoundTrip) {
  json::Object created =
      Ok("CreateStateMachine", R"({"name":"sm","definition":")" + kDefinition + R"(","roleArn":")" +
                                   kRole + R"(","publish":true,
                                   "versionDescription":"v1"})");
  EXPECT_EQ(created.at("stateMachineArn").as_string(), kArn);
  EXPECT_EQ(created.at("stateMachineVersionArn").as_string(), kArn + ":1");
  EXPECT_DOUBLE_EQ(created.at("creationDate").as_double(), 1'700'000'000.0);
  json::Object d = Ok("DescribeStateMachine", R"({"stateMachineArn":")" + kArn + ":1\"}");
  EXPECT_EQ(d.at("description").as_string(), "v1");
  EXPECT_EQ(d.at("type").as_string(), "STANDARD");
  EXPECT_EQ(json::Serialize(d.at("loggingConfiguration")),
            R"({"level":"OFF","includeExecutionData":false})");
  EXPECT_FALSE(d.contains("revisionId"));
  EXPECT_FALSE(d.contains("encryptionConfiguration"));
}

TEST_F(SfnServiceTest, BadInputGetsAwsErrors) {
  CreateWithTwoVersions();
  const std::string v1 = kArn + ":1";
  const std::string v2 = kArn + ":2";

  struct Case {
    std::string op;
    std::string body;
    std::string type;
    std::string message;
  } cases[] = {
      {"CreateStateMachine", "{}", "ValidationException",
       "3 validation errors detected: Value null at 'name' failed to satisfy constraint: "
       "Member must not be null; Value null at 'definition' failed to satisfy constraint: "
       "Member must not be null; Value null at 'roleArn' failed to satisfy constraint: Member "
       "must not be null"},
      {"CreateStateMachine", "{bad", "SerializationException",
       "Malformed request body: syntax error"},
      {"CreateStateMachine", R"({"name":1})", "SerializationException",
       "NUMBER_VALUE can not be converted to a String"},
      {"CreateStateMachine",
       R"({"name":")" + std::string(81, 'a') + R"(","definition":"x","roleArn":"r"})",
       "ValidationException",
       "1 validation error detected: Value '" + std::string(81, 'a') +
           "' at 'name' failed to satisfy constraint: Member must have length less than or "
           "equal to 80"},
      {"CreateStateMachine",
       R"({"name":"a b","definition":")" + kDefinition + R"(","roleArn":")" + kRole + "\"}",
       "InvalidName", "Invalid Name: 'a b'"},
      {"CreateStateMachine",
       R"({"name":"x","definition":"{}","roleArn":")" + kRole + R"(","type":"BATCH"})",
       "ValidationException",
       "1 validation error detected: Value 'BATCH' at 'type' failed to satisfy constraint: "
       "Member must satisfy enum value set: [STANDARD, EXPRESS]"},
      {"CreateStateMachine", R"({"name":"x","definition":"{}","roleArn":")" + kRole + "\"}",
       "InvalidDefinition",
       "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are "
       "required: [States, StartAt] at /'"},
      {"DescribeStateMachine", R"({"stateMachineArn":"invalid_arn"})", "InvalidArn",
       "Invalid Arn: 'Invalid ARN prefix: invalid_arn'"},
      {"DescribeStateMachine", R"({"stateMachineArn":")" + kArn + "x\"}",
       "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + kArn + "x'"},
      {"ListStateMachineVersions", R"({"stateMachineArn":")" + kArn + R"(","maxResults":1001})",
       "ValidationException",
       "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy "
       "constraint: Member must have value less than or equal to 1000"},
      {"ListStateMachineVersions",
       R"({"stateMachineArn":")" + kArn + R"(","nextToken":")" + std::string(1025, 't') + "\"}",
       "ValidationException",
       "1 validation error detected: Value '" + std::string(1025, 't') +
           "' at 'nextToken' failed to satisfy constraint: Member must have length less than "
           "or equal to 1024"},
      {"ListStateMachineAliases", R"({"stateMachineArn":")" + kArn + R"(","nextToken":"x"})",
       "InvalidToken", "Invalid Token: 'Invalid token'"},
      {"CreateStateMachineAlias",
       R"({"name":"a","routingConfiguration":[{"stateMachineVersionArn":")" + v1 +
           R"(","weight":101}]})",
       "ValidationException",
       "1 validation error detected: Value '101' at 'routingConfiguration.1.member.weight' "
       "failed to satisfy constraint: Member must have value less than or equal to 100"},
      {"CreateStateMachineAlias",
       R"({"name":"123","routingConfiguration":[{"stateMachineVersionArn":")" + v1 +
           R"(","weight":100}]})",
       "ValidationException",
       "1 validation error detected: Value '123' at 'name' failed to satisfy constraint: "
       "Member must satisfy regular expression pattern: "
       "^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$"},
      {"CreateStateMachineAlias",
       R"({"name":"a","routingConfiguration":[{"stateMachineVersionArn":")" + v1 +
           R"(","weight":50},{"stateMachineVersionArn":")" + v2 +
           R"(","weight":30},{"stateMachineVersionArn":")" + kArn + R"(:3","weight":20}]})",
       "ValidationException",
       "1 validation error detected: Value '[RoutingConfigurationListItem("
       "stateMachineVersionArn=" +
           v1 +
           ", weight=50), RoutingConfigurationListItem("
           "stateMachineVersionArn=" +
           v2 +
           ", weight=30), RoutingConfigurationListItem("
           "stateMachineVersionArn=" +
           kArn +
           ":3, weight=20)]' at 'routingConfiguration' failed "
           "to satisfy constraint: Member must have length less than or equal to 2"},
      {"CreateStateMachineAlias",
       R"({"name":"a","routingConfiguration":[{"stateMachineVersionArn":")" + v1 +
           R"(","weight":70},{"stateMachineVersionArn":")" + v2 + R"(","weight":29}]})",
       "ValidationException",
       "Sum of routing configuration weights must equal 100. Received: [70, 29]"},
      {"UpdateStateMachine", R"({"stateMachineArn":")" + kArn + "\"}", "MissingRequiredParameter",
       "Either the definition, the role ARN, the LoggingConfiguration, or the "
       "TracingConfiguration must be specified"},
      {"UpdateStateMachineAlias",
       R"({"stateMachineAliasArn":")" + kArn + R"(:gone","description":"d"})", "ResourceNotFound",
       "Request references a resource that does not exist."},
      {"CreateStateMachine",
       R"({"name":"sm2","definition":")" + kDefinition + R"(","roleArn":")" + kRole +
           R"(","versionDescription":"d"})",
       "ValidationException", "Version description can only be set when publish is true"},
      {"TagResource", R"({"resourceArn":")" + v1 + R"(","tags":[{"key":"k","value":"v"}]})",
       "ResourceNotFound", "Resource not found: '" + v1 + "'"},
      {"TagResource", R"({"resourceArn":")" + kArn + R"(","tags":[{"key":"","value":"v"}]})",
       "ValidationException",
       "1 validation error detected: Value '' at 'tags.1.member.key' failed to satisfy "
       "constraint: Member must have length greater than or equal to 1"},
  };

  for (const Case& c : cases) {
    ExpectError(c.op, c.body, c.type, c.message);
  }
}

TEST_F(SfnServiceTest, UnknownOperation) {
  HttpResponse response = Call("FlyToTheMoon", "{}");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.body, R"({"__type":"UnknownOperationException","message":"stepshift serve )"
                           R"(does not implement the operation FlyToTheMoon"})");
}

TEST_F(SfnServiceTest, VersionsAndAliases) {
  CreateWithTwoVersions();
  json::Object versions =
      Ok("ListStateMachineVersions", R"({"stateMachineArn":")" + kArn + R"(","maxResults":1})");
  EXPECT_EQ(
      versions.at("stateMachineVersions").as_array()[0].at("stateMachineVersionArn").as_string(),
      kArn + ":2");
  ASSERT_TRUE(versions.contains("nextToken"));
  json::Object alias =
      Ok("CreateStateMachineAlias",
         R"({"name":"live","routingConfiguration":[{"stateMachineVersionArn":")" + kArn +
             R"(:1","weight":90},{"stateMachineVersionArn":")" + kArn + R"(:2","weight":10}]})");
  EXPECT_EQ(alias.at("stateMachineAliasArn").as_string(), kArn + ":live");
  json::Object d =
      Ok("DescribeStateMachineAlias", R"({"stateMachineAliasArn":")" + kArn + ":live\"}");
  EXPECT_EQ(d.at("routingConfiguration").as_array().size(), 2u);
  EXPECT_FALSE(d.contains("description"));
  json::Object listed = Ok("ListStateMachineAliases", R"({"stateMachineArn":")" + kArn + ":2\"}");
  EXPECT_EQ(listed.at("stateMachineAliases").as_array().size(), 1u);
  ExpectError("DeleteStateMachineVersion", R"({"stateMachineVersionArn":")" + kArn + ":2\"}",
              "ConflictException",
              "Version to be deleted must not be referenced by an alias. Current list of aliases "
              "referencing this version: [live]");
  EXPECT_TRUE(
      Ok("DeleteStateMachineAlias", R"({"stateMachineAliasArn":")" + kArn + ":live\"}").empty());
}

TEST_F(SfnServiceTest, ValidateStateMachineDefinition) {
  json::Object ok =
      Ok("ValidateStateMachineDefinition", R"({"definition":")" + kDefinition + "\"}");
  EXPECT_EQ(json::Serialize(ok), R"({"result":"OK","diagnostics":[],"truncated":false})");
  json::Object fail = Ok("ValidateStateMachineDefinition", R"({"definition":"{}"})");
  EXPECT_EQ(json::Serialize(fail),
            R"({"result":"FAIL","diagnostics":[{"severity":"ERROR","code":)"
            R"("SCHEMA_VALIDATION_FAILED","message":"These fields are required: )"
            R"([States, StartAt]","location":"/"}],"truncated":false})");
}

TEST_F(SfnServiceTest, ExecutionsRoundTrip) {
  CreateWithTwoVersions();
  json::Object started =
      Ok("StartExecution", R"({"stateMachineArn":")" + kArn + R"(:1","name":"e1","input":"{}"})");
  std::string arn(started.at("executionArn").as_string());
  executions_->RunPending();
  json::Object described = Ok("DescribeExecution", R"({"executionArn":")" + arn + R"("})");
  EXPECT_EQ(described.at("status"), "SUCCEEDED");
  EXPECT_EQ(described.at("stateMachineVersionArn").as_string(), kArn + ":1");
  EXPECT_EQ(json::Serialize(described.at("inputDetails")), R"({"included":true})");
  EXPECT_EQ(json::Serialize(described.at("outputDetails")), R"({"included":true})");
  EXPECT_EQ(described.at("redriveCount"), 0);
  EXPECT_FALSE(described.contains("stateMachineAliasArn"));
  json::Object listed = Ok("ListExecutions", R"({"stateMachineArn":")" + kArn + R"("})");
  EXPECT_EQ(listed.at("executions").as_array().size(), 1u);
  json::Object history = Ok("GetExecutionHistory", R"({"executionArn":")" + arn + R"("})");
  EXPECT_EQ(history.at("events").as_array().size(), 4u);
  json::Object machine =
      Ok("DescribeStateMachineForExecution", R"({"executionArn":")" + arn + R"("})");
  EXPECT_EQ(machine.at("stateMachineArn").as_string(), kArn);
  EXPECT_FALSE(machine.contains("revisionId"));  // :1 came from the initial revision
  HttpResponse sync = Call("StartSyncExecution", R"({"stateMachineArn":")" + kArn + R"("})");
  EXPECT_EQ(sync.status, 400);
  EXPECT_NE(sync.body.find("This operation is not supported by this type of state machine"),
            std::string::npos);
}

TEST_F(SfnServiceTest, ExecutionRequestsAreCheckedAsAwsChecksThem) {
  CreateWithTwoVersions();
  ExpectError(
      "StartExecution",
      R"({"stateMachineArn":")" + kArn + R"(","input":")" + std::string(262145, 'x') + R"("})",
      "ValidationException",
      "1 validation error detected: Value at 'input' failed to satisfy constraint: Member "
      "must have size less than or equal to 262144 bytes in UTF-8 encoding");
  ExpectError("StartExecution",
              R"({"stateMachineArn":")" + kArn + R"(","name":")" + std::string(81, 'n') + R"("})",
              "ValidationException",
              "1 validation error detected: Value '" + std::string(81, 'n') +
                  "' at 'name' failed to satisfy constraint: Member must have length less than "
                  "or equal to 80");
  ExpectError("ListExecutions", R"({"stateMachineArn":")" + kArn + R"(","statusFilter":"done"})",
              "ValidationException",
              "1 validation error detected: Value 'done' at 'statusFilter' failed to satisfy "
              "constraint: Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, "
              "PENDING_REDRIVE, ABORTED, FAILED, RUNNING]");
  ExpectError("ListExecutions", "{}", "ValidationException",
              "1 validation error detected: Must provide a StateMachine ARN or MapRun ARN");
  ExpectError("StopExecution",
              R"({"executionArn":")" + kArn + R"(","error":")" + std::string(257, 'e') + R"("})",
              "ValidationException",
              "1 validation error detected: Value at 'error' failed to satisfy constraint: Member "
              "must have length less than or equal to 256");
  ExpectError("DescribeExecution", R"({"executionArn":"nope"})", "InvalidArn",
              "Invalid Arn: 'Invalid ARN prefix: nope'");
}

}  // namespace
}  // namespace stepshift::api
