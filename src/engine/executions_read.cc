// Executions: the read operations (Describe, List, History, DescribeStateMachine) and Stop.
#include <algorithm>

#include "base/status_macros.h"
#include "engine/arn.h"
#include "engine/errors.h"
#include "engine/executions_impl.h"

namespace stepshift::engine {

using internal::ExecutionRecord;
using internal::RecordPtr;

namespace internal {

ExecutionListItem ListItem(const ExecutionRecord& r) {
  ExecutionListItem item;
  item.execution_arn = r.arn;
  item.state_machine_arn = r.state_machine_arn;
  item.name = r.name;
  item.status = internal::StatusName(r.status);
  item.start_date = r.start_date;
  item.stop_date = r.stop_date;
  item.state_machine_version_arn = r.version_arn;
  item.state_machine_alias_arn = r.alias_arn;
  item.redrive_count = r.redrive_count;
  item.redrive_date = r.redrive_date;
  return item;
}

}  // namespace internal

namespace {

// What includeExecutionData=false leaves out of an event: its input and output payloads.
void DropExecutionData(json::Value* event) {
  for (auto& [key, details] : event->as_object()) {
    if (!details.is_object() || !key.ends_with("EventDetails"))
      continue;
    for (const char* field : {"input", "inputDetails", "output", "outputDetails"})
      details.as_object().erase(field);
  }
}

int64_t ParsePosition(const std::string& text) {
  return std::stoll(text);
}

}  // namespace

namespace internal {

const char* StatusName(asl::ExecutionStatus status) {
  return asl::ExecutionStatusName(status);
}

ExecutionDescription Describe(const ExecutionRecord& r, Time now) {
  ExecutionDescription d;
  d.execution_arn = r.arn;
  d.state_machine_arn = r.state_machine_arn;
  d.name = r.name;
  d.status = StatusName(r.status);
  d.start_date = r.start_date;
  d.stop_date = r.stop_date;
  d.input = r.input;
  if (r.status == asl::ExecutionStatus::kSucceeded)
    d.output = r.output;
  if (!r.error.empty())
    d.error = r.error;
  if (!r.cause.empty())
    d.cause = r.cause;
  d.trace_header = r.trace_header;
  d.state_machine_version_arn = r.version_arn;
  d.state_machine_alias_arn = r.alias_arn;
  d.redrive_count = r.redrive_count;
  d.redrive_date = r.redrive_date;
  d.redrive_status_reason = RedriveBlocker(r, now);
  d.redrive_status = d.redrive_status_reason ? "NOT_REDRIVABLE" : "REDRIVABLE";
  if (!r.map_run_arn.empty()) {
    d.map_run_arn = r.map_run_arn;
    // A map run's child is redriven by redriving the map run's execution (API reference,
    // DescribeExecution redriveStatus).
    if (!d.redrive_status_reason)
      d.redrive_status = "REDRIVABLE_BY_MAP_RUN";
  }
  return d;
}

}  // namespace internal

Result<ExecutionDescription> Executions::Describe(const std::string& execution_arn) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  // "Executions of an EXPRESS state machine aren't supported by DescribeExecution unless a Map
  // Run dispatched them" (API reference).
  auto express = impl_->express_children.find(execution_arn);
  if (express != impl_->express_children.end())
    return internal::Describe(*express->second, impl_->options.clock->Now());
  RETURN_IF_ERROR(CheckExecutionArn(execution_arn));
  auto it = impl_->by_arn.find(execution_arn);
  if (it == impl_->by_arn.end())
    return ExecutionDoesNotExist(execution_arn);
  return internal::Describe(*it->second, impl_->options.clock->Now());
}

Result<ExecutionStateMachine> Executions::DescribeStateMachine(const std::string& execution_arn) {
  RETURN_IF_ERROR(CheckExecutionArn(execution_arn));
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto it = impl_->by_arn.find(execution_arn);
  if (it == impl_->by_arn.end())
    return ExecutionDoesNotExist(execution_arn);
  const ExecutionRecord& r = *it->second;
  ExecutionStateMachine m;
  m.state_machine_arn = r.state_machine_arn;
  m.name = r.state_machine_name;
  m.config = r.snapshot->config;
  m.update_date = r.update_date;
  m.revision_id = r.revision_id;
  if (auto run = impl_->map_runs.find(r.map_run_arn); run != impl_->map_runs.end()) {
    m.map_run_arn = r.map_run_arn;
    m.label = run->second->row.label;
  }
  return m;
}

Result<Page<ExecutionListItem>> Executions::List(const ListExecutionsRequest& request) {
  if (!request.map_run_arn.empty())
    return ListMapRunChildren(request);
  ASSIGN_OR_RETURN(ExecutionTarget target,
                   impl_->plane->ResolveExecutionTarget(request.state_machine_arn, 0));
  if (target.type == "EXPRESS") {
    return AwsError("StateMachineTypeNotSupported",
                    "This operation is not supported by this type of state machine");
  }
  std::string listing = "executions|" + request.state_machine_arn + "|" +
                        request.status_filter.value_or("") + "|" +
                        request.redrive_filter.value_or("");
  int64_t before = INT64_MAX;
  if (request.page.next_token) {
    ASSIGN_OR_RETURN(std::string position, impl_->tokens.Decode(*request.page.next_token, listing));
    before = ParsePosition(position);
  }
  auto matches = [&](const ExecutionRecord& r) {
    if (target.alias_arn ? r.alias_arn != target.alias_arn
                         : target.version_arn && r.version_arn != target.version_arn) {
      return false;
    }
    if (request.status_filter && *request.status_filter != internal::StatusName(r.status))
      return false;
    return !request.redrive_filter ||
           (*request.redrive_filter == "REDRIVEN") == (r.redrive_count > 0);
  };
  size_t size = static_cast<size_t>(PageSize(request.page));
  Page<ExecutionListItem> page;
  int64_t last_seq = 0;
  std::lock_guard<std::mutex> lock(impl_->mu);
  const std::deque<RecordPtr>& records = impl_->by_machine[target.state_machine_arn];
  // Start order is seq order: newest first means from the back, below the token's position.
  auto end = std::lower_bound(records.begin(), records.end(), before,
                              [](const RecordPtr& r, int64_t seq) { return r->seq < seq; });
  for (auto it = std::make_reverse_iterator(end); it != records.rend(); ++it) {
    if (!matches(**it))
      continue;
    if (page.items.size() == size) {
      page.next_token = impl_->tokens.Encode(listing, std::to_string(last_seq));
      break;
    }
    page.items.push_back(internal::ListItem(**it));
    last_seq = (*it)->seq;
  }
  return page;
}

Result<HistoryPage> Executions::History(const HistoryRequest& request) {
  RETURN_IF_ERROR(CheckExecutionArn(request.execution_arn));
  std::string listing =
      "history|" + request.execution_arn + "|" + (request.reverse_order ? "reverse" : "forward");
  int64_t skip = 0;
  if (request.page.next_token) {
    ASSIGN_OR_RETURN(std::string position, impl_->tokens.Decode(*request.page.next_token, listing));
    skip = ParsePosition(position);
  }
  int64_t size = PageSize(request.page);
  std::vector<internal::EventChunkPtr> chunks;
  int64_t total = 0;
  int64_t seq = 0;
  bool on_disk = false;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    auto it = impl_->by_arn.find(request.execution_arn);
    if (it == impl_->by_arn.end())
      return ExecutionDoesNotExist(request.execution_arn);
    chunks = it->second->events;  // immutable chunks: read them without the lock
    total = it->second->event_count;
    seq = it->second->seq;
    on_disk = it->second->events_on_disk;
  }
  if (on_disk) {
    ASSIGN_OR_RETURN(chunks, impl_->store->ReadEvents(seq));
  }
  // Event ids are 1..total; this page has the ids [from, to), counted from the end in reverse.
  int64_t from = request.reverse_order ? std::max<int64_t>(1, total - skip - size + 1) : skip + 1;
  int64_t to = request.reverse_order ? total - skip + 1 : std::min(total, skip + size) + 1;
  HistoryPage page;
  for (const internal::EventChunkPtr& chunk : chunks) {
    std::string_view lines = chunk->lines;
    for (int64_t id = chunk->first_id; !lines.empty(); ++id) {
      size_t end = std::min(lines.find('\n'), lines.size());
      if (id >= from && id < to) {
        json::Value event = *json::Parse(lines.substr(0, end));
        if (!request.include_execution_data)
          DropExecutionData(&event);
        page.events.push_back(std::move(event));
      }
      lines.remove_prefix(std::min(end + 1, lines.size()));
    }
  }
  if (request.reverse_order)
    std::reverse(page.events.begin(), page.events.end());
  if (skip + size < total)
    page.next_token = impl_->tokens.Encode(listing, std::to_string(skip + size));
  return page;
}

Result<Time> Executions::Stop(const std::string& execution_arn, const std::string& error,
                              const std::string& cause) {
  return impl_->Stop(execution_arn, error, cause);
}

Result<Time> Executions::Impl::Stop(const std::string& execution_arn, const std::string& error,
                                    const std::string& cause) {
  RETURN_IF_ERROR(CheckExecutionArn(execution_arn));
  std::unique_lock<std::mutex> lock(mu);
  auto it = by_arn.find(execution_arn);
  if (it == by_arn.end())
    return ExecutionDoesNotExist(execution_arn);
  return StopLocked(lock, it->second, error, cause);
}

Time Executions::Impl::StopLocked(std::unique_lock<std::mutex>& lock, const RecordPtr& r,
                                  const std::string& error, const std::string& cause) {
  if (r->running()) {
    r->stop.emplace(error, cause);
    if (r->busy) {
      // Its worker sees the request when it publishes and runs it again at once.
      ended_cv.wait(lock, [&] { return !r->running(); });
    } else {
      if (r->queued) {
        ready.erase(std::find(ready.begin(), ready.end(), r));
        r->queued = false;
      }
      r->busy = true;
      lock.unlock();
      RunSlice(r);
      lock.lock();
    }
  }
  return *r->stop_date;
}

}  // namespace stepshift::engine
