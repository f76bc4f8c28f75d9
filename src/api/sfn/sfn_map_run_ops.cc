// DescribeMapRun, ListMapRuns and UpdateMapRun.
#include "api/sfn/sfn_ops.h"
#include "base/status_macros.h"
#include "engine/executions.h"

namespace stepshift::api::sfn {

namespace {

json::Value EncodeCounts(const engine::MapRunCounts& c) {
  return json::Object{{"pending", c.pending},
                      {"running", c.running},
                      {"succeeded", c.succeeded},
                      {"failed", c.failed},
                      {"timedOut", c.timed_out},
                      {"aborted", c.aborted},
                      {"total", c.total},
                      {"resultsWritten", c.results_written},
                      {"failuresNotRedrivable", c.failures_not_redrivable},
                      {"pendingRedrive", c.pending_redrive}};
}

}  // namespace

Result<json::Value> DescribeMapRun(const OpContext& ctx, RequestReader& in) {
  auto arn = in.String("mapRunArn", kLongArnShape);
  RETURN_IF_ERROR(in.Finish());
  ASSIGN_OR_RETURN(engine::MapRunDescription d, ctx.executions->DescribeMapRun(*arn));
  json::Object out{{"mapRunArn", d.map_run_arn},
                   {"executionArn", d.execution_arn},
                   {"status", d.status},
                   {"startDate", Timestamp(d.start_date)},
                   {"maxConcurrency", d.max_concurrency},
                   {"toleratedFailurePercentage", d.tolerated_failure_percentage},
                   {"toleratedFailureCount", d.tolerated_failure_count},
                   {"itemCounts", EncodeCounts(d.item_counts)},
                   {"executionCounts", EncodeCounts(d.execution_counts)},
                   {"redriveCount", d.redrive_count}};
  if (d.stop_date) {
    out["stopDate"] = Timestamp(*d.stop_date);
  }
  if (d.redrive_date) {
    out["redriveDate"] = Timestamp(*d.redrive_date);
  }
  return json::Value(std::move(out));
}

Result<json::Value> ListMapRuns(const OpContext& ctx, RequestReader& in) {
  auto arn = in.String("executionArn", kArnShape);
  engine::PageRequest page = ReadPage(in);
  RETURN_IF_ERROR(in.Finish());
  ASSIGN_OR_RETURN(engine::Page<engine::MapRunListItem> runs,
                   ctx.executions->ListMapRuns(*arn, page));
  json::Array items;
  for (const engine::MapRunListItem& run : runs.items) {
    json::Object item{{"executionArn", run.execution_arn},
                      {"mapRunArn", run.map_run_arn},
                      {"stateMachineArn", run.state_machine_arn},
                      {"startDate", Timestamp(run.start_date)}};
    if (run.stop_date) {
      item["stopDate"] = Timestamp(*run.stop_date);
    }
    items.push_back(std::move(item));
  }
  json::Object out{{"mapRuns", std::move(items)}};
  if (runs.next_token) {
    out["nextToken"] = *runs.next_token;
  }
  return json::Value(std::move(out));
}

Result<json::Value> UpdateMapRun(const OpContext& ctx, RequestReader& in) {
  engine::UpdateMapRunRequest r;
  r.map_run_arn = in.String("mapRunArn", kLongArnShape).value_or("");
  if (auto n = in.Integer("maxConcurrency", {.min = 0, .max = INT32_MAX})) {
    r.max_concurrency = static_cast<int32_t>(*n);
  }
  r.tolerated_failure_percentage = in.Float("toleratedFailurePercentage", {.min = 0, .max = 100});
  r.tolerated_failure_count = in.Integer("toleratedFailureCount", {.min = 0});
  RETURN_IF_ERROR(in.Finish());
  RETURN_IF_ERROR(ctx.executions->UpdateMapRun(r));
  return json::Value(json::Object{});
}

}  // namespace stepshift::api::sfn
