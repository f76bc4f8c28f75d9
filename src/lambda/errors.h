// The AWS Lambda error shapes, as Status values whose kind() is the shape name and whose message
// is AWS's text. The wire layer maps kinds to HTTP statuses (api/lambda/lambda_wire.cc).
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace stepshift::lambdas {

inline Status LambdaError(StatusCode code, std::string_view kind, std::string message) {
  return Status(code, std::move(message), std::string(kind));
}

// 404: "Function not found: arn:aws:lambda:us-east-1:123456789012:function:name[:qualifier]".
inline Status FunctionNotFound(std::string_view arn) {
  return LambdaError(StatusCode::kNotFound, "ResourceNotFoundException",
                     "Function not found: " + std::string(arn));
}

inline Status ResourceNotFound(std::string message) {
  return LambdaError(StatusCode::kNotFound, "ResourceNotFoundException", std::move(message));
}

inline Status ResourceConflict(std::string message) {
  return LambdaError(StatusCode::kAlreadyExists, "ResourceConflictException", std::move(message));
}

inline Status InvalidParameter(std::string message) {
  return LambdaError(StatusCode::kInvalidArgument, "InvalidParameterValueException",
                     std::move(message));
}

// Shape violations, worded as AWS's request validation words them ("1 validation error
// detected: Value '...' at 'timeout' failed to satisfy constraint: ...").
inline Status ValidationError(std::string message) {
  return LambdaError(StatusCode::kInvalidArgument, "ValidationException", std::move(message));
}

inline Status RevisionMismatch() {
  return LambdaError(StatusCode::kFailedPrecondition, "PreconditionFailedException",
                     "The Revision Id provided does not match the latest Revision Id. Call the "
                     "GetFunction/GetAlias API to retrieve the latest Revision Id");
}

}  // namespace stepshift::lambdas
