#include "lambda/names.h"

#include <algorithm>
#include <regex>

#include "lambda/errors.h"

namespace stepshift::lambdas {

namespace {

// AWS's own pattern for NamespacedFunctionName, quoted in its validation message.
constexpr std::string_view kNamePattern =
    "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?"
    "([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?";

const std::regex& NameRegex() {
  static const std::regex re(
      "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?"
      "([a-zA-Z0-9\\-_]+)(:(\\$LATEST|[a-zA-Z0-9\\-_]+))?");
  return re;
}

Status PatternError(std::string_view given) {
  return ValidationError("1 validation error detected: Value '" + std::string(given) +
                         "' at 'functionName' failed to satisfy constraint: Member must satisfy "
                         "regular expression pattern: " +
                         std::string(kNamePattern));
}

}  // namespace

Result<FunctionRef> ParseFunctionName(const CallContext& ctx, std::string_view given,
                                      bool allow_qualifier) {
  std::cmatch m;
  std::string text(given);
  if (text.empty() || text.size() > 170 || !std::regex_match(text.c_str(), m, NameRegex())) {
    return PatternError(given);
  }
  std::string region = m[3].matched ? m[3].str().substr(0, m[3].length() - 1) : "";
  std::string account = m[5].matched ? m[5].str().substr(0, 12) : "";
  // A region without "function:" or an ARN prefix without a region is not a name AWS accepts.
  if ((m[1].matched && (!m[3].matched || !m[5].matched || !m[6].matched)) ||
      (m[5].matched && !m[6].matched)) {
    return PatternError(given);
  }
  if (!region.empty() && region != ctx.region) {
    return ResourceNotFound("Functions from '" + region + "' are not reachable in this region ('" +
                            ctx.region + "')");
  }
  if (!account.empty() && account != ctx.account) {
    return LambdaError(StatusCode::kFailedPrecondition, "AccessDeniedException",
                       "Cross-account pass role is not allowed.");
  }
  FunctionRef ref;
  ref.name = m[7].str();
  if (m[9].matched) {
    if (!allow_qualifier) {
      return PatternError(given);
    }
    ref.qualifier = m[9].str();
  }
  if (ref.name.size() > 64) {
    return ValidationError("1 validation error detected: Value '" + std::string(given) +
                           "' at 'functionName' failed to satisfy constraint: Member must have "
                           "length less than or equal to 64");
  }
  return ref;
}

Result<std::optional<std::string>> MergeQualifier(const FunctionRef& ref,
                                                  const std::optional<std::string>& qualifier) {
  if (ref.qualifier && qualifier && *ref.qualifier != *qualifier) {
    return InvalidParameter(
        "The derived qualifier from the function name does not match the specified qualifier.");
  }
  return ref.qualifier ? ref.qualifier : qualifier;
}

std::string FunctionArn(const CallContext& ctx, std::string_view name) {
  return "arn:" + ctx.partition + ":lambda:" + ctx.region + ":" + ctx.account +
         ":function:" + std::string(name);
}

bool IsValidAliasName(std::string_view name) {
  if (name.empty() || name.size() > 128 || IsVersionNumber(name)) {
    return false;
  }
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return std::isalnum(uint8_t(c)) || c == '-' || c == '_'; });
}

bool IsVersionNumber(std::string_view qualifier) {
  return !qualifier.empty() && qualifier.size() <= 10 &&
         std::all_of(qualifier.begin(), qualifier.end(),
                     [](char c) { return std::isdigit(uint8_t(c)); });
}

}  // namespace stepshift::lambdas
