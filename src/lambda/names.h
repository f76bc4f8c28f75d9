// Lambda function names and ARNs: what a FunctionName parameter may be (a name, "name:qualifier",
// a partial ARN "123456789012:function:name" or a full ARN), and the ARNs this server makes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace stepshift::lambdas {

// Where a request comes from; new functions get ARNs in this partition, region and account.
struct CallContext {
  std::string partition = "aws";
  std::string region = "us-east-1";
  std::string account = "123456789012";
};

struct FunctionRef {
  std::string name;
  std::optional<std::string> qualifier;  // "$LATEST", a version number or an alias name
};

// Parses a FunctionName member. `allow_qualifier` is false for operations whose FunctionName
// may not carry a version or alias (CreateFunction, UpdateFunctionCode, ...). Returns
// ValidationException with AWS's pattern message when malformed, ResourceNotFoundException when
// an ARN names another region, and AccessDeniedException for another account.
Result<FunctionRef> ParseFunctionName(const CallContext& ctx, std::string_view given,
                                      bool allow_qualifier);

// Merges the qualifier of the name with an explicit Qualifier parameter; InvalidParameterValue
// when both are given and differ, as AWS answers.
Result<std::optional<std::string>> MergeQualifier(const FunctionRef& ref,
                                                  const std::optional<std::string>& qualifier);

// arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME
std::string FunctionArn(const CallContext& ctx, std::string_view name);

// Alias names: 1-128 of [a-zA-Z0-9-_], not all digits.
bool IsValidAliasName(std::string_view name);
// A published version number: digits only.
bool IsVersionNumber(std::string_view qualifier);

}  // namespace stepshift::lambdas
