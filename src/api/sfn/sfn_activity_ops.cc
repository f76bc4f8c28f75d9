// CreateActivity, DescribeActivity, ListActivities, DeleteActivity, GetActivityTask, and the
// answers to tasks: SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat.
#include "api/sfn/sfn_ops.h"
#include "base/status_macros.h"

namespace stepshift::api::sfn {

namespace {

const StringShape kTaskTokenShape{.required = true, .min = 1, .max = 2048};

json::Object EncodeActivity(const engine::ActivityDescription& d) {
  return json::Object{{"activityArn", d.activity_arn},
                      {"name", d.name},
                      {"creationDate", Timestamp(d.creation_date)}};
}

}  // namespace

Result<json::Value> CreateActivity(const OpContext& ctx, RequestReader& in) {
  engine::CreateActivityRequest r;
  r.name = in.String("name", {.required = true, .min = 1, .max = 80}).value_or("");
  r.tags = ReadTags(in);
  r.encryption = ReadEncryption(in).value_or(nullptr);
  RETURN_IF_ERROR(in.Finish());
  ASSIGN_OR_RETURN(engine::ActivityDescription d, ctx.executions->CreateActivity(ctx.call, r));
  return json::Value(
      json::Object{{"activityArn", d.activity_arn}, {"creationDate", Timestamp(d.creation_date)}});
}

Result<json::Value> DescribeActivity(const OpContext& ctx, RequestReader& in) {
  auto arn = in.String("activityArn", kArnShape);
  RETURN_IF_ERROR(in.Finish());
  ASSIGN_OR_RETURN(engine::ActivityDescription d, ctx.executions->DescribeActivity(*arn));
  json::Object out = EncodeActivity(d);
  if (!d.encryption.is_null())
    out["encryptionConfiguration"] = d.encryption;
  return json::Value(std::move(out));
}

Result<json::Value> ListActivities(const OpContext& ctx, RequestReader& in) {
  engine::PageRequest page = ReadPage(in);
  RETURN_IF_ERROR(in.Finish());
  ASSIGN_OR_RETURN(engine::Page<engine::ActivityDescription> listed,
                   ctx.executions->ListActivities(ctx.call, page));
  json::Array items;
  for (const engine::ActivityDescription& d : listed.items)
    items.push_back(EncodeActivity(d));
  json::Object out{{"activities", std::move(items)}};
  if (listed.next_token)
    out["nextToken"] = *listed.next_token;
  return json::Value(std::move(out));
}

Result<json::Value> DeleteActivity(const OpContext& ctx, RequestReader& in) {
  auto arn = in.String("activityArn", kArnShape);
  RETURN_IF_ERROR(in.Finish());
  RETURN_IF_ERROR(ctx.executions->DeleteActivity(*arn));
  return json::Value(json::Object());
}

void GetActivityTask(const OpContext& ctx, RequestReader& in, Answer answer) {
  auto arn = in.String("activityArn", kArnShape);
  auto worker = in.String("workerName", {.min = 1, .max = 80});
  if (Status status = in.Finish(); !status.ok())
    return answer(status);
  ctx.executions->GetActivityTask(
      *arn, worker.value_or(""), [answer](Result<engine::ActivityTask> task) {
        if (!task.ok())
          return answer(task.status());
        json::Object out;
        if (!task->task_token.empty()) {  // AWS answers an empty poll with neither member
          out["taskToken"] = task->task_token;
          out["input"] = task->input;
        }
        answer(json::Value(std::move(out)));
      });
}

Result<json::Value> SendTaskSuccess(const OpContext& ctx, RequestReader& in) {
  auto token = in.String("taskToken", kTaskTokenShape);
  auto output = in.String("output", {.required = true, .max_bytes = 262144, .sensitive = true});
  RETURN_IF_ERROR(in.Finish());
  RETURN_IF_ERROR(ctx.executions->SendTaskSuccess(*token, *output));
  return json::Value(json::Object());
}

Result<json::Value> SendTaskFailure(const OpContext& ctx, RequestReader& in) {
  auto token = in.String("taskToken", kTaskTokenShape);
  auto error = in.String("error", {.max = 256, .sensitive = true});
  auto cause = in.String("cause", {.max = 32768, .sensitive = true});
  RETURN_IF_ERROR(in.Finish());
  RETURN_IF_ERROR(ctx.executions->SendTaskFailure(*token, error.value_or(""), cause.value_or("")));
  return json::Value(json::Object());
}

Result<json::Value> SendTaskHeartbeat(const OpContext& ctx, RequestReader& in) {
  auto token = in.String("taskToken", kTaskTokenShape);
  RETURN_IF_ERROR(in.Finish());
  RETURN_IF_ERROR(ctx.executions->SendTaskHeartbeat(*token));
  return json::Value(json::Object());
}

}  // namespace stepshift::api::sfn
