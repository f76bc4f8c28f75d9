// TestState: the request's members checked against their Smithy shapes (botocore's
// states-2016-11-23 model), the run left to the engine (engine/executions.h), and the answer in
// TestStateOutput's shape (asl::TestStateResponseToJson).
#include "api/sfn/sfn_ops.h"
#include "asl/json_util.h"
#include "engine/executions.h"

namespace stepshift::api::sfn {

namespace {

const StringShape kDefinitionShape{.required = true, .min = 1, .max = 1048576, .sensitive = true};
// SensitiveData: execution data, limited in UTF-8 bytes and never echoed.
const StringShape kDataShape{.max_bytes = 262144, .sensitive = true};
const StringShape kStateNameShape{.min = 1, .max = 80, .sensitive = true};
const StringShape kLevelShape{.enum_values = {"INFO", "DEBUG", "TRACE"}};
const StringShape kValidationModeShape{.enum_values = {"STRICT", "PRESENT", "NONE"}};

asl::InspectionLevel Level(const std::string& text) {
  return text == "TRACE"   ? asl::InspectionLevel::kTrace
         : text == "DEBUG" ? asl::InspectionLevel::kDebug
                           : asl::InspectionLevel::kInfo;
}

void ReadMock(RequestReader& in, asl::TestStateRequest* t) {
  const json::Object* mock = in.Structure(in.root(), "mock", "mock");
  if (mock == nullptr)
    return;
  t->has_mock = true;
  t->mock_result = in.String(*mock, "result", "mock.result", kDataShape);
  if (const json::Object* e = in.Structure(*mock, "errorOutput", "mock.errorOutput")) {
    t->has_mock_error = true;
    t->mock_error =
        in.String(*e, "error", "mock.errorOutput.error", {.max = 256, .sensitive = true})
            .value_or("");
    t->mock_cause =
        in.String(*e, "cause", "mock.errorOutput.cause", {.max = 32768, .sensitive = true})
            .value_or("");
  }
  t->field_validation_mode =
      in.String(*mock, "fieldValidationMode", "mock.fieldValidationMode", kValidationModeShape)
          .value_or("STRICT");
}

void ReadStateConfiguration(RequestReader& in, asl::TestStateRequest* t) {
  const std::string path = "stateConfiguration";
  const json::Object* c = in.Structure(in.root(), path, path);
  if (c == nullptr)
    return;
  if (auto n = in.Integer(*c, "retrierRetryCount", path + ".retrierRetryCount", {.min = 0}))
    t->retrier_retry_count = static_cast<int>(std::min<int64_t>(*n, 1 << 30));
  t->error_caused_by_state =
      in.String(*c, "errorCausedByState", path + ".errorCausedByState", kStateNameShape);
  t->map_iteration_failure_count =
      in.Integer(*c, "mapIterationFailureCount", path + ".mapIterationFailureCount", {.min = 0});
  t->map_item_reader_data =
      in.String(*c, "mapItemReaderData", path + ".mapItemReaderData", kDataShape);
}

}  // namespace

void TestState(const OpContext& ctx, RequestReader& in, Answer answer) {
  engine::TestStateRequest r;
  asl::TestStateRequest& t = r.test;
  t.definition = in.String("definition", kDefinitionShape).value_or("");
  r.role_arn = in.String("roleArn", {.min = 1, .max = 256});
  r.input = in.String("input", kDataShape);
  t.level = Level(in.String("inspectionLevel", kLevelShape).value_or("INFO"));
  t.reveal_secrets = in.Boolean("revealSecrets").value_or(false);
  t.variables = in.String("variables", kDataShape);
  t.state_name = in.String("stateName", kStateNameShape).value_or("");
  ReadMock(in, &t);
  t.context = in.String("context", kDataShape);
  ReadStateConfiguration(in, &t);
  if (Status status = in.Finish(); !status.ok())
    return answer(status);
  ctx.executions->TestState(ctx.call, r, [answer](Result<asl::TestStateResponse> result) {
    answer(result.ok() ? Result<json::Value>(asl::TestStateResponseToJson(*result))
                       : Result<json::Value>(result.status()));
  });
}

}  // namespace stepshift::api::sfn
