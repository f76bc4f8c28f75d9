#include "base/status.h"

namespace stepshift {

namespace {
const std::string kEmpty;
}  // namespace

Status::Status(StatusCode code, std::string message, std::string kind, std::string reason) {
  if (code != StatusCode::kOk) {
    rep_ = std::make_shared<const Rep>(
        Rep{code, std::move(message), std::move(kind), std::move(reason)});
  }
}

const std::string& Status::message() const {
  return rep_ ? rep_->message : kEmpty;
}

const std::string& Status::kind() const {
  return rep_ ? rep_->kind : kEmpty;
}

const std::string& Status::reason() const {
  return rep_ ? rep_->reason : kEmpty;
}

std::string Status::ToString() const {
  if (ok()) {
    return "OK";
  }
  std::string head = rep_->kind.empty() ? std::string(StatusCodeName(rep_->code)) : rep_->kind;
  return head + ": " + rep_->message;
}

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "OK";
    case StatusCode::kInvalidArgument:
      return "InvalidArgument";
    case StatusCode::kNotFound:
      return "NotFound";
    case StatusCode::kAlreadyExists:
      return "AlreadyExists";
    case StatusCode::kFailedPrecondition:
      return "FailedPrecondition";
    case StatusCode::kUnavailable:
      return "Unavailable";
    case StatusCode::kInternal:
      return "Internal";
  }
  return "Unknown";
}

}  // namespace stepshift
