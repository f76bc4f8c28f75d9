// CloudWatch's error codes as Status values. The Status kind is the AWS query-protocol error code
// (what botocore reports as Error.Code); the wire layer maps it to a shape name and HTTP status.
#pragma once

#include <string>

#include "base/status.h"

namespace stepshift::cloudwatch {

inline Status InvalidParameterValue(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message), "InvalidParameterValue");
}

inline Status InvalidParameterCombination(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message), "InvalidParameterCombination");
}

inline Status MissingParameter(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message), "MissingParameter");
}

inline Status ResourceNotFound(std::string message) {
  return Status(StatusCode::kNotFound, std::move(message), "ResourceNotFound");
}

// The tagging operations use a different shape (and code) than the alarm operations.
inline Status ResourceNotFoundException(std::string message) {
  return Status(StatusCode::kNotFound, std::move(message), "ResourceNotFoundException");
}

inline Status LimitExceeded(std::string message) {
  return Status(StatusCode::kFailedPrecondition, std::move(message), "LimitExceeded");
}

// The code CloudWatch gives to constraint violations and to metric math errors.
inline Status ValidationError(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message), "ValidationError");
}

inline Status InvalidNextToken(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message), "InvalidNextToken");
}

inline Status InvalidFormat(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message), "InvalidFormat");
}

}  // namespace stepshift::cloudwatch
