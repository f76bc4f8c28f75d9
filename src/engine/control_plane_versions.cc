// Version operations: publish, list, delete.
#include <mutex>

#include "base/status_macros.h"
#include "engine/control_plane_impl.h"

namespace stepshift::engine {

using internal::StateMachine;

Result<PublishVersionResponse> ControlPlane::PublishStateMachineVersion(
    const PublishVersionRequest& request) {
  ASSIGN_OR_RETURN(StateMachineArn parsed, ParseStateMachineArn(request.state_machine_arn));
  std::unique_lock lock(impl_->mu);
  StateMachine* machine = impl_->Find(parsed.base);
  if (machine == nullptr || parsed.kind != ArnKind::kStateMachine) {
    return StateMachineDoesNotExist(request.state_machine_arn);
  }
  if (request.revision_id) {
    // "INITIAL" names the revision of a state machine that was never updated.
    std::string current = machine->revision_id.value_or("INITIAL");
    if (*request.revision_id != current) {
      return ConflictError("Failed to publish the State Machine version for revision " +
                           *request.revision_id + ". The current State Machine revision is " +
                           current + ".");
    }
  }
  return impl_->PublishLocked(machine, request.description);
}

Result<Page<ArnItem>> ControlPlane::ListStateMachineVersions(const std::string& state_machine_arn,
                                                             const PageRequest& page) {
  ASSIGN_OR_RETURN(StateMachineArn parsed, ParseStateMachineArn(state_machine_arn));
  if (parsed.kind != ArnKind::kStateMachine) {
    return InvalidArn("Invalid ARN prefix: " + state_machine_arn);
  }
  std::string listing = "versions|" + parsed.base;
  int64_t start = INT64_MAX;  // newest first: a page starts at the highest number <= start
  if (page.next_token) {
    ASSIGN_OR_RETURN(std::string position, impl_->tokens.Decode(*page.next_token, listing));
    start = std::stoll(position);
  }
  std::shared_lock lock(impl_->mu);
  const StateMachine* machine = impl_->Find(parsed.base);
  if (machine == nullptr) {
    return StateMachineDoesNotExist(state_machine_arn);
  }
  Page<ArnItem> result;
  int64_t size = PageSize(page);
  auto it = std::make_reverse_iterator(machine->versions.upper_bound(start));
  for (; it != machine->versions.rend(); ++it) {
    if (static_cast<int64_t>(result.items.size()) == size) {
      result.next_token = impl_->tokens.Encode(listing, std::to_string(it->first));
      break;
    }
    result.items.push_back(
        {internal::VersionArn(machine->arn, it->first), it->second.creation_date});
  }
  return result;
}

Status ControlPlane::DeleteStateMachineVersion(const std::string& version_arn) {
  ASSIGN_OR_RETURN(StateMachineArn parsed, ParseStateMachineArn(version_arn));
  if (parsed.kind != ArnKind::kVersion) {
    return InvalidArn("Invalid ARN prefix: " + version_arn);
  }
  std::unique_lock lock(impl_->mu);
  StateMachine* machine = impl_->Find(parsed.base);
  if (machine == nullptr || !machine->versions.contains(parsed.version)) {
    return Status::Ok();  // AWS answers 200 for a missing version
  }
  std::string canonical = internal::VersionArn(machine->arn, parsed.version);
  std::vector<std::string> referencing;
  for (const auto& [name, alias] : machine->aliases) {
    for (const RoutingEntry& entry : alias.routing) {
      if (entry.state_machine_version_arn == canonical) {
        referencing.push_back(name);
      }
    }
  }
  if (!referencing.empty()) {
    return ConflictError(
        "Version to be deleted must not be referenced by an alias. Current list of aliases "
        "referencing this version: " +
        internal::BracketList(referencing));
  }
  impl_->Persist([arn = machine->arn, number = parsed.version](internal::ControlPlaneStore& store) {
    return store.DeleteVersion(arn, number);
  });
  machine->versions.erase(parsed.version);
  return Status::Ok();
}

}  // namespace stepshift::engine
