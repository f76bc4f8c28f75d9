// Alias operations: create, describe, update, list, delete; and the routing rules.
#include <algorithm>
#include <mutex>
#include <set>

#include "base/status_macros.h"
#include "engine/control_plane_impl.h"

namespace stepshift::engine {

using internal::Alias;
using internal::StateMachine;

namespace {

std::vector<std::string> RoutingArns(const std::vector<RoutingEntry>& routing) {
  std::vector<std::string> arns;
  for (const RoutingEntry& entry : routing) {
    arns.push_back(entry.state_machine_version_arn);
  }
  return arns;
}

// The rules that need no state, in the order AWS applies them (sfn-api.md §4, §7): distinct
// ARNs, weights summing to 100, version ARNs only, all of one state machine. Returns that state
// machine's ARN and rewrites each entry's ARN to its canonical form.
Result<std::string> CheckRouting(std::vector<RoutingEntry>* routing) {
  std::vector<std::string> arns = RoutingArns(*routing);
  if (std::set<std::string>(arns.begin(), arns.end()).size() != arns.size()) {
    return ValidationError(
        "Routing configuration must contain distinct state machine version "
        "ARNs. Received: " +
        internal::BracketList(arns));
  }
  int64_t sum = 0;
  std::vector<std::string> weights;
  for (const RoutingEntry& entry : *routing) {
    sum += entry.weight;
    weights.push_back(std::to_string(entry.weight));
  }
  if (sum != 100) {
    return ValidationError("Sum of routing configuration weights must equal 100. Received: " +
                           internal::BracketList(weights));
  }
  std::string machine_arn;
  for (RoutingEntry& entry : *routing) {
    ASSIGN_OR_RETURN(StateMachineArn parsed, ParseStateMachineArn(entry.state_machine_version_arn));
    if (parsed.kind != ArnKind::kVersion) {
      return ValidationError(
          "Routing configuration must contain state machine version ARNs. "
          "Received: " +
          internal::BracketList(arns));
    }
    if (!machine_arn.empty() && parsed.base != machine_arn) {
      return ValidationError(
          "Routing configuration must contain state machine version ARNs of "
          "the same state machine. Received: " +
          internal::BracketList(arns));
    }
    machine_arn = parsed.base;
    entry.state_machine_version_arn = internal::VersionArn(parsed.base, parsed.version);
  }
  return machine_arn;
}

// Every routed version must exist in `machine`.
Status CheckVersionsExist(const StateMachine& machine, const std::vector<RoutingEntry>& routing) {
  for (const RoutingEntry& entry : routing) {
    std::string_view number(entry.state_machine_version_arn);
    number.remove_prefix(machine.arn.size() + 1);
    if (!machine.versions.contains(std::stoll(std::string(number)))) {
      return ResourceNotFound("Resource not found: '" + entry.state_machine_version_arn + "'");
    }
  }
  return Status::Ok();
}

bool SameRouting(std::vector<RoutingEntry> a, std::vector<RoutingEntry> b) {
  auto by_arn = [](const RoutingEntry& x, const RoutingEntry& y) {
    return x.state_machine_version_arn < y.state_machine_version_arn;
  };
  std::sort(a.begin(), a.end(), by_arn);
  std::sort(b.begin(), b.end(), by_arn);
  return std::equal(
      a.begin(), a.end(), b.begin(), b.end(), [](const RoutingEntry& x, const RoutingEntry& y) {
        return x.state_machine_version_arn == y.state_machine_version_arn && x.weight == y.weight;
      });
}

// Parses an alias ARN; anything else is InvalidArn.
Result<StateMachineArn> ParseAliasArn(const std::string& arn) {
  ASSIGN_OR_RETURN(StateMachineArn parsed, ParseStateMachineArn(arn));
  if (parsed.kind != ArnKind::kAlias) {
    return InvalidArn("Invalid ARN prefix: " + arn);
  }
  return parsed;
}

}  // namespace

Result<ArnItem> ControlPlane::CreateStateMachineAlias(const CreateAliasRequest& request) {
  std::vector<RoutingEntry> routing = request.routing;
  ASSIGN_OR_RETURN(std::string machine_arn, CheckRouting(&routing));
  std::unique_lock lock(impl_->mu);
  StateMachine* machine = impl_->Find(machine_arn);
  if (machine == nullptr) {
    return ResourceNotFound("Resource not found: '" + routing[0].state_machine_version_arn + "'");
  }
  RETURN_IF_ERROR(CheckVersionsExist(*machine, routing));
  std::string alias_arn = machine_arn + ":" + request.name;
  if (auto it = machine->aliases.find(request.name); it != machine->aliases.end()) {
    // Idempotent on (name, description, routing).
    const Alias& alias = it->second;
    if (alias.description != request.description || !SameRouting(alias.routing, routing)) {
      return ConflictError(
          "Failed to create alias because an alias with the same name and a "
          "different routing configuration already exists.");
    }
    return ArnItem{alias_arn, alias.creation_date};
  }
  if (static_cast<int64_t>(machine->aliases.size()) >= internal::kMaxAliasesPerStateMachine) {
    return QuotaExceeded("Maximum number of aliases (" +
                         std::to_string(internal::kMaxAliasesPerStateMachine) +
                         ") for this state machine reached: '" + machine_arn + "'");
  }
  internal::MachineHeader header = *machine;
  Time now = impl_->Now();
  Alias alias{request.name, request.description,    std::move(routing), now,
              now,          header.next_alias_seq++};
  impl_->Persist([header, alias](internal::ControlPlaneStore& store) {
    RETURN_IF_ERROR(store.PutStateMachine(header));
    return store.PutAlias(header.arn, alias);
  });
  machine->next_alias_seq = header.next_alias_seq;
  machine->aliases.emplace(alias.name, std::move(alias));
  return ArnItem{alias_arn, now};
}

Result<AliasDescription> ControlPlane::DescribeStateMachineAlias(const std::string& alias_arn) {
  ASSIGN_OR_RETURN(StateMachineArn parsed, ParseAliasArn(alias_arn));
  std::shared_lock lock(impl_->mu);
  const StateMachine* machine = impl_->Find(parsed.base);
  if (machine == nullptr || !machine->aliases.contains(parsed.qualifier)) {
    return ResourceNotFound();
  }
  const Alias& a = machine->aliases.at(parsed.qualifier);
  return AliasDescription{alias_arn, a.name,          a.description,
                          a.routing, a.creation_date, a.update_date};
}

Result<Time> ControlPlane::UpdateStateMachineAlias(const UpdateAliasRequest& request) {
  ASSIGN_OR_RETURN(StateMachineArn parsed, ParseAliasArn(request.state_machine_alias_arn));
  if (!request.description && !request.routing) {
    return ValidationError(
        "Either the description or the routingConfiguration must be "
        "specified");
  }
  std::optional<std::vector<RoutingEntry>> routing = request.routing;
  if (routing) {
    ASSIGN_OR_RETURN(std::string machine_arn, CheckRouting(&*routing));
    if (machine_arn != parsed.base) {
      return ValidationError(
          "Routing configuration must contain state machine version ARNs of "
          "the alias's state machine. Received: " +
          internal::BracketList(RoutingArns(*routing)));
    }
  }
  std::unique_lock lock(impl_->mu);
  StateMachine* machine = impl_->Find(parsed.base);
  if (machine == nullptr || !machine->aliases.contains(parsed.qualifier)) {
    return ResourceNotFound();
  }
  if (routing) {
    RETURN_IF_ERROR(CheckVersionsExist(*machine, *routing));
  }
  Alias& current = machine->aliases.at(parsed.qualifier);
  Alias staged = current;
  staged.update_date = impl_->Now();
  staged.description = request.description ? request.description : current.description;
  staged.routing = routing ? std::move(*routing) : current.routing;
  impl_->Persist([arn = machine->arn, staged](internal::ControlPlaneStore& store) {
    return store.PutAlias(arn, staged);
  });
  current = std::move(staged);
  return current.update_date;
}

Result<Page<ArnItem>> ControlPlane::ListStateMachineAliases(const std::string& arn,
                                                            const PageRequest& page) {
  ASSIGN_OR_RETURN(StateMachineArn parsed, ParseStateMachineArn(arn));
  if (parsed.kind == ArnKind::kAlias) {
    return InvalidArn("Invalid ARN prefix: " + arn);
  }
  std::string listing = "aliases|" + arn;
  int64_t start = 0;  // oldest first: a page starts at the first alias with seq >= start
  if (page.next_token) {
    ASSIGN_OR_RETURN(std::string position, impl_->tokens.Decode(*page.next_token, listing));
    start = std::stoll(position);
  }
  std::shared_lock lock(impl_->mu);
  const StateMachine* machine = impl_->Find(parsed.base);
  if (machine == nullptr) {
    return StateMachineDoesNotExist(arn);
  }
  std::string version_arn = internal::VersionArn(parsed.base, parsed.version);
  if (parsed.kind == ArnKind::kVersion && !machine->versions.contains(parsed.version)) {
    return ResourceNotFound("Resource not found: '" + arn + "'");
  }
  std::vector<const Alias*> matches;
  for (const auto& [name, alias] : machine->aliases) {
    bool routes = std::any_of(alias.routing.begin(), alias.routing.end(), [&](const auto& e) {
      return e.state_machine_version_arn == version_arn;
    });
    if (alias.seq >= start && (parsed.kind == ArnKind::kStateMachine || routes)) {
      matches.push_back(&alias);
    }
  }
  std::sort(matches.begin(), matches.end(),
            [](const Alias* a, const Alias* b) { return a->seq < b->seq; });
  Page<ArnItem> result;
  size_t size = static_cast<size_t>(PageSize(page));
  for (size_t i = 0; i < matches.size() && i < size; ++i) {
    result.items.push_back({machine->arn + ":" + matches[i]->name, matches[i]->creation_date});
  }
  if (matches.size() > size) {
    result.next_token = impl_->tokens.Encode(listing, std::to_string(matches[size]->seq));
  }
  return result;
}

Status ControlPlane::DeleteStateMachineAlias(const std::string& alias_arn) {
  ASSIGN_OR_RETURN(StateMachineArn parsed, ParseAliasArn(alias_arn));
  std::unique_lock lock(impl_->mu);
  StateMachine* machine = impl_->Find(parsed.base);
  if (machine == nullptr || !machine->aliases.contains(parsed.qualifier)) {
    return Status::Ok();  // AWS answers 200 for a missing alias
  }
  impl_->Persist([arn = machine->arn, name = parsed.qualifier](internal::ControlPlaneStore& store) {
    return store.DeleteAlias(arn, name);
  });
  machine->aliases.erase(parsed.qualifier);
  return Status::Ok();
}

}  // namespace stepshift::engine
