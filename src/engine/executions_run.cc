// Executions: stepping records on workers, timers, task dispatch and publishing what happened
// (housekeeping is executions_housekeeping.cc's).
#include <algorithm>

#include "asl/errors.h"
#include "base/ids.h"
#include "base/json.h"
#include "engine/arn.h"
#include "engine/executions_impl.h"

namespace stepshift::engine {

using internal::ExecutionRecord;
using internal::RecordPtr;

namespace {

// Collects a run's history events as one chunk, in GetExecutionHistory's wire form.
class ChunkEvents : public asl::EventSink {
 public:
  explicit ChunkEvents(int64_t first_id) { chunk_.first_id = first_id; }

  void OnEvent(asl::Value event) override {
    if (chunk_.count++ > 0)
      chunk_.lines.push_back('\n');
    chunk_.lines += json::Serialize(event);
  }

  // The chunk, or null when the run recorded nothing.
  internal::EventChunkPtr Take() {
    if (chunk_.count == 0)
      return nullptr;
    return std::make_shared<const internal::EventChunk>(std::move(chunk_));
  }

 private:
  internal::EventChunk chunk_;
};

std::string RegionOf(const std::string& arn) {
  size_t a = arn.find(':', arn.find(':', 4) + 1);  // after "arn:<partition>:states:"
  size_t b = arn.find(':', a + 1);
  return arn.substr(a + 1, b - a - 1);
}

asl::ExecutionOptions OptionsFor(const ExecutionRecord& r, Clock* clock, ChunkEvents* events) {
  asl::ExecutionOptions o;
  o.execution_arn = r.arn;
  o.execution_name = r.name;
  o.state_machine_arn = r.state_machine_arn;
  o.state_machine_name = r.state_machine_name;
  o.role_arn = r.snapshot->config->role_arn;
  o.state_machine_version_arn = r.version_arn.value_or("");
  o.state_machine_alias_arn = r.alias_arn.value_or("");
  o.region = RegionOf(r.arn);
  o.clock = clock;
  o.events = events;
  o.epoch_timestamps = true;
  o.defer_tasks = true;
  o.map_runs = true;
  // A different sequence for every run of steps, the same after a restart.
  o.random_seed = static_cast<uint64_t>(r.seq) * 0x9e3779b97f4a7c15ull +
                  static_cast<uint64_t>(r.state.event_count);
  return o;
}

// Steps until the execution ends or waits with no task outcome left to deliver, or the slice's
// budget is spent (then kContinue). Delivers `results` from *next on; on return *next is the
// first one not delivered.
asl::StepResult Drive(asl::Execution& exec, std::vector<internal::TaskResult>& results,
                      size_t* next, int budget) {
  for (int steps = 0; steps < budget;) {
    asl::StepResult step = exec.Step();
    if (step.kind == asl::StepResult::Kind::kDone)
      return step;
    if (step.kind == asl::StepResult::Kind::kContinue) {
      ++steps;
      continue;
    }
    if (*next == results.size())
      return step;
    internal::TaskResult& result = results[(*next)++];
    switch (result.kind) {
      case internal::TaskResult::Kind::kOutcome:
        exec.CompleteTask(result.id, std::move(result.outcome));
        break;
      case internal::TaskResult::Kind::kStarted:
        exec.TaskStarted(result.id, result.worker);
        break;
      case internal::TaskResult::Kind::kSubmitted:
        exec.TaskSubmitted(result.id, std::move(result.outcome.output));
        break;
    }
  }
  return {asl::StepResult::Kind::kContinue, {}};
}

ExecutionEnd EndOf(asl::ExecutionStatus status) {
  switch (status) {
    case asl::ExecutionStatus::kSucceeded:
      return ExecutionEnd::kSucceeded;
    case asl::ExecutionStatus::kTimedOut:
      return ExecutionEnd::kTimedOut;
    case asl::ExecutionStatus::kAborted:
      return ExecutionEnd::kAborted;
    default:
      return ExecutionEnd::kFailed;
  }
}

// Express executions are billed by the 100 ms, at 64 MB (AWS-recorded values).
SyncExecutionResult SyncResult(const ExecutionRecord& r) {
  SyncExecutionResult result;
  result.execution = internal::Describe(r, *r.stop_date);
  int64_t ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(*r.stop_date - r.start_date).count();
  result.billed_duration_ms = std::max<int64_t>(100, (ms + 99) / 100 * 100);
  result.billed_memory_mb = 64;
  return result;
}

}  // namespace

asl::TaskOutcome MissingTaskOutcome(const asl::TaskRequest& request) {
  std::string function;
  if (request.resource.find(":lambda:") != std::string_view::npos &&
      request.resource.find(":function:") != std::string_view::npos) {
    function = std::string(request.resource);
  } else if (request.resource.starts_with("arn:aws:states:::lambda:invoke") &&
             request.input->is_object()) {
    const json::Value* name = request.input->as_object().if_contains("FunctionName");
    function = name && name->is_string() ? std::string(name->get_string()) : "";
  }
  if (function.empty()) {
    return asl::TaskOutcome::Failure("States.TaskFailed", "No task runner serves resource '" +
                                                              std::string(request.resource) + "'");
  }
  // The AWS SDK's rendering of Lambda's 404, as Step Functions reports it.
  return asl::TaskOutcome::Failure(
      "Lambda.ResourceNotFoundException",
      "Function not found: " + function +
          " (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; "
          "Request ID: " +
          NewUuid() + "; Proxy: null)");
}

void Executions::Impl::MakeReady(const RecordPtr& r) {
  if (r->busy || r->queued)
    return;
  r->queued = true;
  ready.push_back(r);
  work_cv.notify_one();
}

void Executions::Impl::FireDue(Time now, std::vector<Poller>* expired) {
  while (!timers.empty() && timers.top().due <= now) {
    Timer timer = timers.top();
    timers.pop();
    if (timer.generation == timer.record->timer && timer.record->running())
      MakeReady(timer.record);
  }
  while (!task_timers.empty() && task_timers.top().due <= now) {
    TaskTimer timer = task_timers.top();
    task_timers.pop();
    auto call = timer.record->tasks.find(timer.id);
    if (call == timer.record->tasks.end())
      continue;
    if (timer.heartbeat == 0) {
      call->second.cancel->Cancel();  // a runner still at work is stopped
      ActivityEnded(call->second, TaskEnd::kTimedOut);
      Deliver(timer.record,
              {internal::TaskResult::Kind::kOutcome, timer.id,
               asl::TaskOutcome::Failure(std::string(asl::errors::kTimeout), ""), ""});
    } else if (timer.heartbeat == call->second.heartbeat) {
      ActivityEnded(call->second, TaskEnd::kHeartbeatTimedOut);
      Deliver(timer.record,
              {internal::TaskResult::Kind::kOutcome, timer.id,
               asl::TaskOutcome::Failure(std::string(asl::errors::kHeartbeatTimeout), ""), ""});
    }
  }
  while (!poll_timers.empty() && poll_timers.top().due <= now) {
    PollTimer timer = poll_timers.top();
    poll_timers.pop();
    auto activity = activities.find(timer.activity);
    if (activity == activities.end())
      continue;
    std::deque<Poller>& pollers = activity->second.pollers;
    auto it = std::find_if(pollers.begin(), pollers.end(),
                           [&](const Poller& p) { return p.id == timer.poller; });
    if (it != pollers.end()) {
      expired->push_back(std::move(*it));
      pollers.erase(it);
    }
  }
}

Time Executions::Impl::NextDue() const {
  Time next = Time::max();
  if (!timers.empty())
    next = std::min(next, timers.top().due);
  if (!task_timers.empty())
    next = std::min(next, task_timers.top().due);
  if (!poll_timers.empty())
    next = std::min(next, poll_timers.top().due);
  return next;
}

uint64_t Executions::Impl::Persist(std::function<Status(internal::ExecutionStore&)> write) {
  return committer->Enqueue([this, write = std::move(write)](store::Database&) {
    if (broken)
      return Status::Unavailable("the execution store failed earlier; restart stepshift serve");
    return write(*store);
  });
}

void Executions::Impl::RunSlice(const RecordPtr& r, int budget) {
  std::vector<internal::TaskResult> results;
  std::optional<std::pair<std::string, std::string>> stop;
  int64_t first_event_id = 0;
  bool redrive = false;
  std::vector<std::pair<std::string, asl::MapRunLimits>> updates;
  {
    std::lock_guard<std::mutex> lock(mu);
    results.swap(r->results);
    stop.swap(r->stop);
    updates.swap(r->map_run_updates);
    redrive = std::exchange(r->redrive, false);
    first_event_id = r->event_count + 1;
  }
  ChunkEvents events(first_event_id);
  asl::Execution exec(r->snapshot->machine,
                      OptionsFor(*r, options.clock, r->express ? nullptr : &events));
  if (r->started) {
    exec.Resume(std::move(r->state));
  } else {
    exec.Start(std::move(r->parsed_input), r->input);
  }
  if (redrive)
    exec.Redrive();
  for (const auto& [arn, limits] : updates)
    exec.UpdateMapRun(arn, limits);  // false: the map run ended meanwhile
  asl::StepResult step{asl::StepResult::Kind::kDone, {}};
  size_t delivered = 0;
  if (stop) {
    exec.Abort(stop->first, stop->second);
  } else {
    step = Drive(exec, results, &delivered, budget);
  }
  Slice slice;
  slice.step = step;
  slice.calls = exec.TakeTaskCalls();
  if (exec.state().task_calls > 0) {
    for (const asl::TaskCall& call : exec.TaskCallsInFlight())
      slice.in_flight.insert(call.id);
  }
  slice.events = events.Take();
  TakeMapRunChanges(r, exec, &slice);
  slice.leftover.assign(std::make_move_iterator(results.begin() + delivered),
                        std::make_move_iterator(results.end()));
  Publish(r, std::move(exec.mutable_state()), std::move(slice));
}

void Executions::Impl::Publish(const RecordPtr& r, asl::ExecutionState state, Slice slice) {
  std::vector<std::pair<asl::TaskCall, std::shared_ptr<asl::CancelToken>>> dispatches;
  std::function<void(SyncExecutionResult)> on_end;
  std::optional<SyncExecutionResult> sync;
  std::vector<RecordPtr> orphans;  // .sync and map run children whose parent no longer waits
  {
    std::lock_guard<std::mutex> lock(mu);
    internal::ExecutionProgress progress;
    progress.seq = r->seq;
    if (slice.events) {
      r->event_count += slice.events->count;
      r->events.push_back(slice.events);
      progress.events = std::move(slice.events);
    }
    r->started = true;
    r->status = state.status;
    if (!r->running()) {
      r->stop_date = StopDate(*r, state);
      if (state.status == asl::ExecutionStatus::kSucceeded)
        r->output = asl::ToJson(state.output);
      r->error = state.error;
      r->cause = state.cause;
    }
    PublishMapRuns(r, slice);
    progress.status = r->status;
    progress.stop_date = r->stop_date;
    progress.output = r->output;
    progress.error = r->error;
    progress.cause = r->cause;
    progress.event_count = r->event_count;
    progress.redrive_count = r->redrive_count;
    progress.redrive_date = r->redrive_date;
    for (auto it = r->tasks.begin(); it != r->tasks.end();) {
      bool wanted = r->running() && slice.in_flight.count(it->first) > 0;
      if (!wanted && !it->second.child.empty()) {
        auto child = by_arn.find(it->second.child);
        auto express = express_children.find(it->second.child);
        if (child != by_arn.end())
          orphans.push_back(child->second);
        else if (express != express_children.end())
          orphans.push_back(express->second);
      }
      if (!wanted)
        Untrack(it->second);
      it = wanted ? std::next(it) : r->tasks.erase(it);
    }
    for (asl::TaskCall& call : slice.calls) {
      std::shared_ptr<asl::CancelToken> cancel = Track(r, call).cancel;
      dispatches.emplace_back(std::move(call), std::move(cancel));
    }
    r->results.insert(r->results.begin(), std::make_move_iterator(slice.leftover.begin()),
                      std::make_move_iterator(slice.leftover.end()));
    r->busy = false;
    // A failed, timed-out or aborted execution keeps where it stopped, for a redrive.
    if (r->running() || (!r->express && state.status != asl::ExecutionStatus::kSucceeded)) {
      progress.state = json::Serialize(asl::ToValue(state));
      r->state = std::move(state);
    }
    if (r->running()) {
      Schedule(r, slice.step);
    } else {
      metrics.Ended(r->metrics, EndOf(r->status), r->start_date, *r->stop_date,
                    r->redrive_count > 0);
      ended_cv.notify_all();
      ChildEnded(*r);
      MapChildEnded(*r);
      if (r->on_end) {
        on_end = std::move(r->on_end);
        sync = SyncResult(*r);
      }
    }
    if (!r->express) {
      // The first write also inserts the row; it reads only fields fixed at the start.
      bool insert = !std::exchange(r->stored, true);
      uint64_t write =
          Persist([r, insert, progress = std::move(progress)](internal::ExecutionStore& store) {
            return store.SaveProgress(progress, insert ? r.get() : nullptr);
          });
      if (!r->running() && store->reads_events())
        releasable.push_back({r, write, r->event_count});
    }
  }
  for (auto& [call, token] : dispatches)
    DispatchTask(r, std::move(call), std::move(token));
  for (const RecordPtr& child : orphans) {
    std::unique_lock<std::mutex> lock(mu);
    StopLocked(lock, child, "", "");
  }
  if (on_end)
    on_end(std::move(*sync));
}

void Executions::Impl::Schedule(const RecordPtr& r, asl::StepResult step) {
  if (step.kind == asl::StepResult::Kind::kContinue || !r->results.empty() || r->stop ||
      !r->map_run_updates.empty()) {
    MakeReady(r);
  } else if (step.kind == asl::StepResult::Kind::kWait && step.wake_time != Time::max()) {
    r->timer = next_timer++;
    bool earliest = step.wake_time < NextDue();
    timers.push(Timer{step.wake_time, r->timer, r});
    if (earliest)
      timer_cv.notify_one();
  }
}

Time Executions::Impl::StopDate(const ExecutionRecord& r, const asl::ExecutionState& state) {
  Time now = options.clock->Now();
  // A timed-out execution stops exactly at its deadline, however late the timer fired.
  const std::optional<int64_t>& timeout = r.snapshot->machine->timeout_seconds;
  if (state.status == asl::ExecutionStatus::kTimedOut && timeout) {
    return std::min(now, r.start_date + std::chrono::seconds(*timeout));
  }
  return now;
}

void Executions::Impl::Dispatch(std::function<void()> work) {
  if (task_pool) {
    task_pool->Submit(std::move(work));
    return;
  }
  std::lock_guard<std::mutex> lock(mu);
  inline_tasks.push_back(std::move(work));
}

void Executions::Impl::DispatchTask(const RecordPtr& r, asl::TaskCall call,
                                    std::shared_ptr<asl::CancelToken> cancel, bool resumed) {
  if (call.resource == asl::kMapRunChildResource)
    return StartMapChild(r, call, resumed);
  if (IsNestedExecution(call.resource))
    return StartNested(r, call);
  if (IsActivityResource(call.resource)) {
    // Nothing runs an activity here: its workers take it with GetActivityTask.
    std::vector<std::function<void()>> answers;
    {
      std::lock_guard<std::mutex> lock(mu);
      if (auto t = r->tasks.find(call.id); t != r->tasks.end()) {
        t->second.metric = metrics.TaskTarget(call.resource, r->arn);
        t->second.scheduled = options.clock->Now();
        metrics.TaskScheduled(t->second.metric, t->second.scheduled);
      }
      OfferActivityTask({r, call.id, asl::ToJson(call.input)}, &answers);
    }
    for (const auto& answer : answers)
      answer();
    return;
  }
  const MetricTarget* target = metrics.TaskTarget(call.resource, r->arn);
  Time scheduled = options.clock->Now();
  metrics.TaskScheduled(target, scheduled);
  Dispatch([this, r, target, scheduled, call = std::move(call), cancel = std::move(cancel)] {
    Time started = options.clock->Now();
    metrics.TaskStarted(target, started);
    asl::TaskRequest request = call.request();
    request.cancel = cancel.get();
    asl::TaskOutcome outcome =
        options.tasks != nullptr ? options.tasks->Run(request) : MissingTaskOutcome(request);
    if (!cancel->cancelled()) {
      TaskEnd end = outcome.ok                               ? TaskEnd::kSucceeded
                    : outcome.error == asl::errors::kTimeout ? TaskEnd::kTimedOut
                                                             : TaskEnd::kFailed;
      metrics.TaskEnded(target, end, scheduled, started, options.clock->Now());
    }
    OnTaskDone(r, call.id, std::move(outcome));
  });
}

void Executions::Impl::OnTaskDone(const RecordPtr& r, int64_t id, asl::TaskOutcome outcome) {
  std::lock_guard<std::mutex> lock(mu);
  auto call = r->tasks.find(id);
  if (call != r->tasks.end() && call->second.waits_for_token && outcome.ok) {
    // The service took the call: now the execution waits for its token to be answered.
    Deliver(r, {internal::TaskResult::Kind::kSubmitted, id, std::move(outcome), ""});
    ArmHeartbeat(r, id);
    return;
  }
  Deliver(r, {internal::TaskResult::Kind::kOutcome, id, std::move(outcome), ""});
}

void Executions::Impl::WorkerLoop() {
  std::unique_lock<std::mutex> lock(mu);
  while (true) {
    work_cv.wait(lock, [this] { return stopping || !ready.empty(); });
    if (stopping)
      return;
    RecordPtr r = std::move(ready.front());
    ready.pop_front();
    r->queued = false;
    r->busy = true;
    lock.unlock();
    RunSlice(r);
    lock.lock();
  }
}

void Executions::Impl::TimerLoop() {
  std::unique_lock<std::mutex> lock(mu);
  while (!stopping) {
    Time now = options.clock->Now();
    std::vector<Poller> expired;
    FireDue(now, &expired);
    lock.unlock();
    for (Poller& poller : expired)
      poller.done(ActivityTask{});  // no task within the poll's time
    Housekeeping(now);
    lock.lock();
    Time next = std::min(now + kFlushInterval, NextDue());
    if (!stopping)
      timer_cv.wait_for(lock, next - options.clock->Now());
  }
}

}  // namespace stepshift::engine
