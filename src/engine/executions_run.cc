// Executions: stepping records on workers, timers, task dispatch and publishing what happened.
#include <algorithm>

#include "asl/errors.h"
#include "base/ids.h"
#include "base/json.h"
#include "engine/executions_impl.h"

namespace stepshift::engine {

using internal::ExecutionRecord;
using internal::RecordPtr;

namespace {

constexpr Duration kFlushInterval = std::chrono::seconds(1);
constexpr Duration kPurgeInterval = std::chrono::hours(1);

// Turns the interpreter's events into GetExecutionHistory's wire form: timestamps as epoch
// seconds, and ExecutionStarted naming the version and alias the execution started through.
class WireEvents : public asl::EventSink {
 public:
  explicit WireEvents(const ExecutionRecord& r) : record_(r) {}

  void OnEvent(asl::Value event) override {
    asl::Object& e = event.as_object();
    if (const asl::Value* ts = e.if_contains("timestamp"); ts != nullptr && ts->is_string()) {
      Result<Time> t = ParseIso8601(ts->get_string());
      if (t.ok())
        e["timestamp"] = ToEpochSeconds(*t);
    }
    if (asl::Value* started = e.if_contains("executionStartedEventDetails")) {
      if (record_.alias_arn)
        started->as_object()["stateMachineAliasArn"] = *record_.alias_arn;
      if (record_.version_arn)
        started->as_object()["stateMachineVersionArn"] = *record_.version_arn;
    }
    texts.push_back(json::Serialize(event));
  }

  std::vector<std::string> texts;

 private:
  const ExecutionRecord& record_;
};

std::string RegionOf(const std::string& arn) {
  size_t a = arn.find(':', arn.find(':', 4) + 1);  // after "arn:<partition>:states:"
  size_t b = arn.find(':', a + 1);
  return arn.substr(a + 1, b - a - 1);
}

asl::ExecutionOptions OptionsFor(const ExecutionRecord& r, Clock* clock, WireEvents* events) {
  asl::ExecutionOptions o;
  o.execution_arn = r.arn;
  o.execution_name = r.name;
  o.state_machine_arn = r.state_machine_arn;
  o.state_machine_name = r.state_machine_name;
  o.role_arn = r.snapshot->config->role_arn;
  o.region = RegionOf(r.arn);
  o.clock = clock;
  o.events = events;
  o.defer_tasks = true;
  // A different sequence for every run of steps, the same after a restart.
  o.random_seed = static_cast<uint64_t>(r.seq) * 0x9e3779b97f4a7c15ull +
                  static_cast<uint64_t>(r.state.event_count);
  return o;
}

// Steps until the execution ends or waits with no task outcome left to deliver, or the slice's
// budget is spent (then kContinue).
asl::StepResult Drive(asl::Execution& exec, std::deque<internal::TaskResult>& results, int budget) {
  for (int steps = 0; steps < budget;) {
    asl::StepResult step = exec.Step();
    if (step.kind == asl::StepResult::Kind::kDone)
      return step;
    if (step.kind == asl::StepResult::Kind::kContinue) {
      ++steps;
      continue;
    }
    if (results.empty())
      return step;
    internal::TaskResult result = std::move(results.front());
    results.pop_front();
    exec.CompleteTask(result.id, std::move(result.outcome));
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
  result.execution = internal::Describe(r);
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

void Executions::Impl::FireDue(Time now) {
  while (!timers.empty() && timers.top().due <= now) {
    Timer timer = timers.top();
    timers.pop();
    if (timer.generation == timer.record->timer && timer.record->running())
      MakeReady(timer.record);
  }
}

void Executions::Impl::Persist(std::function<Status(internal::ExecutionStore&)> write) {
  committer->Enqueue([this, write = std::move(write)](store::Database&) {
    if (broken)
      return Status::Unavailable("the execution store failed earlier; restart stepshift serve");
    return write(*store);
  });
}

void Executions::Impl::RunSlice(const RecordPtr& r, int budget) {
  std::deque<internal::TaskResult> results;
  std::optional<std::pair<std::string, std::string>> stop;
  {
    std::lock_guard<std::mutex> lock(mu);
    results.swap(r->results);
    stop.swap(r->stop);
  }
  WireEvents events(*r);
  asl::Execution exec(r->snapshot->machine,
                      OptionsFor(*r, options.clock, r->express ? nullptr : &events));
  if (r->started) {
    exec.Resume(std::move(r->state));
  } else {
    exec.Start(*json::Parse(r->input), r->input);
  }
  asl::StepResult step{asl::StepResult::Kind::kDone, {}};
  if (stop) {
    exec.Abort(stop->first, stop->second);
  } else {
    step = Drive(exec, results, budget);
  }
  Slice slice;
  slice.step = step;
  slice.calls = exec.TakeTaskCalls();
  if (exec.state().task_calls > 0) {
    for (const asl::TaskCall& call : exec.TaskCallsInFlight())
      slice.in_flight.insert(call.id);
  }
  slice.events = std::move(events.texts);
  slice.leftover = std::move(results);
  Publish(r, std::move(exec.mutable_state()), std::move(slice));
}

void Executions::Impl::Publish(const RecordPtr& r, asl::ExecutionState state, Slice slice) {
  std::vector<std::shared_ptr<asl::CancelToken>> cancels;
  std::vector<std::pair<asl::TaskCall, std::shared_ptr<asl::CancelToken>>> dispatches;
  std::function<void(SyncExecutionResult)> on_end;
  std::optional<SyncExecutionResult> sync;
  {
    std::lock_guard<std::mutex> lock(mu);
    internal::ExecutionProgress progress;
    progress.seq = r->seq;
    progress.first_event_id = static_cast<int64_t>(r->events.size()) + 1;
    r->events.insert(r->events.end(), slice.events.begin(), slice.events.end());
    progress.events = std::move(slice.events);
    r->started = true;
    r->status = state.status;
    if (!r->running()) {
      r->stop_date = StopDate(*r, state);
      if (state.status == asl::ExecutionStatus::kSucceeded)
        r->output = asl::ToJson(state.output);
      r->error = state.error;
      r->cause = state.cause;
    }
    progress.status = r->status;
    progress.stop_date = r->stop_date;
    progress.output = r->output;
    progress.error = r->error;
    progress.cause = r->cause;
    for (auto it = r->tasks.begin(); it != r->tasks.end();) {
      bool wanted = r->running() && slice.in_flight.count(it->first) > 0;
      if (!wanted)
        cancels.push_back(it->second);
      it = wanted ? std::next(it) : r->tasks.erase(it);
    }
    for (asl::TaskCall& call : slice.calls) {
      auto token = std::make_shared<asl::CancelToken>();
      r->tasks[call.id] = token;
      dispatches.emplace_back(std::move(call), token);
    }
    r->results.insert(r->results.begin(), std::make_move_iterator(slice.leftover.begin()),
                      std::make_move_iterator(slice.leftover.end()));
    r->busy = false;
    if (r->running()) {
      progress.state = json::Serialize(asl::ToValue(state));
      r->state = std::move(state);
      Schedule(r, slice.step);
    } else {
      metrics.Ended(r->metrics, EndOf(r->status), r->start_date, *r->stop_date);
      ended_cv.notify_all();
      if (r->on_end) {
        on_end = std::move(r->on_end);
        sync = SyncResult(*r);
      }
    }
    if (!r->express) {
      // The first write also inserts the row; it reads only fields fixed at the start.
      bool insert = !std::exchange(r->stored, true);
      Persist([r, insert, progress = std::move(progress)](internal::ExecutionStore& store) {
        return store.SaveProgress(progress, insert ? r.get() : nullptr);
      });
    }
  }
  for (const auto& token : cancels)
    token->Cancel();
  for (auto& [call, token] : dispatches)
    DispatchTask(r, std::move(call), std::move(token));
  if (on_end)
    on_end(std::move(*sync));
}

void Executions::Impl::Schedule(const RecordPtr& r, asl::StepResult step) {
  if (step.kind == asl::StepResult::Kind::kContinue || !r->results.empty() || r->stop) {
    MakeReady(r);
  } else if (step.kind == asl::StepResult::Kind::kWait && step.wake_time != Time::max()) {
    r->timer = next_timer++;
    bool earliest = timers.empty() || step.wake_time < timers.top().due;
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
                                    std::shared_ptr<asl::CancelToken> cancel) {
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
  if (r->tasks.erase(id) == 0 || !r->running())
    return;  // cancelled: nobody waits for it any more
  r->results.push_back({id, std::move(outcome)});
  MakeReady(r);
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
    FireDue(now);
    lock.unlock();
    Housekeeping(now);
    lock.lock();
    Time next = now + kFlushInterval;
    if (!timers.empty())
      next = std::min(next, timers.top().due);
    if (!stopping)
      timer_cv.wait_for(lock, next - options.clock->Now());
  }
}

void Executions::Impl::Housekeeping(Time now) {
  if (now >= next_flush) {
    metrics.Flush();
    next_flush = now + kFlushInterval;
  }
  if (now >= next_purge) {
    Purge(now - options.retention);
    next_purge = now + kPurgeInterval;
  }
}

void Executions::Impl::Purge(Time cutoff) {
  std::lock_guard<std::mutex> lock(mu);
  auto expired = [cutoff](const RecordPtr& r) { return r->stop_date && *r->stop_date < cutoff; };
  bool any = false;
  for (auto& [machine, records] : by_machine) {
    auto first = std::remove_if(records.begin(), records.end(), expired);
    for (auto it = first; it != records.end(); ++it)
      by_arn.erase((*it)->arn);
    any = any || first != records.end();
    records.erase(first, records.end());
  }
  if (any)
    Persist([cutoff](internal::ExecutionStore& store) { return store.Purge(cutoff); });
}

}  // namespace stepshift::engine
