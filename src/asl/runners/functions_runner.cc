#include "asl/runners/functions_runner.h"

#include "asl/runners/command.h"
#include "base/ids.h"

namespace stepshift::asl {

namespace {

constexpr std::string_view kLambdaInvoke = "arn:aws:states:::lambda:invoke";

Result<FunctionSpec> ParseSpec(const std::string& key, const Value& v) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument("functions file: entry '" + key + "': " + why);
  };
  const Object* o = v.if_object();
  if (o == nullptr)
    return bad("must be an object with command, result or error");
  FunctionSpec spec;
  if (const Value* c = o->if_contains("command")) {
    if (c->is_string()) {
      spec.command = {"/bin/sh", "-c", std::string(c->get_string())};
    } else if (c->is_array() && !c->get_array().empty()) {
      for (const Value& a : c->get_array()) {
        if (!a.is_string())
          return bad("command arguments must be strings");
        spec.command.emplace_back(a.get_string());
      }
    } else {
      return bad("command must be a string or a non-empty array of strings");
    }
  }
  if (const Value* r = o->if_contains("result"))
    spec.result = *r;
  if (const Value* e = o->if_contains("error")) {
    if (!e->is_string())
      return bad("error must be a string");
    spec.error = std::string(e->get_string());
  }
  if (const Value* c = o->if_contains("cause")) {
    spec.cause = c->is_string() ? std::string(c->get_string()) : ToJson(*c);
  }
  int kinds = (spec.command.empty() ? 0 : 1) + (spec.result ? 1 : 0) + (spec.error ? 1 : 0);
  if (kinds != 1)
    return bad("needs exactly one of command, result, error");
  return spec;
}

}  // namespace

bool IsLambdaFunctionArn(std::string_view resource) {
  return resource.find(":lambda:") != std::string_view::npos &&
         resource.find(":function:") != std::string_view::npos;
}

std::vector<std::string> LambdaLookupKeys(std::string_view function) {
  std::string f(function);
  // arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER] or ACCOUNT:function:NAME[:Q]. The
  // colon before "function:" matters: a function may be named "myfunction".
  constexpr std::string_view kFunction = ":function:";
  size_t fn = f.find(kFunction);
  if (fn != std::string::npos)
    f = f.substr(fn + kFunction.size());
  std::vector<std::string> keys;
  size_t colon = f.find(':');
  if (colon != std::string::npos) {
    keys.push_back(f);
    keys.push_back(f.substr(0, colon));
  } else {
    keys.push_back(f);
  }
  return keys;
}

// The event a lambda:invoke Payload delivers, as AWS records it (localstack
// services/test_lambda_task_service.snapshot.json, identity function): a missing or null Payload
// sends no body, so the function sees {}; a string is the request body itself, so "null" arrives
// as null and "\"HelloWorld\"" as "HelloWorld". A string that is not JSON is passed on as is.
Value LambdaInvokeEvent(const Value* payload) {
  if (payload == nullptr || payload->is_null())
    return Object();
  if (payload->is_string()) {
    auto parsed = ParseJson(payload->get_string());
    if (parsed.ok())
      return std::move(*parsed);
  }
  return *payload;
}

Value WrapLambdaInvokeResult(Value payload) {
  Object o;
  o["ExecutedVersion"] = "$LATEST";
  o["Payload"] = std::move(payload);
  o["SdkHttpMetadata"] = Object{{"HttpStatusCode", 200}};
  o["SdkResponseMetadata"] = Object{{"RequestId", NewUuid()}};
  o["StatusCode"] = 200;
  return o;
}

namespace {

// A JSON object a failed command wrote to stderr, with its text as written.
struct ErrorReport {
  Value object;
  std::string_view text;
};

// The whole of stderr when it is one JSON object, else its last non-empty line when that is one:
// commands often log to stderr before reporting the error.
std::optional<ErrorReport> FindErrorReport(std::string_view text) {
  auto whole = ParseJson(text);
  if (whole.ok() && whole->is_object())
    return ErrorReport{std::move(*whole), text};
  size_t end = text.find_last_not_of(" \t\r\n");
  if (end == std::string_view::npos)
    return std::nullopt;
  size_t begin = text.find_last_of('\n', end);
  begin = begin == std::string_view::npos ? 0 : begin + 1;
  std::string_view line = text.substr(begin, end + 1 - begin);
  auto last = ParseJson(line);
  if (last.ok() && last->is_object())
    return ErrorReport{std::move(*last), line};
  return std::nullopt;
}

std::string Trimmed(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos)
    return "";
  size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end + 1 - begin));
}

}  // namespace

void ParseCommandError(const std::string& stderr_text, int exit_code, TaskKind kind,
                       std::string* error, std::string* cause) {
  if (std::optional<ErrorReport> report = FindErrorReport(stderr_text)) {
    const Object& o = report->object.get_object();
    const Value* e = o.if_contains("error");
    const Value* c = o.if_contains("cause");
    if (e != nullptr && e->is_string()) {
      *error = std::string(e->get_string());
      *cause = c == nullptr ? "" : c->is_string() ? std::string(c->get_string()) : ToJson(*c);
      return;
    }
    // Lambda's error payload: Step Functions names the error by errorType and gives the payload
    // as the cause: a Lambda function task as the function wrote it, lambda:invoke re-serialized
    // (localstack error_handling/test_task_lambda and test_task_service_lambda snapshots).
    const Value* type = o.if_contains("errorType");
    if (type != nullptr && type->is_string()) {
      *error = std::string(type->get_string());
      *cause = kind == TaskKind::kLambdaFunction ? Trimmed(report->text) : ToJson(report->object);
      return;
    }
  }
  // No error name given. A Lambda function that fails without an errorType surfaces as Lambda's
  // FunctionError, "Unhandled"; any other command is a plain task failure.
  *error = kind == TaskKind::kOther ? "States.TaskFailed" : "Unhandled";
  std::string text = Trimmed(stderr_text);
  *cause = text.empty() ? "The command exited with status " + std::to_string(exit_code) : text;
}

Result<std::unique_ptr<FunctionsRunner>> FunctionsRunner::FromText(std::string_view text) {
  auto doc = ParseJsonOrYaml(text);
  if (!doc.ok())
    return Status::InvalidArgument("functions file: " + doc.status().message());
  const Object* root = doc->if_object();
  if (root == nullptr)
    return Status::InvalidArgument("functions file: must be a mapping");
  if (const Value* wrapped = root->if_contains("functions")) {
    root = wrapped->if_object();
    if (root == nullptr)
      return Status::InvalidArgument("functions file: 'functions' must be a mapping");
  }
  auto runner = std::make_unique<FunctionsRunner>();
  for (const auto& kv : *root) {
    std::string key(kv.key());
    auto spec = ParseSpec(key, kv.value());
    if (!spec.ok())
      return spec.status();
    // A Lambda ARN key also answers to its short name[:qualifier].
    if (IsLambdaFunctionArn(key)) {
      runner->functions_.emplace(LambdaLookupKeys(key)[0], *spec);
    }
    runner->functions_.emplace(std::move(key), std::move(*spec));
  }
  return runner;
}

namespace {

// The function a lambda:invoke task names: its Parameters' FunctionName, empty when absent.
std::string InvokedFunction(const Value& input) {
  const Value* name = input.is_object() ? input.get_object().if_contains("FunctionName") : nullptr;
  return name != nullptr && name->is_string() ? std::string(name->get_string()) : "";
}

}  // namespace

const FunctionSpec* FunctionsRunner::Resolve(std::string_view resource, const Value& input) const {
  auto find = [this](std::string_view key) -> const FunctionSpec* {
    auto it = functions_.find(key);
    return it == functions_.end() ? nullptr : &it->second;
  };
  // The function a task names comes first: an entry for the generic lambda:invoke resource is
  // only the fallback for functions without one of their own.
  std::string function = resource.rfind(kLambdaInvoke, 0) == 0 ? InvokedFunction(input)
                         : IsLambdaFunctionArn(resource)       ? std::string(resource)
                                                               : "";
  if (!function.empty()) {
    if (const FunctionSpec* spec = find(function))
      return spec;
    for (const std::string& key : LambdaLookupKeys(function)) {
      if (const FunctionSpec* spec = find(key))
        return spec;
    }
  }
  return find(resource);
}

TaskOutcome FunctionsRunner::Invoke(const FunctionSpec& spec, const Value& payload, TaskKind kind,
                                    const TaskRequest& request) const {
  if (spec.result)
    return TaskOutcome::Success(*spec.result);
  if (spec.error)
    return TaskOutcome::Failure(*spec.error, spec.cause);
  auto run = RunCommand(spec.command, ToJson(payload), request.timeout_seconds, request.cancel);
  if (!run.ok())
    return TaskOutcome::Failure("States.TaskFailed", run.status().message());
  if (run->timed_out)
    return TaskOutcome::Failure("States.Timeout", "");
  if (run->exit_code != 0) {
    std::string error, cause;
    ParseCommandError(run->err, run->exit_code, kind, &error, &cause);
    return TaskOutcome::Failure(std::move(error), std::move(cause));
  }
  std::string_view out = run->out;
  if (out.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return TaskOutcome::Success(Value(nullptr));
  }
  auto result = ParseJson(out);
  if (!result.ok()) {
    return TaskOutcome::Failure("States.TaskFailed", "The command's output is not valid JSON: " +
                                                         result.status().message());
  }
  return TaskOutcome::Success(std::move(*result));
}

TaskOutcome FunctionsRunner::Run(const TaskRequest& request) {
  const Value& input = *request.input;
  const FunctionSpec* spec = Resolve(request.resource, input);
  bool invoke = request.resource.rfind(kLambdaInvoke, 0) == 0;
  if (spec == nullptr) {
    std::string what = invoke ? "function '" + InvokedFunction(input) + "'"
                              : "resource '" + std::string(request.resource) + "'";
    return TaskOutcome::Failure("States.TaskFailed",
                                "Nothing is mapped to " + what + " in the functions file");
  }
  if (!invoke) {
    TaskKind kind =
        IsLambdaFunctionArn(request.resource) ? TaskKind::kLambdaFunction : TaskKind::kOther;
    return Invoke(*spec, input, kind, request);
  }
  const Value* payload = input.is_object() ? input.get_object().if_contains("Payload") : nullptr;
  TaskOutcome out = Invoke(*spec, LambdaInvokeEvent(payload), TaskKind::kLambdaInvoke, request);
  // Only the request-response integration answers with Lambda's Invoke response; with
  // .waitForTaskToken the task's result is what the callback sends, here the command's output.
  if (out.ok && request.resource == kLambdaInvoke)
    out.output = WrapLambdaInvokeResult(std::move(out.output));
  return out;
}

}  // namespace stepshift::asl
