// Tag operations on state machines (activities keep theirs in Executions); a version or alias
// ARN is ResourceNotFound, as AWS answers (AWS-recorded for a version).
#include <algorithm>
#include <mutex>

#include "base/status_macros.h"
#include "engine/control_plane_impl.h"
#include "engine/tags.h"

namespace stepshift::engine {

using internal::StateMachine;

namespace {

Status NotFound(const std::string& arn) {
  return ResourceNotFound("Resource not found: '" + arn + "'");
}

// The unqualified state machine ARN that `arn` names, or the error to answer.
Result<std::string> TaggableArn(const std::string& arn) {
  Result<StateMachineArn> parsed = ParseStateMachineArn(arn);
  if (!parsed.ok()) {
    // Another Step Functions resource (an activity, an execution) is well-formed but unknown.
    bool other_states_resource =
        parsed.status().message().find("Resource type") != std::string::npos;
    return other_states_resource ? NotFound(arn) : parsed.status();
  }
  if (parsed->kind != ArnKind::kStateMachine) {
    return NotFound(arn);
  }
  return parsed->base;
}

}  // namespace

Status ControlPlane::TagResource(const std::string& resource_arn, const Tags& tags) {
  ASSIGN_OR_RETURN(std::string arn, TaggableArn(resource_arn));
  std::unique_lock lock(impl_->mu);
  StateMachine* machine = impl_->Find(arn);
  if (machine == nullptr) {
    return NotFound(resource_arn);
  }
  internal::MachineHeader header = *machine;
  RETURN_IF_ERROR(MergeTags(header.tags, tags, resource_arn));
  impl_->CommitHeader(machine, std::move(header), std::nullopt);
  return Status::Ok();
}

Status ControlPlane::UntagResource(const std::string& resource_arn,
                                   const std::vector<std::string>& keys) {
  ASSIGN_OR_RETURN(std::string arn, TaggableArn(resource_arn));
  std::unique_lock lock(impl_->mu);
  StateMachine* machine = impl_->Find(arn);
  if (machine == nullptr) {
    return NotFound(resource_arn);
  }
  internal::MachineHeader header = *machine;
  RemoveTags(header.tags, keys);
  impl_->CommitHeader(machine, std::move(header), std::nullopt);
  return Status::Ok();
}

Result<Tags> ControlPlane::ListTagsForResource(const std::string& resource_arn) {
  ASSIGN_OR_RETURN(std::string arn, TaggableArn(resource_arn));
  std::shared_lock lock(impl_->mu);
  const StateMachine* machine = impl_->Find(arn);
  if (machine == nullptr) {
    return NotFound(resource_arn);
  }
  return machine->tags;
}

}  // namespace stepshift::engine
