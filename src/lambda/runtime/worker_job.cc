// One invocation on a worker: the Runtime API exchange and how each way it can end is reported.
#include <signal.h>
#include <sys/wait.h>

#include <random>

#include "base/base64.h"
#include "base/clock.h"
#include "base/json.h"
#include "lambda/runtime/worker.h"

namespace stepshift::lambdas::internal {

namespace {

constexpr std::string_view kNext = "/2018-06-01/runtime/invocation/next";
constexpr std::string_view kInitError = "/2018-06-01/runtime/init/error";

double MillisBetween(Steady::time_point a, Steady::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

std::string ErrorDocument(std::string_view type, const std::string& message) {
  return json::Serialize(json::Object{{"errorType", type}, {"errorMessage", message}});
}

std::string TraceId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[80];
  snprintf(buf, sizeof buf, "Root=1-%08llx-%012llx%012llx;Sampled=0",
           static_cast<unsigned long long>(std::time(nullptr)),
           static_cast<unsigned long long>(rng() & 0xffffffffffffULL),
           static_cast<unsigned long long>(rng() & 0xffffffffffffULL));
  return buf;
}

// The document a runtime posted to .../error, or one built from its error-type header when it
// sent no body.
std::string FunctionErrorPayload(const RuntimeRequest& request) {
  if (!request.body.empty()) {
    return request.body;
  }
  auto it = request.headers.find("lambda-runtime-function-error-type");
  return ErrorDocument(it == request.headers.end() ? "Unhandled" : it->second, "");
}

}  // namespace

void Worker::SendEvent(const Job& job) {
  std::map<std::string, std::string> headers;
  auto deadline = std::chrono::system_clock::now() + job.timeout;
  headers["Lambda-Runtime-Aws-Request-Id"] = job.request_id;
  headers["Lambda-Runtime-Deadline-Ms"] = std::to_string(UnixMillis(deadline));
  headers["Lambda-Runtime-Invoked-Function-Arn"] = job.invoked_arn;
  headers["Lambda-Runtime-Trace-Id"] = TraceId();
  std::string client_context;
  if (!job.client_context.empty() && Base64Decode(job.client_context, &client_context)) {
    headers["Lambda-Runtime-Client-Context"] = client_context;
  }
  Reply(200, job.payload.empty() ? "{}" : job.payload, std::move(headers));
  event_sent_ = true;
  sent_at_ = Steady::now();
}

bool Worker::Handle(const RuntimeRequest& request, const Job& job, JobResult* result) {
  std::string invocation = "/2018-06-01/runtime/invocation/" + job.request_id + "/";
  if (request.method == "GET" && request.path == kNext) {
    if (!event_sent_) {
      if (!initialized_) {
        result->init_ms = MillisBetween(started_, Steady::now());
      }
      SendEvent(job);
    }
    return false;  // a second "next" waits, unanswered, for the next job
  }
  bool is_response = request.path == invocation + "response";
  bool is_error = request.path == invocation + "error" || request.path == kInitError;
  if (request.method != "POST" || (!is_response && !is_error)) {
    Reply(404, ErrorDocument("InvalidRequestID", "unknown request " + request.path));
    return false;
  }
  Reply(202, R"({"status":"OK"})");
  result->duration_ms = event_sent_ ? MillisBetween(sent_at_, Steady::now()) : 0;
  result->outcome = is_response ? JobOutcome::kSuccess : JobOutcome::kFunctionError;
  result->payload = is_response ? request.body : FunctionErrorPayload(request);
  // After an init error the runtime exits; any other answer leaves it asking for the next event.
  result->reusable = request.path != kInitError;
  initialized_ = initialized_ || result->reusable;
  return true;
}

JobResult Worker::Execute(const Job& job) {
  JobResult result;
  event_sent_ = false;
  Steady::time_point deadline = Steady::now() + init_timeout_;
  while (true) {
    bool malformed = false;
    while (auto request = buffer_.Take(&malformed)) {
      if (Handle(*request, job, &result)) {
        std::string tail;
        PollOnce(Steady::now() + std::chrono::milliseconds(1), &tail);  // flushes the log pipe
        result.log += tail;
        return result;
      }
      if (event_sent_) {
        deadline = sent_at_ + job.timeout;
      }
    }
    if (exited_) {
      result.outcome = JobOutcome::kExited;
      result.payload = ErrorDocument("Runtime.ExitError",
                                     "RequestId: " + job.request_id +
                                         " Error: Runtime exited with error: " + ExitDescription());
      return result;
    }
    if (!PollOnce(deadline, &result.log)) {
      kill(-pid_, SIGKILL);
      waitpid(pid_, &exit_status_, 0);
      exited_ = true;
      char seconds[32];
      snprintf(seconds, sizeof seconds, "%.2f", double(job.timeout.count()) / 1000.0);
      result.outcome = JobOutcome::kTimeout;
      result.duration_ms = double(job.timeout.count());
      result.payload = ErrorDocument(
          "Sandbox.Timedout",
          "RequestId: " + job.request_id + " Error: Task timed out after " + seconds + " seconds");
      return result;
    }
  }
}

}  // namespace stepshift::lambdas::internal
