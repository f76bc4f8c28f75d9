// Executions: opening (and continuing what was open), starting and stopping.
#include "engine/executions.h"

#include "asl/parser.h"
#include "base/ids.h"
#include "base/status_macros.h"
#include "engine/arn.h"
#include "engine/errors.h"
#include "engine/execution_input.h"
#include "engine/executions_impl.h"

namespace stepshift::engine {

using internal::ExecutionRecord;
using internal::MachineSnapshot;
using internal::RecordPtr;

namespace {

// A start runs its execution's first steps itself, on the caller's thread: a short workflow is
// then stored, start and end, in one write, and has ended by the time the start is answered. The
// budget bounds how long that may delay the answer; the rest runs on a worker.
constexpr int kFirstSliceSteps = 100;

// A stable 64-bit FNV-1a of the config, the key its definition is stored under.
std::string ConfigKey(const StateMachineConfig& c) {
  uint64_t h = 1469598103934665603ull;
  for (const std::string& part : {c.definition, c.role_arn, json::Serialize(c.logging),
                                  json::Serialize(c.tracing), json::Serialize(c.encryption)}) {
    for (unsigned char ch : part)
      h = (h ^ ch) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;  // a separator no UTF-8 text contains
  }
  char buf[17];
  snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

bool SameConfig(const StateMachineConfig& a, const StateMachineConfig& b) {
  return a.definition == b.definition && a.role_arn == b.role_arn && a.logging == b.logging &&
         a.tracing == b.tracing && a.encryption == b.encryption;
}

Status ExecutionAlreadyExists(const std::string& arn) {
  return Status(StatusCode::kAlreadyExists, "Execution Already Exists: '" + arn + "'",
                "ExecutionAlreadyExists");
}

Status TypeNotSupported() {
  return AwsError("StateMachineTypeNotSupported",
                  "This operation is not supported by this type of state machine");
}

int64_t VersionNumber(const std::optional<std::string>& version_arn) {
  return version_arn ? std::stoll(version_arn->substr(version_arn->rfind(':') + 1)) : 0;
}

std::string AliasName(const std::optional<std::string>& alias_arn) {
  return alias_arn ? alias_arn->substr(alias_arn->rfind(':') + 1) : "";
}

}  // namespace

Executions::Executions(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<Executions>> Executions::Open(store::Database* db, ControlPlane* plane,
                                                     ExecutionsOptions options) {
  auto impl = std::make_unique<Impl>(options);
  impl->plane = plane;
  impl->rng.seed(options.seed ? *options.seed : std::random_device()());
  ASSIGN_OR_RETURN(impl->store, internal::ExecutionStore::Open(db, options.reader));
  RETURN_IF_ERROR(impl->Load());
  Impl* raw = impl.get();
  impl->committer = std::make_unique<store::Committer>(db, [raw](const Status& failure) {
    // Memory is now ahead of the disk, and later writes would leave gaps in histories: refuse
    // every write from here on, so that nothing more is acknowledged until a restart.
    raw->broken = true;
    raw->committer->DropQueued(failure);
  });
  if (options.background) {
    impl->task_pool = std::make_unique<ThreadPool>(options.task_threads);
    for (int i = 0; i < std::max(1, options.workers); ++i)
      impl->threads.emplace_back([raw] { raw->WorkerLoop(); });
    impl->threads.emplace_back([raw] { raw->TimerLoop(); });
  }
  for (auto& [record, call] : impl->redispatch) {
    std::shared_ptr<asl::CancelToken> token = record->tasks[call.id].cancel;
    impl->DispatchTask(record, std::move(call), std::move(token), /*resumed=*/true);
  }
  impl->redispatch.clear();
  return std::unique_ptr<Executions>(new Executions(std::move(impl)));
}

Executions::~Executions() {
  std::vector<std::shared_ptr<asl::CancelToken>> in_flight;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stopping = true;
    for (auto& [arn, r] : impl_->by_arn) {
      for (auto& [id, task] : r->tasks)
        in_flight.push_back(task.cancel);
    }
  }
  impl_->work_cv.notify_all();
  impl_->timer_cv.notify_all();
  for (std::thread& t : impl_->threads)
    t.join();
  // Tasks end now (their outcomes are dropped); they run again at the next Open.
  for (const auto& token : in_flight)
    token->Cancel();
  impl_->task_pool.reset();
  impl_->metrics.Flush();
}

namespace {

Result<asl::ExecutionState> ParseState(const internal::ExecutionRecord& r,
                                       const std::string& text) {
  Result<json::Value> value = json::Parse(text);
  Result<asl::ExecutionState> state = value.ok() ? asl::ExecutionStateFromValue(*value)
                                                 : Result<asl::ExecutionState>(value.status());
  if (!state.ok())
    return Status::Internal("corrupt execution store: the state of " + r.arn);
  return state;
}

}  // namespace

// Rebuilds every record from the store; the open ones are made ready to step (which schedules
// their timers) and their tasks in flight are dispatched again once the threads run.
Status Executions::Impl::Load() {
  ASSIGN_OR_RETURN(std::vector<ActivityDescription> loaded, store->LoadActivities());
  for (ActivityDescription& d : loaded)
    activities[d.activity_arn].description = std::move(d);
  ASSIGN_OR_RETURN(auto configs, store->LoadConfigs());
  std::map<std::string, std::shared_ptr<const MachineSnapshot>> by_key;
  for (auto& [key, config] : configs) {
    ASSIGN_OR_RETURN(std::shared_ptr<const MachineSnapshot> snapshot, Snapshot(config));
    by_key[key] = snapshot;
    stored_configs.insert(key);
  }
  ASSIGN_OR_RETURN(std::vector<internal::StoredExecution> stored, store->LoadExecutions());
  for (internal::StoredExecution& e : stored) {
    RecordPtr r = std::move(e.record);
    auto snapshot = by_key.find(e.config_key);
    if (snapshot == by_key.end())
      return Status::Internal("corrupt execution store: no definition for " + r->arn);
    r->snapshot = snapshot->second;
    r->metrics = metrics.Target(r->state_machine_arn, VersionNumber(r->version_arn),
                                AliasName(r->alias_arn));
    next_seq = std::max(next_seq, r->seq + 1);
    r->stored = true;
    r->events_on_disk = !r->running() && store->reads_events();
    by_arn[r->arn] = r;
    by_machine[r->state_machine_arn].push_back(r);
    if (r->running()) {
      RETURN_IF_ERROR(Reopen(r, *e.state));
    } else if (e.state) {
      ASSIGN_OR_RETURN(r->state, ParseState(*r, *e.state));  // where a redrive goes on
      r->started = true;
    }
  }
  return LoadMapRuns(by_key);
}

Status Executions::Impl::Reopen(const RecordPtr& r, const std::string& state_text) {
  ASSIGN_OR_RETURN(asl::ExecutionState state, ParseState(*r, state_text));
  for (asl::TaskCall& call : asl::TaskCallsInFlight(state)) {
    internal::InFlightTask& task = Track(r, call);
    if (call.started || call.submitted) {
      ArmHeartbeat(r, call.id);  // its worker or service still holds the token
    } else if (!task.activity.empty()) {
      activities[task.activity].pending.push_back({r, call.id, asl::ToJson(call.input)});
    } else {
      redispatch.emplace_back(r, std::move(call));
    }
  }
  r->state = std::move(state);
  r->started = true;
  r->queued = true;
  ready.push_back(r);
  return Status::Ok();
}

uint64_t Executions::WriteBarrier() const {
  return impl_->committer->LastQueued();
}

bool Executions::IsDurable(uint64_t barrier) const {
  return impl_->committer->IsSettled(barrier);
}

void Executions::WhenDurable(uint64_t barrier, std::function<void(const Status&)> done) const {
  impl_->committer->WhenDurable(barrier, std::move(done));
}

Status Executions::WaitDurable(uint64_t barrier) const {
  return impl_->committer->WaitDurable(barrier);
}

void Executions::RunPending() {
  std::unique_lock<std::mutex> lock(impl_->mu);
  while (true) {
    std::vector<Impl::Poller> expired;
    impl_->FireDue(impl_->options.clock->Now(), &expired);
    if (!expired.empty()) {
      lock.unlock();
      for (Impl::Poller& poller : expired)
        poller.done(ActivityTask{});
      lock.lock();
    }
    if (!impl_->ready.empty()) {
      RecordPtr r = std::move(impl_->ready.front());
      impl_->ready.pop_front();
      r->queued = false;
      r->busy = true;
      lock.unlock();
      impl_->RunSlice(r);
      lock.lock();
    } else if (!impl_->inline_tasks.empty()) {
      std::function<void()> task = std::move(impl_->inline_tasks.front());
      impl_->inline_tasks.pop_front();
      lock.unlock();
      task();
      lock.lock();
    } else {
      break;
    }
  }
  lock.unlock();
  impl_->Housekeeping(impl_->options.clock->Now());
  impl_->metrics.Flush();
}

double Executions::Impl::Draw() {
  std::lock_guard<std::mutex> lock(rng_mu);
  return std::uniform_real_distribution<double>(0, 100)(rng);
}

Result<std::shared_ptr<const MachineSnapshot>> Executions::Impl::Snapshot(
    const std::shared_ptr<const StateMachineConfig>& config, bool remember) {
  std::lock_guard<std::mutex> lock(snapshot_mu);
  if (remember) {
    auto found = snapshots.find(config.get());
    if (found != snapshots.end())
      return found->second;
  }
  // The same definition and settings share one snapshot; two configs whose hashes collide get
  // distinct keys.
  std::string key = ConfigKey(*config);
  std::shared_ptr<const MachineSnapshot> snapshot;
  for (int n = 2; !snapshot; ++n) {
    auto same_key = snapshots_by_key.find(key);
    if (same_key == snapshots_by_key.end())
      break;
    if (SameConfig(*same_key->second->config, *config))
      snapshot = same_key->second;
    else
      key = ConfigKey(*config) + "-" + std::to_string(n);
  }
  if (!snapshot) {
    asl::ParsedDefinition parsed = asl::ParseDefinition(config->definition);
    if (!parsed.ok())
      return Status::Internal(asl::FormatInvalidDefinition(parsed.diagnostics));
    auto made = std::make_shared<MachineSnapshot>();
    made->config = config;
    made->machine = parsed.machine;
    made->key = key;
    snapshots_by_key[key] = made;
    snapshot = made;
  }
  if (remember)
    snapshots[config.get()] = snapshot;
  return snapshot;
}

Result<RecordPtr> Executions::Impl::NewRecord(const StartExecutionRequest& request,
                                              const ExecutionTarget& target) {
  std::string name = request.name.value_or(NewUuid());
  if (!IsValidStateMachineName(name))
    return InvalidName(name);
  std::string input = request.input.value_or("{}");
  auto r = std::make_shared<ExecutionRecord>();
  ASSIGN_OR_RETURN(r->parsed_input, ParseExecutionInput(input));
  ASSIGN_OR_RETURN(r->snapshot, Snapshot(target.config));
  r->express = target.type == "EXPRESS";
  r->arn = MakeExecutionArn(target.state_machine_arn, name, r->express ? NewUuid() : "");
  r->name = std::move(name);
  r->state_machine_arn = target.state_machine_arn;
  r->state_machine_name = target.name;
  r->version_arn = target.version_arn;
  r->alias_arn = target.alias_arn;
  r->input = std::move(input);
  r->trace_header = request.trace_header;
  r->revision_id = target.revision_id;
  r->update_date = target.update_date;
  r->metrics = metrics.Target(target.state_machine_arn, target.version, target.alias_name);
  return r;
}

Result<RecordPtr> Executions::Impl::Admit(const RecordPtr& r, bool* admitted) {
  *admitted = false;
  std::lock_guard<std::mutex> lock(mu);
  if (!r->express) {
    auto existing = by_arn.find(r->arn);
    if (existing != by_arn.end()) {
      const ExecutionRecord& e = *existing->second;
      // Idempotent while the original runs (same name and input): its own answer again.
      if (e.running() && e.input == r->input)
        return existing->second;
      return ExecutionAlreadyExists(r->arn);
    }
  }
  r->start_date = options.clock->Now();
  r->seq = next_seq++;
  if (!r->express) {
    by_arn[r->arn] = r;
    by_machine[r->state_machine_arn].push_back(r);
    if (stored_configs.insert(r->snapshot->key).second) {
      Persist([s = r->snapshot](internal::ExecutionStore& store) {
        return store.PutConfig(s->key, *s->config);
      });
    }
  }
  metrics.Started(r->metrics, r->start_date);
  r->busy = true;  // the caller's: it runs the first slice, which also stores the execution
  *admitted = true;
  return r;
}

Result<RecordPtr> Executions::Impl::Start(const StartExecutionRequest& request) {
  ASSIGN_OR_RETURN(ExecutionTarget target,
                   plane->ResolveExecutionTarget(request.state_machine_arn, Draw()));
  ASSIGN_OR_RETURN(RecordPtr r, NewRecord(request, target));
  bool admitted = false;
  ASSIGN_OR_RETURN(RecordPtr started, Admit(r, &admitted));
  if (admitted)
    RunSlice(started, kFirstSliceSteps);
  return started;
}

Result<StartExecutionResponse> Executions::Start(const StartExecutionRequest& request) {
  ASSIGN_OR_RETURN(RecordPtr r, impl_->Start(request));
  return StartExecutionResponse{r->arn, r->start_date};  // fixed at admission: no lock needed
}

void Executions::StartSync(const StartExecutionRequest& request,
                           std::function<void(Result<SyncExecutionResult>)> done) {
  Result<ExecutionTarget> target =
      impl_->plane->ResolveExecutionTarget(request.state_machine_arn, impl_->Draw());
  if (!target.ok())
    return done(target.status());
  if (target->type != "EXPRESS")
    return done(TypeNotSupported());
  Result<RecordPtr> r = impl_->NewRecord(request, *target);
  if (!r.ok())
    return done(r.status());
  (*r)->on_end = [done](SyncExecutionResult result) { done(std::move(result)); };
  bool admitted = false;
  Result<RecordPtr> started = impl_->Admit(*r, &admitted);
  if (!started.ok())
    return done(started.status());
  impl_->RunSlice(*r, kFirstSliceSteps);
}

}  // namespace stepshift::engine
