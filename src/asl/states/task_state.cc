// Task: effective input -> TaskRunner -> result pipeline, with the history events AWS records for
// Lambda functions (LambdaFunction*), activities (Activity*) and service integrations (Task*).
#include <cctype>

#include "asl/executor.h"

namespace stepshift::asl {

namespace {

struct ResourceKind {
  bool lambda_function = false;  // arn:aws:lambda:...:function:NAME
  bool activity = false;         // arn:aws:states:REGION:ACCOUNT:activity:NAME
  std::string resource_type;     // "lambda" for arn:aws:states:::lambda:invoke
  std::string resource;          // "invoke"
};

ResourceKind Classify(const std::string& arn) {
  ResourceKind k;
  if (arn.find(":lambda:") != std::string::npos && arn.find(":function:") != std::string::npos) {
    k.lambda_function = true;
    return k;
  }
  // arn:aws:states:::SERVICE:API[.sync|.waitForTaskToken], aws-sdk:SERVICE:API
  const std::string prefix = "arn:aws:states:::";
  if (arn.rfind(prefix, 0) == 0) {
    // The type is the service ("states", "sqs", or "aws-sdk:s3"); the rest, qualifiers such as
    // ":2" of startExecution.sync:2 included, is the resource (localstack local_mocking/
    // test_base_callbacks.snapshot.json).
    std::string rest = arn.substr(prefix.size());
    size_t colon = rest.find(':', rest.rfind("aws-sdk:", 0) == 0 ? 8 : 0);
    k.resource_type = colon == std::string::npos ? rest : rest.substr(0, colon);
    k.resource = colon == std::string::npos ? "" : rest.substr(colon + 1);
    return k;
  }
  k.activity = arn.find(":activity:") != std::string::npos;
  k.resource_type = "activity";
  k.resource = arn;
  return k;
}

// The event names of a resource's family: LambdaFunction*, Activity* or Task*.
const char* EventPrefix(const ResourceKind& k) {
  return k.lambda_function ? "LambdaFunction" : k.activity ? "Activity" : "Task";
}

bool WaitsForCompletion(const std::string& arn) {
  return arn.rfind("arn:aws:states:::", 0) == 0 &&
         (arn.ends_with(".sync") || arn.ends_with(".sync:2") || arn.ends_with(".waitForTaskToken"));
}

// TimeoutSecondsPath / HeartbeatSecondsPath. A missing path is reported like a missing InputPath
// (LocalStack's AWS-validated invalid_jsonpath_in_timeoutsecondspath scenario).
bool ResolveSeconds(const NumberOrPath& spec, std::string_view field, const EvalScope& scope,
                    std::optional<double>* out, AslError* err) {
  if (spec.value) {
    *out = spec.value;
  } else if (spec.path) {
    const Value* v = FindPath(*spec.path, scope);
    int64_t n = 0;
    if (v == nullptr) {
      *err = RuntimeError(InvalidPathMessage(*spec.path, scope));
      return false;
    }
    if (!AsInteger(*v, &n) || n <= 0) {
      *err = RuntimeError("The " + std::string(field) +
                          " field does not reference a positive integer: " + spec.path->text() +
                          " == " + ToJson(*v));
      return false;
    }
    *out = static_cast<double>(n);
  }
  return true;
}

}  // namespace

void Execution::RunTask(Frame& f) {
  const State& s = StateOf(f);
  if (s.uses_jsonata())
    return RunJsonataTask(f);
  Value holder;
  const Value* eff = InputOrFail(f, &holder);
  if (eff == nullptr) {
    return;
  }
  AslError err;
  EvalScope scope = ScopeFor(eff);
  TaskCall call;
  call.state_name = s.name;
  call.resource = s.resource;
  call.attempt = f.retry_count;
  if (s.has_parameters && !s.parameters.Evaluate(scope, &call.input, &err)) {
    return FailState(f, WithStatePrefix(std::move(err)));
  }
  if (!ResolveSeconds(s.timeout_seconds, "TimeoutSecondsPath", scope, &call.timeout_seconds,
                      &err) ||
      !ResolveSeconds(s.heartbeat_seconds, "HeartbeatSecondsPath", scope, &call.heartbeat_seconds,
                      &err)) {
    return FailState(f, WithStatePrefix(std::move(err)));
  }
  if (s.has_credentials && !s.credentials.Evaluate(scope, &call.credentials, &err)) {
    return FailState(f, WithStatePrefix(std::move(err)));
  }
  if (!s.has_parameters)
    call.input = eff == &holder ? std::move(holder) : *eff;
  Inspect("afterParameters", call.input);
  ScheduleTask(f, std::move(call));
}

void Execution::ScheduleTask(Frame& f, TaskCall call) {
  const State& s = StateOf(f);
  if (s.resource.find(".waitForTaskToken") != std::string::npos) {
    call.task_token = Context().at("Task").at("Token").as_string();
  }
  if (options_.check_resource) {
    if (std::optional<std::string> missing = options_.check_resource(s.resource)) {
      return FailState(f, WithStatePrefix(RuntimeError(*missing)));
    }
  }
  call.id = ++state_.task_calls;
  EmitTaskScheduled(s, call.request());
  if (history_full_)
    return;  // the history limit ends the execution before the task is invoked
  if (options_.defer_tasks)
    return DeferTask(f, std::move(call));
  if (Classify(s.resource).activity)
    EmitActivityStarted("");  // a local runner is its own worker
  FinishTask(f, options_.tasks->Run(call.request()));
}

void Execution::EmitActivityStarted(const std::string& worker_name) {
  Object d;
  if (recording() && !worker_name.empty())
    d["workerName"] = worker_name;
  Emit("ActivityStarted", "activityStartedEventDetails", std::move(d));
}

void Execution::DeferTask(Frame& f, TaskCall call) {
  f.task = TaskCallToValue(call);
  f.phase = FramePhase::kTask;
  new_task_calls_.push_back(std::move(call));
}

void Execution::FinishTask(Frame& f, TaskOutcome outcome, bool submitted) {
  const State& s = StateOf(f);
  if (outcome.ok && options_.max_payload_bytes > 0 &&
      JsonSizeExceeds(outcome.output, options_.max_payload_bytes)) {
    // AWS names a Lambda function by its ARN and a service integration by its service
    // ("The state/task 'lambda' ..."; localstack test_states_errors.snapshot.json).
    ResourceKind kind = Classify(s.resource);
    const std::string& what =
        kind.lambda_function || kind.resource_type == "activity" ? s.resource : kind.resource_type;
    outcome = TaskOutcome::Failure(std::string(errors::kDataLimitExceeded),
                                   "The state/task '" + what +
                                       "' returned a result with a size exceeding the maximum "
                                       "number of bytes service limit.");
  }
  if (outcome.ok && !submitted && WaitsForCompletion(s.resource))
    EmitTaskSubmitted(s, outcome.output);
  EmitTaskOutcome(s, outcome);
  if (!outcome.ok) {
    return FailState(f, AslError{std::move(outcome.error), std::move(outcome.cause)});
  }
  Inspect("result", outcome.output);
  FinishWithResult(f, std::move(outcome.output));
}

// Scheduled events carry the resolved timeouts, as AWS records them ("timeoutInSeconds": 5;
// localstack timeouts/test_timeouts.snapshot.json).
void Execution::EmitTaskScheduled(const State& s, const TaskRequest& req) {
  ResourceKind kind = Classify(s.resource);
  Object details;
  if (recording()) {
    if (kind.lambda_function || kind.activity) {
      details = Object{{"resource", s.resource},
                       {"input", ToJson(*req.input)},
                       {"inputDetails", Object{{"truncated", false}}}};
    } else {
      details = Object{{"resourceType", kind.resource_type},
                       {"resource", kind.resource},
                       {"region", options_.region},
                       {"parameters", ToJson(*req.input)}};
    }
    if (req.timeout_seconds) {
      details["timeoutInSeconds"] = static_cast<int64_t>(*req.timeout_seconds);
    }
    if (req.heartbeat_seconds) {
      details["heartbeatInSeconds"] = static_cast<int64_t>(*req.heartbeat_seconds);
    }
    // The evaluated Credentials role (localstack assign/test_assign_reference_variables
    // .snapshot.json, BASE_REFERENCE_IN_LAMBDA_TASK_FIELDS: "taskCredentials": {"roleArn": ...}).
    const Value* role = req.credentials && req.credentials->is_object()
                            ? req.credentials->get_object().if_contains("RoleArn")
                            : nullptr;
    if (role != nullptr) {
      details["taskCredentials"] = Object{{"roleArn", *role}};
    }
  }
  if (kind.lambda_function) {
    Emit("LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", std::move(details));
    Emit("LambdaFunctionStarted", nullptr, Object());
    return;
  }
  if (kind.activity) {
    // Started when a worker takes it (GetActivityTask), not now (localstack activities/
    // test_activities.snapshot.json).
    Emit("ActivityScheduled", "activityScheduledEventDetails", std::move(details));
    return;
  }
  Emit("TaskScheduled", "taskScheduledEventDetails", std::move(details));
  Emit("TaskStarted", "taskStartedEventDetails",
       recording() ? Object{{"resourceType", kind.resource_type}, {"resource", kind.resource}}
                   : Object());
}

// .sync and .waitForTaskToken integrations: the service accepted the request and the task waits
// for the job's end or the callback. AWS records TaskSubmitted with the service's response between
// TaskStarted and the outcome (localstack local_mocking/test_base_callbacks.snapshot.json). A
// local runner answers with the final result only, which stands in for the response, as Step
// Functions Local's mocked responses do; a failed task has no TaskSubmitted there either.
void Execution::EmitTaskSubmitted(const State& s, const Value& response) {
  ResourceKind kind = Classify(s.resource);
  Object d;
  if (recording()) {
    d["output"] = ToJson(response);
    d["outputDetails"] = Object{{"truncated", false}};
    d["resourceType"] = kind.resource_type;
    d["resource"] = kind.resource;
  }
  Emit("TaskSubmitted", "taskSubmittedEventDetails", std::move(d));
}

// TaskSucceeded / TaskFailed / TaskTimedOut, or their LambdaFunction* forms.
void Execution::EmitTaskOutcome(const State& s, const TaskOutcome& outcome) {
  ResourceKind kind = Classify(s.resource);
  std::string prefix = EventPrefix(kind);
  std::string key_prefix = prefix;
  key_prefix[0] = static_cast<char>(std::tolower(key_prefix[0]));
  bool timed_out = outcome.error == errors::kTimeout || outcome.error == errors::kHeartbeatTimeout;
  std::string what = outcome.ok ? "Succeeded" : timed_out ? "TimedOut" : "Failed";
  Object d;
  if (recording()) {
    if (outcome.ok) {
      d["output"] = ToJson(outcome.output);
      d["outputDetails"] = Object{{"truncated", false}};
    } else {
      d["error"] = outcome.error;
      if (!outcome.cause.empty())
        d["cause"] = outcome.cause;
    }
    if (!kind.lambda_function && !kind.activity) {
      d["resourceType"] = kind.resource_type;
      d["resource"] = kind.resource;
    }
  }
  Emit(prefix + what, (key_prefix + what + "EventDetails").c_str(), std::move(d));
}

}  // namespace stepshift::asl
