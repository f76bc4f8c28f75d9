// Executions: nested executions, Step Functions' own integration
// (arn:aws:states:::states:startExecution[.sync|.sync:2|.waitForTaskToken]). The child runs in
// this engine, through the version or alias its StateMachineArn names. Request-response answers
// with StartExecution's response; .sync and .sync:2 wait, holding no thread, for the child's end
// and answer with its description (Input and Output as JSON text for .sync, as JSON for
// .sync:2); a child that does not succeed fails the task with States.TaskFailed and that
// description as the cause. A .sync child still running when its parent's task ends (the parent
// stopped, timed out or failed) is stopped too, as AWS does.
#include "asl/errors.h"
#include "base/ids.h"
#include "engine/execution_input.h"
#include "engine/executions_impl.h"

namespace stepshift::engine {

using internal::ExecutionRecord;
using internal::RecordPtr;
using internal::TaskResult;

namespace {

constexpr std::string_view kStartExecution = "arn:aws:states:::states:startExecution";

int64_t EpochMillis(Time t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// The StartExecution request of the call's parameters (StateMachineArn, Input, Name).
StartExecutionRequest ChildRequest(const json::Value& parameters) {
  StartExecutionRequest request;
  const json::Object* p = parameters.if_object();
  auto member = [p](std::string_view key) { return p ? json::Find(*p, key) : nullptr; };
  if (const json::Value* arn = member("StateMachineArn"); arn && arn->is_string())
    request.state_machine_arn = std::string(arn->get_string());
  if (const json::Value* name = member("Name"); name && name->is_string())
    request.name = std::string(name->get_string());
  if (const json::Value* input = member("Input"); input && !input->is_null()) {
    request.input = input->is_string() ? std::string(input->get_string()) : json::Serialize(*input);
  }
  return request;
}

// How the AWS SDK inside Step Functions reports a refused StartExecution.
asl::TaskOutcome StartFailed(const Status& status) {
  std::string code = status.kind().empty() ? "ValidationException" : status.kind();
  std::string exception = code.ends_with("Exception") ? code : code + "Exception";
  return asl::TaskOutcome::Failure(
      "StepFunctions." + exception,
      status.message() + " (Service: AWSStepFunctions; Status Code: 400; Error Code: " + code +
          "; Request ID: " + NewUuid() + "; Proxy: null)");
}

json::Value StartResponse(const StartExecutionResponse& started) {
  std::string request_id = NewUuid();
  return json::Object{
      {"ExecutionArn", started.execution_arn},
      {"StartDate", EpochMillis(started.start_date)},
      {"SdkHttpMetadata",
       json::Object{{"AllHttpHeaders",
                     json::Object{{"x-amzn-RequestId", json::Array{request_id.c_str()}},
                                  {"Content-Type", json::Array{"application/x-amz-json-1.0"}}}},
                    {"HttpHeaders", json::Object{{"x-amzn-RequestId", request_id},
                                                 {"Content-Type", "application/x-amz-json-1.0"}}},
                    {"HttpStatusCode", 200}}},
      {"SdkResponseMetadata", json::Object{{"RequestId", request_id}}}};
}

// The child's description as .sync (text) or .sync:2 (JSON) reports it.
json::Value ChildDescription(const ExecutionRecord& child, bool as_json) {
  auto data = [as_json](const std::string& text) -> json::Value {
    if (!as_json)
      return json::Value(text);
    Result<json::Value> parsed = json::Parse(text);
    return parsed.ok() ? std::move(*parsed) : json::Value(text);
  };
  json::Object out{{"ExecutionArn", child.arn},
                   {"Input", data(child.input)},
                   {"InputDetails", json::Object{{"Included", true}}},
                   {"Name", child.name},
                   {"StartDate", EpochMillis(child.start_date)},
                   {"StateMachineArn", child.state_machine_arn},
                   {"Status", internal::StatusName(child.status)}};
  if (child.status == asl::ExecutionStatus::kSucceeded) {
    out["Output"] = data(child.output);
    out["OutputDetails"] = json::Object{{"Included", true}};
  }
  if (child.stop_date)
    out["StopDate"] = EpochMillis(*child.stop_date);
  if (!child.error.empty())
    out["Error"] = child.error;
  if (!child.cause.empty())
    out["Cause"] = child.cause;
  return out;
}

// A map run's child answers with its output, or its error and cause (a timeout is
// States.Timeout, as the Map's tolerated failures count it).
asl::TaskOutcome MapChildOutcome(const ExecutionRecord& child) {
  if (child.status == asl::ExecutionStatus::kSucceeded) {
    Result<json::Value> output = json::Parse(child.output);
    return asl::TaskOutcome::Success(output.ok() ? std::move(*output) : json::Value());
  }
  std::string error = child.error;
  if (error.empty() && child.status == asl::ExecutionStatus::kTimedOut)
    error = std::string(asl::errors::kTimeout);
  return asl::TaskOutcome::Failure(std::move(error), child.cause);
}

}  // namespace

bool IsNestedExecution(std::string_view resource) {
  return resource.starts_with(kStartExecution);
}

void Executions::Impl::StartNested(const RecordPtr& r, const asl::TaskCall& call) {
  std::string_view mode = std::string_view(call.resource).substr(kStartExecution.size());
  Result<RecordPtr> child = Start(ChildRequest(call.input));
  std::lock_guard<std::mutex> lock(mu);
  auto task = r->tasks.find(call.id);
  if (task == r->tasks.end())
    return;  // the parent no longer waits
  if (!child.ok())
    return Deliver(r, {TaskResult::Kind::kOutcome, call.id, StartFailed(child.status()), ""});
  const RecordPtr& c = *child;
  json::Value response = StartResponse({c->arn, c->start_date});
  if (mode != ".sync" && mode != ".sync:2") {
    // Request-response answers now; .waitForTaskToken waits for its callback from now on.
    bool callback = task->second.waits_for_token;
    Deliver(r, {callback ? TaskResult::Kind::kSubmitted : TaskResult::Kind::kOutcome, call.id,
                asl::TaskOutcome::Success(std::move(response)), ""});
    if (callback)
      ArmHeartbeat(r, call.id);
    return;
  }
  Deliver(r, {TaskResult::Kind::kSubmitted, call.id, asl::TaskOutcome::Success(response), ""});
  task->second.child = c->arn;
  task->second.child_as_json = mode == ".sync:2";
  if (!c->running())
    return DeliverChildEnd(r, call.id, *c);  // it ended within its start
  parents[c->arn].emplace_back(r, call.id);
}

void Executions::Impl::DeliverChildEnd(const RecordPtr& parent, int64_t id,
                                       const ExecutionRecord& child) {
  auto task = parent->tasks.find(id);
  if (task == parent->tasks.end() || task->second.child != child.arn)
    return;
  task->second.child.clear();  // over: nothing to stop along with the parent
  asl::TaskOutcome outcome;
  if (task->second.map_child) {
    outcome = MapChildOutcome(child);
  } else {
    json::Value d = ChildDescription(child, task->second.child_as_json);
    outcome = child.status == asl::ExecutionStatus::kSucceeded
                  ? asl::TaskOutcome::Success(std::move(d))
                  : asl::TaskOutcome::Failure("States.TaskFailed", json::Serialize(d));
  }
  Deliver(parent, {TaskResult::Kind::kOutcome, id, std::move(outcome), ""});
}

void Executions::Impl::ChildEnded(const ExecutionRecord& child) {
  auto waiting = parents.find(child.arn);
  if (waiting == parents.end())
    return;
  for (const auto& [parent, id] : waiting->second)
    DeliverChildEnd(parent, id, child);
  parents.erase(waiting);
}

}  // namespace stepshift::engine
