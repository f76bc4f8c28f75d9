// Executions: the child executions of map runs. Each item (or batch) of a distributed Map runs as
// an execution of the map run's ItemProcessor, named by the interpreter (the same name whenever
// the item runs), so that the child of an item is found again: after a restart its call attaches
// to the child that still runs (or answers with its end), and a redriven map run redrives its
// unsuccessful Standard children under their ARNs, as AWS does; Express ones start anew.
#include "base/ids.h"
#include "base/status_macros.h"
#include "engine/arn.h"
#include "engine/executions_impl.h"

namespace stepshift::engine {

using internal::MapRunPtr;
using internal::RecordPtr;
using internal::TaskResult;

namespace {

// First run of steps of a child, on the thread that starts it (as StartExecution's).
constexpr int kFirstChildSteps = 100;

struct ChildCall {
  std::string map_run_arn;
  std::string name;
  int64_t item_count = 1;
  json::Value input;
};

// The call's input as the interpreter makes it (asl::kMapRunChildResource); false if malformed,
// which only a damaged store can cause.
bool ReadChildCall(const json::Value& v, ChildCall* out) {
  const json::Object* o = v.if_object();
  const json::Value* arn = o ? o->if_contains("mapRunArn") : nullptr;
  const json::Value* name = o ? o->if_contains("name") : nullptr;
  const json::Value* items = o ? o->if_contains("itemCount") : nullptr;
  const json::Value* input = o ? o->if_contains("input") : nullptr;
  if (!arn || !arn->is_string() || !name || !name->is_string() || !items || !items->is_int64() ||
      !input) {
    return false;
  }
  out->map_run_arn = std::string(arn->get_string());
  out->name = std::string(name->get_string());
  out->item_count = items->get_int64();
  out->input = *input;
  return true;
}

asl::TaskOutcome ChildFailure(const std::string& error, const std::string& cause) {
  return asl::TaskOutcome::Failure(error, cause);
}

}  // namespace

void Executions::Impl::StartMapChild(const RecordPtr& r, const asl::TaskCall& call, bool resumed) {
  ChildCall c;
  MapRunPtr run;
  RecordPtr existing;
  {
    std::lock_guard<std::mutex> lock(mu);
    if (r->tasks.count(call.id) == 0)
      return;  // the parent no longer waits
    auto found = ReadChildCall(call.input, &c) ? map_runs.find(c.map_run_arn) : map_runs.end();
    if (found == map_runs.end() || !found->second->snapshot) {
      std::string why = found == map_runs.end() ? "The map run " + c.map_run_arn + " is unknown"
                                                : found->second->definition_error;
      return Deliver(r, {TaskResult::Kind::kOutcome, call.id,
                         ChildFailure(std::string(asl::errors::kRuntime), why), ""});
    }
    run = found->second;
    if (!run->row.express) {
      auto e = by_arn.find(MakeExecutionArn(run->row.state_machine_arn, c.name));
      existing = e == by_arn.end() ? nullptr : e->second;
    }
    // Still running, or ended before a restart (its end is the answer), or succeeded.
    if (existing &&
        (existing->running() || resumed || existing->status == asl::ExecutionStatus::kSucceeded)) {
      return AwaitChild(r, call.id, existing);
    }
  }
  Result<RecordPtr> child = existing;
  if (existing) {
    // A redriven map run: its unsuccessful child goes on where it stopped. When it cannot, its
    // last end stays the answer.
    (void)Redrive(existing->arn, "");
  } else {
    child = NewMapChild(run, c.name, c.input, c.item_count);
  }
  std::unique_lock<std::mutex> lock(mu);
  if (!child.ok()) {
    return Deliver(r, {TaskResult::Kind::kOutcome, call.id,
                       ChildFailure(child.status().kind(), child.status().message()), ""});
  }
  if (r->tasks.count(call.id) == 0) {
    StopLocked(lock, *child, "", "");  // the parent stopped waiting while the child started
    return;
  }
  AwaitChild(r, call.id, *child);
}

Result<RecordPtr> Executions::Impl::NewMapChild(const MapRunPtr& run, const std::string& name,
                                                const json::Value& input, int64_t item_count) {
  const internal::MapRunRow& row = run->row;
  ExecutionTarget target;
  target.state_machine_arn = row.state_machine_arn;
  target.name = row.state_machine_arn.substr(row.state_machine_arn.rfind(':') + 1);
  target.type = row.express ? "EXPRESS" : "STANDARD";
  target.config = run->snapshot->config;
  target.update_date = row.start_date;
  StartExecutionRequest request;
  request.name = name;
  request.input = json::Serialize(input);
  ASSIGN_OR_RETURN(RecordPtr r, NewRecord(request, target));
  r->map_run_arn = row.arn;
  r->item_count = item_count;
  bool admitted = false;
  ASSIGN_OR_RETURN(RecordPtr child, Admit(r, &admitted));
  if (!admitted)
    return child;  // the same child, started already (cannot happen: names are the items')
  {
    std::lock_guard<std::mutex> lock(mu);
    run->children.push_back(child);
    if (child->express)
      express_children[child->arn] = child;
  }
  RunSlice(child, kFirstChildSteps);
  return child;
}

void Executions::Impl::AwaitChild(const RecordPtr& parent, int64_t id, const RecordPtr& child) {
  auto task = parent->tasks.find(id);
  if (task == parent->tasks.end())
    return;
  task->second.child = child->arn;
  task->second.map_child = true;
  if (!child->running())
    return DeliverChildEnd(parent, id, *child);
  parents[child->arn].emplace_back(parent, id);
}

}  // namespace stepshift::engine
