// The AWS Step Functions error shapes the control plane returns, as Status values whose kind()
// is the shape name and whose message is AWS's text (sfn-api.md §6).
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace stepshift::engine {

inline Status AwsError(std::string_view kind, std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message), std::string(kind));
}

inline Status StateMachineDoesNotExist(std::string_view arn) {
  return Status(StatusCode::kNotFound, "State Machine Does Not Exist: '" + std::string(arn) + "'",
                "StateMachineDoesNotExist");
}

inline Status ExecutionDoesNotExist(std::string_view arn) {
  return Status(StatusCode::kNotFound, "Execution Does Not Exist: '" + std::string(arn) + "'",
                "ExecutionDoesNotExist");
}

inline Status StateMachineAlreadyExists(std::string_view arn) {
  return Status(StatusCode::kAlreadyExists,
                "State Machine Already Exists: '" + std::string(arn) + "'",
                "StateMachineAlreadyExists");
}

// The message AWS gives when an alias (or another referenced resource) is missing.
inline Status ResourceNotFound(std::string message =
                                   "Request references a resource that does "
                                   "not exist.") {
  return Status(StatusCode::kNotFound, std::move(message), "ResourceNotFound");
}

inline Status ConflictError(std::string message) {
  return Status(StatusCode::kFailedPrecondition, std::move(message), "ConflictException");
}

inline Status ValidationError(std::string message) {
  return AwsError("ValidationException", std::move(message));
}

inline Status QuotaExceeded(std::string message) {
  return Status(StatusCode::kFailedPrecondition, std::move(message),
                "ServiceQuotaExceededException");
}

}  // namespace stepshift::engine
