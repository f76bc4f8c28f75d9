// StartExecution, StartSyncExecution, DescribeExecution, ListExecutions, GetExecutionHistory,
// StopExecution, RedriveExecution and DescribeStateMachineForExecution.
#include "api/sfn/sfn_ops.h"
#include "base/status_macros.h"
#include "engine/errors.h"
#include "engine/executions.h"

namespace stepshift::api::sfn {

namespace {

const StringShape kExecutionNameShape{.min = 1, .max = 80};
// Execution data: AWS counts its limit in UTF-8 bytes, and never echoes the value.
const StringShape kInputShape{.max_bytes = 262144, .sensitive = true};
const StringShape kIncludedDataShape{.enum_values = {"ALL_DATA", "METADATA_ONLY"}};

engine::StartExecutionRequest ReadStart(RequestReader& in) {
  engine::StartExecutionRequest r;
  r.state_machine_arn = in.String("stateMachineArn", kArnShape).value_or("");
  r.name = in.String("name", kExecutionNameShape);
  r.input = in.String("input", kInputShape);
  r.trace_header = in.String("traceHeader", {.max = 256});
  if (r.trace_header) {
    bool ascii = std::all_of(r.trace_header->begin(), r.trace_header->end(),
                             [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    in.Pattern("traceHeader", *r.trace_header, "\\p{ASCII}*", ascii);
  }
  return r;
}

// Whether input and output are shown (includedData ALL_DATA, the default).
bool ReadIncludedData(RequestReader& in) {
  return in.String("includedData", kIncludedDataShape).value_or("ALL_DATA") == "ALL_DATA";
}

void PutOptional(json::Object& out, std::string_view key, const std::optional<std::string>& v) {
  if (v) {
    out[key] = *v;
  }
}

// The members DescribeExecution and StartSyncExecution share.
json::Object EncodeExecution(const engine::ExecutionDescription& d, bool data) {
  json::Object out{{"executionArn", d.execution_arn},
                   {"stateMachineArn", d.state_machine_arn},
                   {"name", d.name},
                   {"status", d.status},
                   {"startDate", Timestamp(d.start_date)},
                   {"inputDetails", json::Object{{"included", data}}}};
  if (d.stop_date) {
    out["stopDate"] = Timestamp(*d.stop_date);
  }
  if (data) {
    out["input"] = d.input;
    PutOptional(out, "output", d.output);
  }
  PutOptional(out, "error", d.error);
  PutOptional(out, "cause", d.cause);
  PutOptional(out, "traceHeader", d.trace_header);
  return out;
}

json::Value EncodeListItem(const engine::ExecutionListItem& item) {
  json::Object out{{"executionArn", item.execution_arn},
                   {"stateMachineArn", item.state_machine_arn},
                   {"name", item.name},
                   {"status", item.status},
                   {"startDate", Timestamp(item.start_date)},
                   {"redriveCount", item.redrive_count}};
  if (item.stop_date) {
    out["stopDate"] = Timestamp(*item.stop_date);
  }
  if (item.redrive_date) {
    out["redriveDate"] = Timestamp(*item.redrive_date);
  }
  PutOptional(out, "stateMachineVersionArn", item.state_machine_version_arn);
  PutOptional(out, "stateMachineAliasArn", item.state_machine_alias_arn);
  PutOptional(out, "mapRunArn", item.map_run_arn);
  if (item.item_count) {
    out["itemCount"] = *item.item_count;
  }
  return out;
}

json::Value EncodeSyncResult(const engine::SyncExecutionResult& result) {
  json::Object out = EncodeExecution(result.execution, true);
  // AWS reports outputDetails even for a failed run, which has no output.
  out["outputDetails"] = json::Object{{"included", true}};
  out["billingDetails"] = json::Object{{"billedMemoryUsedInMB", result.billed_memory_mb},
                                       {"billedDurationInMilliseconds", result.billed_duration_ms}};
  return out;
}

}  // namespace

Result<json::Value> StartExecution(const OpContext& ctx, RequestReader& in) {
  engine::StartExecutionRequest r = ReadStart(in);
  RETURN_IF_ERROR(in.Finish());
  ASSIGN_OR_RETURN(engine::StartExecutionResponse started, ctx.executions->Start(r));
  return json::Value(json::Object{{"executionArn", started.execution_arn},
                                  {"startDate", Timestamp(started.start_date)}});
}

void StartSyncExecution(const OpContext& ctx, RequestReader& in, Answer answer) {
  engine::StartExecutionRequest r = ReadStart(in);
  ReadIncludedData(in);
  if (Status status = in.Finish(); !status.ok()) {
    return answer(status);
  }
  ctx.executions->StartSync(r, [answer](Result<engine::SyncExecutionResult> result) {
    answer(result.ok() ? Result<json::Value>(EncodeSyncResult(*result))
                       : Result<json::Value>(result.status()));
  });
}

Result<json::Value> DescribeExecution(const OpContext& ctx, RequestReader& in) {
  auto arn = in.String("executionArn", kArnShape);
  bool data = ReadIncludedData(in);
  RETURN_IF_ERROR(in.Finish());
  ASSIGN_OR_RETURN(engine::ExecutionDescription d, ctx.executions->Describe(*arn));
  json::Object out = EncodeExecution(d, data);
  if (d.output) {
    out["outputDetails"] = json::Object{{"included", data}};
  }
  PutOptional(out, "stateMachineVersionArn", d.state_machine_version_arn);
  PutOptional(out, "stateMachineAliasArn", d.state_machine_alias_arn);
  out["redriveCount"] = d.redrive_count;
  if (d.redrive_date) {
    out["redriveDate"] = Timestamp(*d.redrive_date);
  }
  out["redriveStatus"] = d.redrive_status;
  PutOptional(out, "redriveStatusReason", d.redrive_status_reason);
  PutOptional(out, "mapRunArn", d.map_run_arn);
  return json::Value(std::move(out));
}

Result<json::Value> ListExecutions(const OpContext& ctx, RequestReader& in) {
  engine::ListExecutionsRequest r;
  auto state_machine = in.String("stateMachineArn", {.min = 1, .max = 256});
  auto map_run = in.String("mapRunArn", {.min = 1, .max = 2000});
  r.status_filter =
      in.String("statusFilter", {.enum_values = {"SUCCEEDED", "TIMED_OUT", "PENDING_REDRIVE",
                                                 "ABORTED", "FAILED", "RUNNING"}});
  r.page.max_results = in.Integer("maxResults", kMaxResultsShape).value_or(0);
  r.page.next_token = in.String("nextToken", {.min = 1, .max = 3096});
  r.redrive_filter = in.String("redriveFilter", {.enum_values = {"REDRIVEN", "NOT_REDRIVEN"}});
  RETURN_IF_ERROR(in.Finish());
  if (state_machine.has_value() == map_run.has_value()) {
    return engine::ValidationError(
        "1 validation error detected: Must provide a StateMachine ARN or MapRun ARN");
  }
  r.state_machine_arn = state_machine.value_or("");
  r.map_run_arn = map_run.value_or("");
  ASSIGN_OR_RETURN(engine::Page<engine::ExecutionListItem> page, ctx.executions->List(r));
  json::Array items;
  items.reserve(page.items.size());
  for (const engine::ExecutionListItem& item : page.items) {
    items.push_back(EncodeListItem(item));
  }
  json::Object out{{"executions", std::move(items)}};
  PutOptional(out, "nextToken", page.next_token);
  return json::Value(std::move(out));
}

Result<json::Value> GetExecutionHistory(const OpContext& ctx, RequestReader& in) {
  engine::HistoryRequest r;
  r.execution_arn = in.String("executionArn", kArnShape).value_or("");
  r.page = ReadPage(in);
  r.reverse_order = in.Boolean("reverseOrder").value_or(false);
  r.include_execution_data = in.Boolean("includeExecutionData").value_or(true);
  RETURN_IF_ERROR(in.Finish());
  ASSIGN_OR_RETURN(engine::HistoryPage page, ctx.executions->History(r));
  json::Array events(std::make_move_iterator(page.events.begin()),
                     std::make_move_iterator(page.events.end()));
  json::Object out{{"events", std::move(events)}};
  PutOptional(out, "nextToken", page.next_token);
  return json::Value(std::move(out));
}

Result<json::Value> StopExecution(const OpContext& ctx, RequestReader& in) {
  auto arn = in.String("executionArn", kArnShape);
  auto error = in.String("error", {.max = 256, .sensitive = true});
  auto cause = in.String("cause", {.max = 32768, .sensitive = true});
  RETURN_IF_ERROR(in.Finish());
  ASSIGN_OR_RETURN(Time stopped,
                   ctx.executions->Stop(*arn, error.value_or(""), cause.value_or("")));
  return json::Value(json::Object{{"stopDate", Timestamp(stopped)}});
}

Result<json::Value> RedriveExecution(const OpContext& ctx, RequestReader& in) {
  auto arn = in.String("executionArn", kArnShape);
  auto token = in.String("clientToken", {.min = 1, .max = 64});
  RETURN_IF_ERROR(in.Finish());
  ASSIGN_OR_RETURN(Time redriven, ctx.executions->Redrive(*arn, token.value_or("")));
  return json::Value(json::Object{{"redriveDate", Timestamp(redriven)}});
}

Result<json::Value> DescribeStateMachineForExecution(const OpContext& ctx, RequestReader& in) {
  auto arn = in.String("executionArn", kArnShape);
  ReadIncludedData(in);
  RETURN_IF_ERROR(in.Finish());
  ASSIGN_OR_RETURN(engine::ExecutionStateMachine m, ctx.executions->DescribeStateMachine(*arn));
  json::Object out{
      {"stateMachineArn", m.state_machine_arn},   {"name", m.name},
      {"definition", m.config->definition},       {"roleArn", m.config->role_arn},
      {"updateDate", Timestamp(m.update_date)},   {"loggingConfiguration", m.config->logging},
      {"tracingConfiguration", m.config->tracing}};
  PutOptional(out, "revisionId", m.revision_id);
  PutOptional(out, "mapRunArn", m.map_run_arn);
  PutOptional(out, "label", m.label);
  if (!m.config->encryption.is_null()) {
    out["encryptionConfiguration"] = m.config->encryption;
  }
  return json::Value(std::move(out));
}

}  // namespace stepshift::api::sfn
