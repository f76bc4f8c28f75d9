// Status: the outcome of an operation that can fail, as a cheap value (leveldb style).
// An OK status holds nothing. An error holds a code, a message and, for errors that reach a wire
// protocol, the name of the AWS error shape (`kind`, e.g. "StateMachineDoesNotExist") and, for
// shapes that have one, the `reason` member (ValidationException's
// "CANNOT_UPDATE_COMPLETED_MAP_RUN").
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace stepshift {

enum class StatusCode {
  kOk,
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,
  kUnavailable,
  kInternal,
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::string kind = "", std::string reason = "");

  static Status Ok() { return Status(); }

  static Status InvalidArgument(std::string message) {
    return Status(StatusCode::kInvalidArgument, std::move(message));
  }

  static Status NotFound(std::string message) {
    return Status(StatusCode::kNotFound, std::move(message));
  }

  static Status AlreadyExists(std::string message) {
    return Status(StatusCode::kAlreadyExists, std::move(message));
  }

  static Status FailedPrecondition(std::string message) {
    return Status(StatusCode::kFailedPrecondition, std::move(message));
  }

  static Status Unavailable(std::string message) {
    return Status(StatusCode::kUnavailable, std::move(message));
  }

  static Status Internal(std::string message) {
    return Status(StatusCode::kInternal, std::move(message));
  }

  bool ok() const { return rep_ == nullptr; }

  StatusCode code() const { return rep_ ? rep_->code : StatusCode::kOk; }

  // Empty for OK.
  const std::string& message() const;
  // The AWS error shape name, or empty when the error has none.
  const std::string& kind() const;
  // The AWS error shape's `reason`, or empty.
  const std::string& reason() const;
  // "Kind: message", "Code: message" or "OK".
  std::string ToString() const;

  bool IsNotFound() const { return code() == StatusCode::kNotFound; }

  bool IsInvalidArgument() const { return code() == StatusCode::kInvalidArgument; }

 private:
  struct Rep {
    StatusCode code;
    std::string message;
    std::string kind;
    std::string reason;
  };

  // Shared, immutable: copying a Status is a reference-count bump.
  std::shared_ptr<const Rep> rep_;
};

std::string_view StatusCodeName(StatusCode code);

}  // namespace stepshift
