// Lambda client (restJson1): the calls a deployment through a Lambda alias makes. Errors: a
// Status whose kind() is Lambda's error code ("ResourceNotFoundException",
// "PreconditionFailedException", ...). Thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/client_config.h"
#include "aws/service_caller.h"
#include "base/json.h"

namespace stepshift::aws {

struct LambdaFunctionInfo {
  std::string name;
  std::string arn;
  std::string version;  // "$LATEST" or "N"
  std::string code_sha256;
  std::string revision_id;
  std::string role;
  std::string dead_letter_target;  // DeadLetterConfig.TargetArn, empty when none
  std::string description;
  json::Value raw;  // the whole FunctionConfiguration
};

struct LambdaAliasInfo {
  std::string arn;
  std::string name;
  std::string function_version;
  std::string description;
  std::string revision_id;
  std::map<std::string, double> additional_weights;  // RoutingConfig.AdditionalVersionWeights
};

struct LambdaAliasUpdate {
  std::optional<std::string> function_version;
  std::optional<std::string> description;
  // Set: replaces the routing (an empty map clears it).
  std::optional<std::map<std::string, double>> additional_weights;
  std::string revision_id;  // empty: unconditional
};

struct LambdaInvokeResult {
  int status = 0;
  std::string executed_version;
  std::optional<std::string> function_error;
  std::string payload;
};

class LambdaClient {
 public:
  explicit LambdaClient(const ClientConfig& config);
  explicit LambdaClient(ServiceContext context);

  // `request` is CreateFunction's JSON body (Code.ZipFile base64). For tests and tools.
  Result<LambdaFunctionInfo> CreateFunction(const json::Object& request);
  // `request` is UpdateFunctionConfiguration's JSON body. For tests and tools.
  Result<LambdaFunctionInfo> UpdateFunctionConfiguration(const std::string& function,
                                                         const json::Object& request);
  // `qualifier` empty: $LATEST.
  Result<LambdaFunctionInfo> GetFunctionConfiguration(const std::string& function,
                                                      const std::string& qualifier = "");
  // `zip` is the archive's bytes.
  Result<LambdaFunctionInfo> UpdateFunctionCode(const std::string& function, const std::string& zip,
                                                const std::string& revision_id = "");
  Result<LambdaFunctionInfo> PublishVersion(const std::string& function,
                                            const std::string& code_sha256,
                                            const std::string& description,
                                            const std::string& revision_id = "");
  // Every page, $LATEST first.
  Result<std::vector<LambdaFunctionInfo>> ListVersions(const std::string& function);
  Status DeleteFunction(const std::string& function, const std::string& qualifier);

  Result<LambdaAliasInfo> GetAlias(const std::string& function, const std::string& alias);
  // Every alias of the function, every page.
  Result<std::vector<LambdaAliasInfo>> ListAliases(const std::string& function);
  Result<LambdaAliasInfo> CreateAlias(const std::string& function, const std::string& alias,
                                      const std::string& version, const std::string& description);
  Result<LambdaAliasInfo> UpdateAlias(const std::string& function, const std::string& alias,
                                      const LambdaAliasUpdate& update);
  // The function's tags (ListTags), and TagResource of one tag. `function_arn` is unqualified.
  Result<std::map<std::string, std::string>> ListTags(const std::string& function_arn);
  Status TagResource(const std::string& function_arn, const std::string& key,
                     const std::string& value);
  // RequestResponse. A function error is a result (function_error set), not a Status.
  Result<LambdaInvokeResult> Invoke(const std::string& function, const std::string& qualifier,
                                    const std::string& payload);

 private:
  Result<HttpResponse> Send(std::string_view method, const std::string& path,
                            const std::string& body);
  Result<json::Value> CallJson(std::string_view method, const std::string& path,
                               const json::Value& body);

  ServiceCaller caller_;
};

}  // namespace stepshift::aws
