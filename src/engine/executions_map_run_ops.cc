// Executions: the Map Run operations (DescribeMapRun, ListMapRuns, UpdateMapRun) and
// ListExecutions by mapRunArn.
#include <algorithm>

#include "base/status_macros.h"
#include "engine/arn.h"
#include "engine/errors.h"
#include "engine/executions_impl.h"

namespace stepshift::engine {

using internal::MapRunPtr;
using internal::RecordPtr;

namespace {

Status MapRunNotFound(const std::string& arn) {
  return ResourceNotFound("Resource not found: '" + arn + "'");
}

// Lists newest first: a page's token is the position (from the start) below which it goes on.
template <typename T, typename Item>
Result<Page<Item>> NewestFirst(PageTokens& tokens, const std::string& listing,
                               const std::vector<T>& all, const PageRequest& request,
                               const std::function<bool(const T&)>& matches,
                               const std::function<Item(const T&)>& item) {
  int64_t end = static_cast<int64_t>(all.size());
  if (request.next_token) {
    ASSIGN_OR_RETURN(std::string position, tokens.Decode(*request.next_token, listing));
    end = std::min<int64_t>(end, std::stoll(position));
  }
  size_t size = static_cast<size_t>(PageSize(request));
  Page<Item> page;
  for (int64_t i = end - 1; i >= 0; --i) {
    if (!matches(all[i]))
      continue;
    if (page.items.size() == size) {
      page.next_token = tokens.Encode(listing, std::to_string(i + 1));
      break;
    }
    page.items.push_back(item(all[i]));
  }
  return page;
}

}  // namespace

Result<MapRunDescription> Executions::DescribeMapRun(const std::string& map_run_arn) {
  RETURN_IF_ERROR(CheckMapRunArn(map_run_arn));
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto run = impl_->map_runs.find(map_run_arn);
  if (run == impl_->map_runs.end())
    return MapRunNotFound(map_run_arn);
  return impl_->DescribeMapRun(*run->second);
}

Result<Page<MapRunListItem>> Executions::ListMapRuns(const std::string& execution_arn,
                                                     const PageRequest& page) {
  RETURN_IF_ERROR(CheckExecutionArn(execution_arn));
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto r = impl_->by_arn.find(execution_arn);
  if (r == impl_->by_arn.end())
    return ExecutionDoesNotExist(execution_arn);
  std::function<bool(const MapRunPtr&)> all = [](const MapRunPtr&) { return true; };
  std::function<MapRunListItem(const MapRunPtr&)> item = [](const MapRunPtr& run) {
    return MapRunListItem{run->execution_arn, run->row.arn, run->row.state_machine_arn,
                          run->row.start_date, run->row.stop_date};
  };
  return NewestFirst(impl_->tokens, "maprun|" + execution_arn, r->second->map_runs, page, all,
                     item);
}

Status Executions::UpdateMapRun(const UpdateMapRunRequest& request) {
  RETURN_IF_ERROR(CheckMapRunArn(request.map_run_arn));
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto found = impl_->map_runs.find(request.map_run_arn);
  if (found == impl_->map_runs.end())
    return MapRunNotFound(request.map_run_arn);
  internal::MapRunRecord& run = *found->second;
  if (!run.running()) {
    return Status(StatusCode::kFailedPrecondition,
                  "Map Run is not RUNNING and cannot be updated: '" + request.map_run_arn + "'",
                  "ValidationException", "CANNOT_UPDATE_COMPLETED_MAP_RUN");
  }
  asl::MapRunLimits limits;
  if (request.max_concurrency) {
    run.row.max_concurrency = *request.max_concurrency;
    limits.max_concurrency = *request.max_concurrency;
  }
  if (request.tolerated_failure_count) {
    run.row.tolerated_failure_count = *request.tolerated_failure_count;
    limits.tolerated_failure_count = static_cast<double>(*request.tolerated_failure_count);
  }
  if (request.tolerated_failure_percentage) {
    run.row.tolerated_failure_percentage = *request.tolerated_failure_percentage;
    limits.tolerated_failure_percentage = *request.tolerated_failure_percentage;
  }
  impl_->PersistMapRun(run);
  // The parent's interpreter applies the limits at its next run of steps.
  auto parent = impl_->by_arn.find(run.execution_arn);
  if (parent != impl_->by_arn.end() && parent->second->running()) {
    parent->second->map_run_updates.emplace_back(request.map_run_arn, limits);
    impl_->MakeReady(parent->second);
  }
  return Status::Ok();
}

// ListExecutions with a mapRunArn: the map run's children, newest first, with the map run and
// their items (the fields ListExecutions reports only then).
Result<Page<ExecutionListItem>> Executions::ListMapRunChildren(const ListExecutionsRequest& req) {
  RETURN_IF_ERROR(CheckMapRunArn(req.map_run_arn));
  std::string listing = "mapRunExecutions|" + req.map_run_arn + "|" +
                        req.status_filter.value_or("") + "|" + req.redrive_filter.value_or("");
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto run = impl_->map_runs.find(req.map_run_arn);
  if (run == impl_->map_runs.end())
    return MapRunNotFound(req.map_run_arn);
  std::function<bool(const RecordPtr&)> matches = [&req](const RecordPtr& r) {
    if (req.status_filter && *req.status_filter != internal::StatusName(r->status))
      return false;
    return !req.redrive_filter || (*req.redrive_filter == "REDRIVEN") == (r->redrive_count > 0);
  };
  std::function<ExecutionListItem(const RecordPtr&)> item = [](const RecordPtr& r) {
    ExecutionListItem i = internal::ListItem(*r);
    i.map_run_arn = r->map_run_arn;
    i.item_count = r->item_count;
    return i;
  };
  return NewestFirst(impl_->tokens, listing, run->second->children, req.page, matches, item);
}

}  // namespace stepshift::engine
