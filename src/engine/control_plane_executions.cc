// What executions need from the control plane: the revision or version an ARN starts.
#include <mutex>

#include "base/status_macros.h"
#include "engine/control_plane_impl.h"

namespace stepshift::engine {

namespace {

// The version an alias routes `draw` (in [0, 100)) to. Weights sum to 100, so some entry with a
// positive weight always takes it; the last one also takes any rounding rest.
int64_t DrawVersion(const std::vector<RoutingEntry>& routing, double draw) {
  const RoutingEntry* chosen = &routing.front();
  double cumulative = 0;
  for (const RoutingEntry& entry : routing) {
    if (entry.weight == 0)
      continue;
    chosen = &entry;
    cumulative += static_cast<double>(entry.weight);
    if (draw < cumulative)
      break;
  }
  return ParseStateMachineArn(chosen->state_machine_version_arn)->version;
}

}  // namespace

Result<ExecutionTarget> ControlPlane::ResolveExecutionTarget(const std::string& arn, double draw) {
  ASSIGN_OR_RETURN(StateMachineArn parsed, ParseStateMachineArn(arn));
  std::shared_lock lock(impl_->mu);
  const internal::StateMachine* machine = impl_->Find(parsed.base);
  if (machine == nullptr) {
    return StateMachineDoesNotExist(arn);
  }
  ExecutionTarget target;
  target.state_machine_arn = machine->arn;
  target.name = machine->name;
  target.type = machine->type;
  int64_t version = parsed.version;
  if (parsed.kind == ArnKind::kStateMachine) {
    target.config = machine->config;
    target.revision_id = machine->revision_id;
    target.update_date = machine->update_date;
    return target;
  }
  if (parsed.kind == ArnKind::kAlias) {
    auto alias = machine->aliases.find(parsed.qualifier);
    if (alias == machine->aliases.end()) {
      return StateMachineDoesNotExist(arn);
    }
    target.alias_arn = machine->arn + ":" + parsed.qualifier;
    target.alias_name = parsed.qualifier;
    version = DrawVersion(alias->second.routing, draw);
  }
  auto it = machine->versions.find(version);
  if (it == machine->versions.end()) {
    return StateMachineDoesNotExist(arn);
  }
  target.config = it->second.config;
  target.revision_id = it->second.revision_id;
  target.update_date = it->second.creation_date;
  target.version = version;
  target.version_arn = internal::VersionArn(machine->arn, version);
  return target;
}

}  // namespace stepshift::engine
