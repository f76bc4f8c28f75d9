#include "lambda/function_config.h"

#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <regex>

#include "base/base64.h"
#include "base/status_macros.h"
#include "lambda/errors.h"
#include "lambda/zip.h"

namespace stepshift::lambdas::internal {

namespace {

// Runtimes Lambda accepts for new functions and updates today.
constexpr std::array<std::string_view, 24> kRuntimes = {
    "nodejs18.x", "nodejs20.x", "nodejs22.x",   "nodejs24.x",      "python3.9", "python3.10",
    "python3.11", "python3.12", "python3.13",   "python3.14",      "java8.al2", "java11",
    "java17",     "java21",     "java25",       "dotnet8",         "dotnet10",  "ruby3.2",
    "ruby3.3",    "ruby3.4",    "provided.al2", "provided.al2023", "python3.8", "nodejs16.x"};

// Runtimes past their deprecation's "block create and update" date.
constexpr std::array<std::string_view, 16> kBlockedRuntimes = {
    "nodejs",        "nodejs4.3",     "nodejs4.3-edge", "nodejs6.10",
    "nodejs8.10",    "nodejs10.x",    "nodejs12.x",     "python2.7",
    "python3.6",     "python3.7",     "dotnetcore1.0",  "dotnetcore2.0",
    "dotnetcore2.1", "dotnetcore3.1", "ruby2.5",        "go1.x"};

constexpr std::string_view kRolePattern =
    "arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+";

// Keys Lambda sets itself and refuses in Environment.Variables.
constexpr std::array<std::string_view, 9> kReservedVariables = {"_HANDLER",
                                                                "_X_AMZN_TRACE_ID",
                                                                "AWS_REGION",
                                                                "AWS_EXECUTION_ENV",
                                                                "AWS_LAMBDA_FUNCTION_NAME",
                                                                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                                                                "AWS_LAMBDA_FUNCTION_VERSION",
                                                                "AWS_LAMBDA_RUNTIME_API",
                                                                "LAMBDA_TASK_ROOT"};

template <size_t N>
bool Contains(const std::array<std::string_view, N>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string RuntimeList() {
  std::string out = "[";
  for (std::string_view r : kRuntimes) {
    out += (out.size() > 1 ? ", " : "") + std::string(r);
  }
  return out + "]";
}

Status CheckRuntime(const json::Value& runtime) {
  std::string value = runtime.is_string() ? std::string(runtime.get_string()) : "";
  if (Contains(kBlockedRuntimes, value)) {
    return InvalidParameter("The runtime parameter of " + value +
                            " is no longer supported for creating or updating AWS Lambda "
                            "functions. We recommend you use a supported runtime while creating "
                            "or updating functions.");
  }
  if (!Contains(kRuntimes, value)) {
    return InvalidParameter("Value " + value +
                            " at 'runtime' failed to satisfy constraint: Member must satisfy "
                            "enum value set: " +
                            RuntimeList() + " or be a valid ARN");
  }
  return Status::Ok();
}

Status CheckRange(const json::Value& v, std::string_view member, int64_t low, int64_t high) {
  std::string prefix = "1 validation error detected: Value '" + json::Serialize(v) + "' at '" +
                       std::string(member) + "' failed to satisfy constraint: Member must ";
  if (!v.is_int64()) {
    return ValidationError(prefix + "be a number");
  }
  if (v.get_int64() < low) {
    return ValidationError(prefix + "have value greater than or equal to " + std::to_string(low));
  }
  if (v.get_int64() > high) {
    return ValidationError(prefix + "have value less than or equal to " + std::to_string(high));
  }
  return Status::Ok();
}

Status CheckRole(const json::Value& role) {
  static const std::regex re("arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
  std::string value = role.is_string() ? std::string(role.get_string()) : "";
  if (!std::regex_match(value, re)) {
    return ValidationError("1 validation error detected: Value '" + value +
                           "' at 'role' failed to satisfy constraint: Member must satisfy "
                           "regular expression pattern: " +
                           std::string(kRolePattern));
  }
  return Status::Ok();
}

Status CheckEnvironment(const json::Value& environment) {
  const json::Value* vars =
      environment.is_object() ? json::Find(environment.get_object(), "Variables") : nullptr;
  if (!vars || !vars->is_object()) {
    return Status::Ok();
  }
  std::string reserved;
  for (const auto& [key, value] : vars->get_object()) {
    if (Contains(kReservedVariables, key)) {
      reserved += (reserved.empty() ? "" : ", ") + std::string(key);
    }
  }
  if (!reserved.empty()) {
    return InvalidParameter(
        "Lambda was unable to configure your environment variables because the environment "
        "variables you have provided contains reserved keys that are currently not supported "
        "for modification. Reserved keys used in this request: " +
        reserved);
  }
  if (json::Serialize(*vars).size() > 4096) {
    return InvalidParameter(
        "Lambda was unable to configure your environment variables because the environment "
        "variables you have provided exceeded the 4KB limit. String measured: " +
        json::Serialize(*vars));
  }
  return Status::Ok();
}

// Checks one configurable member and copies it into `config` in AWS's shape.
Status ApplyMember(std::string_view key, const json::Value& v, json::Object* config) {
  if (key == "Runtime") {
    RETURN_IF_ERROR(CheckRuntime(v));
  } else if (key == "Role") {
    RETURN_IF_ERROR(CheckRole(v));
  } else if (key == "Timeout") {
    RETURN_IF_ERROR(CheckRange(v, "timeout", 1, 900));
  } else if (key == "MemorySize") {
    RETURN_IF_ERROR(CheckRange(v, "memorySize", 128, 10240));
  } else if (key == "Environment") {
    RETURN_IF_ERROR(CheckEnvironment(v));
    json::Object env;
    const json::Value* vars = v.is_object() ? json::Find(v.get_object(), "Variables") : nullptr;
    env["Variables"] = vars && vars->is_object() ? *vars : json::Object();
    (*config)["Environment"] = std::move(env);
    return Status::Ok();
  } else if (key == "EphemeralStorage") {
    const json::Value* size = v.is_object() ? json::Find(v.get_object(), "Size") : nullptr;
    RETURN_IF_ERROR(CheckRange(size ? *size : json::Value(), "ephemeralStorage.size", 512, 10240));
  } else if (key != "Handler" && key != "Description" && key != "TracingConfig" &&
             key != "DeadLetterConfig") {
    return Status::Ok();  // members this server keeps no state for
  }
  (*config)[key] = v;
  return Status::Ok();
}

}  // namespace

std::string Member(const json::Object& config, std::string_view key) {
  const json::Value* v = json::Find(config, key);
  return v && v->is_string() ? std::string(v->get_string()) : "";
}

std::string PublishedState(const json::Object& config) {
  json::Object kept = config;
  for (const char* volatile_member :
       {"FunctionArn", "Version", "RevisionId", "LastModified", "Description", "State",
        "StateReason", "StateReasonCode", "LastUpdateStatus", "LastUpdateStatusReason",
        "LastUpdateStatusReasonCode"}) {
    kept.erase(volatile_member);
  }
  return json::SerializeSorted(kept);
}

std::string LambdaTimestamp(Time t) {
  std::string iso = FormatIso8601(t);  // 2024-01-01T12:00:00.000Z
  return iso.substr(0, iso.size() - 1) + "+0000";
}

Result<Code> TakeCode(const json::Object& source) {
  const json::Value* zip = json::Find(source, "ZipFile");
  if (zip == nullptr || !zip->is_string()) {
    if (json::Find(source, "S3Bucket") || json::Find(source, "ImageUri")) {
      return InvalidParameter(
          "stepshift serve takes function code only as a ZipFile; S3 and container image "
          "sources are not available locally.");
    }
    return InvalidParameter("Please provide a source for function code.");
  }
  std::string bytes;
  if (!Base64Decode(zip->get_string(), &bytes) || !ReadZip(bytes).ok()) {
    return InvalidParameter(
        "Could not unzip uploaded file. Please check your file, then try to upload again.");
  }
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  Code code;
  code.sha256 = Base64Encode(std::string_view(reinterpret_cast<char*>(digest), sizeof digest));
  code.zip = std::make_shared<const std::string>(std::move(bytes));
  return code;
}

void SetCode(const Code& code, json::Object* config) {
  (*config)["CodeSha256"] = code.sha256;
  (*config)["CodeSize"] = int64_t(code.zip->size());
}

Result<json::Object> NewConfiguration(const CallContext& ctx, const std::string& name,
                                      const json::Object& request, const Code& code,
                                      const std::string& now) {
  const json::Value* runtime = json::Find(request, "Runtime");
  const json::Value* handler = json::Find(request, "Handler");
  RETURN_IF_ERROR(CheckRole(json::Find(request, "Role") ? request.at("Role") : json::Value()));
  if (runtime == nullptr || handler == nullptr) {
    return InvalidParameter(
        "Runtime and Handler are mandatory parameters for functions created with deployment "
        "packages.");
  }
  json::Object config;
  config["FunctionName"] = name;
  config["FunctionArn"] = FunctionArn(ctx, name);
  config["Description"] = "";
  config["Timeout"] = 3;
  config["MemorySize"] = 128;
  config["TracingConfig"] = json::Object{{"Mode", "PassThrough"}};
  for (const auto& [key, value] : request) {
    RETURN_IF_ERROR(ApplyMember(key, value, &config));
  }
  SetCode(code, &config);
  config["LastModified"] = now;
  config["Version"] = "$LATEST";
  config["State"] = "Active";
  config["LastUpdateStatus"] = "Successful";
  config["PackageType"] = "Zip";
  config["Architectures"] = json::Array{"x86_64"};
  config["EphemeralStorage"] = json::Object{{"Size", 512}};
  config["SnapStart"] = json::Object{{"ApplyOn", "None"}, {"OptimizationStatus", "Off"}};
  config["LoggingConfig"] =
      json::Object{{"LogFormat", "Text"}, {"LogGroup", "/aws/lambda/" + name}};
  return config;
}

Status UpdateConfiguration(const json::Object& request, json::Object* config) {
  json::Object updated = *config;
  for (const auto& [key, value] : request) {
    RETURN_IF_ERROR(ApplyMember(key, value, &updated));
  }
  *config = std::move(updated);
  return Status::Ok();
}

}  // namespace stepshift::lambdas::internal
