// A distributed Map's map run: its ARN and history events, and with ExecutionOptions::map_runs
// its child executions, handed to the engine as deferred calls, and its limits, which
// UpdateMapRun changes while it runs.
#include <openssl/evp.h>

#include <cstdio>
#include <utility>

#include "asl/executor.h"
#include "asl/states/map_limits.h"
#include "base/ids.h"

namespace stepshift::asl {

namespace {

// What AWS's SDK for Java reports for S3's NoSuchBucket, the error a Map whose ItemReader names
// a bucket that does not exist fails with (States.ItemReaderFailed); the request IDs are S3's
// forms, 16 hex digits and an opaque token.
std::string NoSuchBucketCause() {
  std::string id = NewUuid();
  std::string request_id;
  for (char c : id) {
    if (c != '-' && request_id.size() < 16)
      request_id.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return "The specified bucket does not exist (Service: Amazon S3; Status Code: 404; Error Code: "
         "NoSuchBucket; Request ID: " +
         request_id + "; S3 Extended Request ID: " + NewUuid() + "; Proxy: null)";
}

}  // namespace

std::vector<std::string> OpenMapRuns(const ExecutionState& state) {
  std::vector<std::string> arns;
  for (const Frame& f : state.frames) {
    if (!f.map_run_arn.empty() && f.phase == FramePhase::kChildren)
      arns.push_back(f.map_run_arn);
  }
  return arns;
}

// RFC 4122 section 4.3's layout (version 3, MD5) over the name alone, without a namespace.
std::string NameUuid(std::string_view name) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(name.data(), name.size(), digest, &len, EVP_md5(), nullptr);
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0f) | 0x30);
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3f) | 0x80);
  char out[37];
  char* p = out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10)
      *p++ = '-';
    std::snprintf(p, 3, "%02x", digest[i]);
    p += 2;
  }
  return std::string(out, 36);
}

// "If you don't specify a label, Step Functions automatically generates a unique label" (developer
// guide, Label): AWS's map run ARNs then carry a name-based UUID, the same for every run of the
// Map state.
std::string Execution::MapRunLabel(const State& s) const {
  return s.label.empty() ? NameUuid(options_.state_machine_arn + "/" + s.name) : s.label;
}

// arn:<partition>:states:<region>:<account>:mapRun:<state machine name>/<label>:<UUID>, the
// state machine's name without a version or alias qualifier (developer guide, Label).
int64_t Execution::StartMapRun(Frame& f, const State& s, int64_t length) {
  bool redrive = !f.map_run_arn.empty();
  if (!redrive && (recording() || options_.map_runs)) {
    std::string arn = options_.state_machine_arn;
    if (size_t at = arn.find(":stateMachine:"); at != std::string::npos)
      arn.replace(at, 14, ":mapRun:");
    f.map_run_arn = arn + "/" + MapRunLabel(s) + ":" + NewUuid();
  }
  if (options_.map_runs) {
    MapRunEvent& e = map_run_events_.emplace_back();
    e.kind = redrive ? MapRunEvent::Kind::kRedriven : MapRunEvent::Kind::kStarted;
    e.arn = f.map_run_arn;
    e.label = MapRunLabel(s);
    e.definition = s.processor_definition;
    e.express = s.express_children;
    e.max_concurrency = f.max_active;
    e.tolerated_failure_count = std::max(0.0, f.tolerated_count);
    e.tolerated_failure_percentage = std::max(0.0, f.tolerated_percentage);
    e.item_count = length;
    e.child_count = static_cast<int64_t>(f.items.size());
  }
  if (redrive) {
    ++f.map_run_redrives;
    return Emit("MapRunRedriven", "mapRunRedrivenEventDetails",
                recording()
                    ? Object{{"mapRunArn", f.map_run_arn}, {"redriveCount", f.map_run_redrives}}
                    : Object());
  }
  return Emit("MapRunStarted", "mapRunStartedEventDetails",
              recording() ? Object{{"mapRunArn", f.map_run_arn}} : Object());
}

void Execution::EmitMapRunFailed(const Frame& f, const AslError& err) {
  Object d;
  if (recording()) {
    if (!err.error.empty())
      d["error"] = err.error;
    if (!err.cause.empty())
      d["cause"] = err.cause;
  }
  Emit("MapRunFailed", "mapRunFailedEventDetails", std::move(d));
  NoteMapRunEnded(f, MapRunEvent::Kind::kFailed, err);
}

void Execution::NoteMapRunEnded(const Frame& f, MapRunEvent::Kind kind, const AslError& err) {
  if (!options_.map_runs)
    return;
  MapRunEvent& e = map_run_events_.emplace_back();
  e.kind = kind;
  e.arn = f.map_run_arn;
  e.error = err.error;
  e.cause = err.cause;
}

void Execution::DeferChildExecution(const Frame& parent, const State& s, Frame* child) {
  int64_t items = 1;
  if (s.has_item_batcher && child->input.is_object()) {
    const Value* batch = child->input.get_object().if_contains("Items");
    items =
        batch != nullptr && batch->is_array() ? static_cast<int64_t>(batch->get_array().size()) : 1;
  }
  TaskCall call;
  call.id = ++state_.task_calls;
  call.state_name = s.name;
  call.resource = std::string(kMapRunChildResource);
  call.input =
      Object{{"mapRunArn", parent.map_run_arn},
             {"name", NameUuid(parent.map_run_arn + "#" + std::to_string(child->item_index))},
             {"index", child->item_index},
             {"itemCount", items},
             {"input", std::exchange(child->input, nullptr)}};
  // The frame stands for the child execution: it runs nothing here, it waits for the call.
  child->scope = parent.scope;
  child->state = parent.state;
  child->detached = true;
  child->phase = FramePhase::kTask;
  child->task = TaskCallToValue(call);
  new_task_calls_.push_back(std::move(call));
}

bool Execution::IsChildExecution(const Frame& f) {
  const Value* resource = f.phase == FramePhase::kTask && f.task.is_object()
                              ? f.task.get_object().if_contains("resource")
                              : nullptr;
  return resource != nullptr && resource->is_string() &&
         resource->get_string() == kMapRunChildResource;
}

void Execution::ChildExecutionEnded(TaskOutcome outcome) {
  Frame& f = state_.frames[bound_frame_];
  f.phase = FramePhase::kEnter;
  f.task = Value();
  if (outcome.ok) {
    ChildSucceeded(std::move(outcome.output));
  } else {
    ChildFailed(AslError{std::move(outcome.error), std::move(outcome.cause)});
  }
}

std::vector<MapRunEvent> Execution::TakeMapRunEvents() {
  return std::exchange(map_run_events_, {});
}

bool Execution::UpdateMapRun(const std::string& arn, const MapRunLimits& limits) {
  for (int i = 0; i < static_cast<int>(state_.frames.size()); ++i) {
    Frame& f = state_.frames[i];
    if (f.map_run_arn != arn || f.phase != FramePhase::kChildren)
      continue;
    if (limits.max_concurrency)
      f.max_active = ConcurrencyLimit(*limits.max_concurrency, true);
    if (limits.tolerated_failure_count)
      f.tolerated_count = *limits.tolerated_failure_count;
    if (limits.tolerated_failure_percentage)
      f.tolerated_percentage = *limits.tolerated_failure_percentage;
    // Every strand waits: the next Step lets the map start the children it may now start.
    if (state_.current < 0 && CanStartChild(f))
      state_.current = i;
    return true;
  }
  return false;
}

// Recorded as for a map run whose children fail: MapStateStarted, MapRunStarted, MapRunFailed,
// then the state's failure (no AWS recording of an ItemReader failure is public; the events are
// those AWS documents for a failed map run).
void Execution::FailItemReader(Frame& f) {
  const State& s = StateOf(f);
  f.items.clear();
  EnterIterations(f, 0);
  f.link_event_id = StartMapRun(f, s, 0);
  AslError err{std::string(errors::kItemReaderFailed), NoSuchBucketCause()};
  EmitMapRunFailed(f, err);
  f.phase = FramePhase::kEnter;
  FailContainer(f, std::move(err));
}

}  // namespace stepshift::asl
