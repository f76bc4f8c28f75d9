// The FunctionConfiguration document: building it from CreateFunction, applying
// UpdateFunctionConfiguration and UpdateFunctionCode, with AWS's validation of each member.
#pragma once

#include <memory>
#include <string>

#include "base/clock.h"
#include "base/json.h"
#include "base/result.h"
#include "lambda/names.h"

namespace stepshift::lambdas::internal {

// A deployment package taken from a request's ZipFile.
struct Code {
  std::shared_ptr<const std::string> zip;
  std::string sha256;  // base64 of the SHA-256 digest, as CodeSha256
};

// Reads Code.ZipFile (CreateFunction) or ZipFile (UpdateFunctionCode): base64, and a readable
// zip. S3 and image sources are InvalidParameterValueException, as they cannot be fetched here.
Result<Code> TakeCode(const json::Object& source);

// Checks CreateFunction's members and builds $LATEST's configuration. `now` is LastModified.
Result<json::Object> NewConfiguration(const CallContext& ctx, const std::string& name,
                                      const json::Object& request, const Code& code,
                                      const std::string& now);

// Applies UpdateFunctionConfiguration's members to `config`, checking each as CreateFunction
// does. Leaves `config` unchanged on error.
Status UpdateConfiguration(const json::Object& request, json::Object* config);

// Sets the code members (CodeSha256, CodeSize) of `config`.
void SetCode(const Code& code, json::Object* config);

// What PublishVersion snapshots of `config`: its members, in key order, without those that differ
// between $LATEST and its versions or from one update to the next (FunctionArn, Version,
// RevisionId, LastModified, Description, the State and LastUpdateStatus members). A $LATEST whose
// PublishedState is the newest version's has nothing new to publish.
std::string PublishedState(const json::Object& config);

// "2024-01-01T12:00:00.000+0000", Lambda's LastModified format.
std::string LambdaTimestamp(Time t);

// The members of `config` as a string, or "" when absent.
std::string Member(const json::Object& config, std::string_view key);

}  // namespace stepshift::lambdas::internal
