#include "lambda/runtime/environment.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>

#include "base/ids.h"
#include "lambda/errors.h"
#include "lambda/function_config.h"

namespace stepshift::lambdas::internal {

namespace {

// Variables the server passes on from its own environment, so handlers can reach the same
// endpoint (AWS_ENDPOINT_URL) with the same credentials as the caller's tooling.
constexpr const char* kPassThrough[] = {"PATH",
                                        "AWS_ACCESS_KEY_ID",
                                        "AWS_SECRET_ACCESS_KEY",
                                        "AWS_SESSION_TOKEN",
                                        "AWS_ENDPOINT_URL",
                                        "NODE_PATH"};

// The interpreter's real executable, asked once: `python3` on PATH may be a version manager's
// shim (pyenv's costs about 100 ms a start), which a cold start should not pay every time.
std::string RealPython(const std::string& python) {
  static std::mutex mu;
  static std::map<std::string, std::string> resolved;
  std::lock_guard lock(mu);
  auto it = resolved.find(python);
  if (it != resolved.end()) {
    return it->second;
  }
  std::string command = python + " -c 'import sys; sys.stdout.write(sys.executable)' 2>/dev/null";
  std::string path;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, pipe);
    path.assign(buf, n);
    pclose(pipe);
  }
  return resolved[python] = path.empty() || path[0] != '/' ? python : path;
}

std::string ConfigText(const InvokeTarget& target, std::string_view key) {
  return Member(target.config, key);
}

std::string ConfigNumber(const InvokeTarget& target, std::string_view key) {
  const json::Value* v = json::Find(target.config, key);
  return v && v->is_int64() ? std::to_string(v->get_int64()) : "";
}

std::string Region(const InvokeTarget& target) {
  // arn:partition:lambda:REGION:account:function:name
  size_t at = 0;
  for (int i = 0; i < 3 && at != std::string::npos; ++i) {
    at = target.function_arn.find(':', at + 1);
  }
  size_t end = target.function_arn.find(':', at + 1);
  return at == std::string::npos ? "us-east-1" : target.function_arn.substr(at + 1, end - at - 1);
}

}  // namespace

std::string CodeDirName(const std::string& sha256) {
  std::string out;
  for (char c : sha256) {
    out += c == '/' ? '_' : c == '+' ? '-' : c == '=' ? '\0' : c;
  }
  return std::string(out.c_str());
}

std::string PoolKey(const InvokeTarget& target) {
  json::Object config = target.config;
  config.erase("RevisionId");
  config.erase("LastModified");
  config.erase("Description");
  return json::Serialize(config);
}

Result<WorkerSpec> EnvironmentFor(const InvokeTarget& target, const InvokerOptions& options,
                                  const std::string& code_dir) {
  std::string runtime = ConfigText(target, "Runtime");
  WorkerSpec spec;
  if (runtime.starts_with("python3")) {
    spec.argv = {RealPython(options.python), options.work_dir + "/runtime/bootstrap.py"};
  } else if (runtime.starts_with("nodejs")) {
    spec.argv = {options.node, options.work_dir + "/runtime/bootstrap.js"};
  } else {
    return LambdaError(StatusCode::kFailedPrecondition, "InvalidRuntimeException",
                       "The runtime " + runtime +
                           " cannot run in stepshift serve: only python3.x and nodejs runtimes "
                           "run locally.");
  }
  spec.cwd = code_dir;
  spec.init_timeout = options.init_timeout;
  for (const char* name : kPassThrough) {
    if (const char* value = std::getenv(name)) {
      spec.env.push_back(std::string(name) + "=" + value);
    }
  }
  std::string region = Region(target);
  std::string name = target.function_name;
  std::string day = FormatIso8601(SystemClock().Now());
  std::string stream = day.substr(0, 4) + "/" + day.substr(5, 2) + "/" + day.substr(8, 2) + "/[" +
                       target.executed_version + "]" + NewUuid().substr(0, 8);
  spec.env.insert(
      spec.env.end(),
      {"LANG=en_US.UTF-8", "TZ=:UTC", "HOME=/tmp", "LAMBDA_TASK_ROOT=" + code_dir,
       "LAMBDA_RUNTIME_DIR=" + options.work_dir + "/runtime",
       "_HANDLER=" + ConfigText(target, "Handler"), "AWS_REGION=" + region,
       "AWS_DEFAULT_REGION=" + region, "AWS_LAMBDA_FUNCTION_NAME=" + name,
       "AWS_LAMBDA_FUNCTION_VERSION=" + target.executed_version,
       "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=" + ConfigNumber(target, "MemorySize"),
       "AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/" + name, "AWS_LAMBDA_LOG_STREAM_NAME=" + stream,
       "AWS_EXECUTION_ENV=AWS_Lambda_" + runtime, "AWS_LAMBDA_INITIALIZATION_TYPE=on-demand",
       "PYTHONDONTWRITEBYTECODE=1"});
  const json::Value* env = json::Find(target.config, "Environment");
  const json::Value* vars =
      env && env->is_object() ? json::Find(env->get_object(), "Variables") : nullptr;
  if (vars && vars->is_object()) {
    for (const auto& [key, value] : vars->get_object()) {
      spec.env.push_back(
          std::string(key) + "=" +
          (value.is_string() ? std::string(value.get_string()) : json::Serialize(value)));
    }
  }
  return spec;
}

}  // namespace stepshift::lambdas::internal
