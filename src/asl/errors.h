// ASL runtime errors. These are data, not Status: they flow through Retry and Catch and end an
// execution with AWS's error name and cause text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stepshift::asl {

struct AslError {
  std::string error;
  std::string cause;
  // A failed JSONata expression: the field it was in ("Output/v"), which the EvaluationFailed
  // history event reports.
  std::string location = {};
};

// AWS's predefined error names (states-language.net, "Appendix A: Predefined Error Codes").
namespace errors {
inline constexpr std::string_view kAll = "States.ALL";
inline constexpr std::string_view kRuntime = "States.Runtime";
inline constexpr std::string_view kTimeout = "States.Timeout";
inline constexpr std::string_view kHeartbeatTimeout = "States.HeartbeatTimeout";
inline constexpr std::string_view kTaskFailed = "States.TaskFailed";
inline constexpr std::string_view kPermissions = "States.Permissions";
inline constexpr std::string_view kResultPathMatchFailure = "States.ResultPathMatchFailure";
// What AWS actually raises when a reference path cannot be applied: a ResultPath into a
// non-object, or an ItemsPath step that is absent (executions quoted in public reports, e.g.
// "Unable to apply ReferencePath $.someTaskResult to input \"input1\"").
inline constexpr std::string_view kReferencePathConflict = "States.ReferencePathConflict";
inline constexpr std::string_view kParameterPathFailure = "States.ParameterPathFailure";
inline constexpr std::string_view kIntrinsicFailure = "States.IntrinsicFailure";
inline constexpr std::string_view kBranchFailed = "States.BranchFailed";
inline constexpr std::string_view kNoChoiceMatched = "States.NoChoiceMatched";
inline constexpr std::string_view kDataLimitExceeded = "States.DataLimitExceeded";
inline constexpr std::string_view kExceedToleratedFailureThreshold =
    "States.ExceedToleratedFailureThreshold";
inline constexpr std::string_view kQueryEvaluationError = "States.QueryEvaluationError";
inline constexpr std::string_view kItemReaderFailed = "States.ItemReaderFailed";
}  // namespace errors

inline AslError RuntimeError(std::string cause) {
  return AslError{std::string(errors::kRuntime), std::move(cause)};
}

// Whether a retrier or catcher with these ErrorEquals handles `error`. States.ALL matches every
// error except States.Runtime, which is terminal; States.TaskFailed "acts as a wildcard that
// matches any known error name except for States.Timeout" (AWS docs), so heartbeat timeouts are
// excluded too.
bool ErrorMatches(const std::vector<std::string>& error_equals, std::string_view error);

}  // namespace stepshift::asl
