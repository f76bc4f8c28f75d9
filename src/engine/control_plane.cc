// State machine operations: create, describe, update, delete, list.
#include "engine/control_plane.h"

#include <algorithm>
#include <mutex>

#include "base/ids.h"
#include "base/status_macros.h"
#include "engine/control_plane_impl.h"
#include "engine/tags.h"

namespace stepshift::engine {

using internal::ConfigPtr;
using internal::MachineHeader;
using internal::StateMachine;
using internal::Version;

namespace {

bool SameConfig(const StateMachineConfig& a, const StateMachineConfig& b) {
  return a.definition == b.definition && a.role_arn == b.role_arn && a.logging == b.logging &&
         a.tracing == b.tracing && a.encryption == b.encryption;
}

// Checks and normalises what Create and Update accept in a config.
Status CheckConfig(StateMachineConfig* config) {
  if (!LooksLikeArn(config->role_arn)) {
    return InvalidArn("Invalid ARN prefix: " + config->role_arn);
  }
  RETURN_IF_ERROR(internal::CheckDefinitionStatus(config->definition));
  ASSIGN_OR_RETURN(config->logging, internal::NormalizeLogging(config->logging));
  config->tracing = internal::NormalizeTracing(config->tracing);
  return internal::CheckEncryption(config->encryption);
}

Status VersionDescriptionNeedsPublish() {
  return ValidationError("Version description can only be set when publish is true");
}

// The update's config: the current one with the members the request sets, checked.
Result<ConfigPtr> MergeConfig(const StateMachineConfig& current,
                              const UpdateStateMachineRequest& request) {
  auto config = std::make_shared<StateMachineConfig>(current);
  config->definition = request.definition.value_or(config->definition);
  config->role_arn = request.role_arn.value_or(config->role_arn);
  config->logging = request.logging.value_or(config->logging);
  config->tracing = request.tracing.value_or(config->tracing);
  config->encryption = request.encryption.value_or(config->encryption);
  RETURN_IF_ERROR(CheckConfig(config.get()));
  return ConfigPtr(std::move(config));
}

// Everything about a create request that needs no state; normalises `config`.
Status CheckCreateRequest(const CreateStateMachineRequest& request, const std::string& arn,
                          StateMachineConfig* config) {
  if (!IsValidStateMachineName(request.name)) {
    return InvalidName(request.name);
  }
  RETURN_IF_ERROR(CheckConfig(config));
  if (request.version_description && !request.publish) {
    return VersionDescriptionNeedsPublish();
  }
  if (request.tags.size() > internal::kMaxTagsPerResource) {
    return TooManyTags(arn);
  }
  return Status::Ok();
}

}  // namespace

ControlPlane::ControlPlane(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ControlPlane::~ControlPlane() = default;

Result<std::unique_ptr<ControlPlane>> ControlPlane::Open(store::Database* db, Clock* clock) {
  auto impl = std::make_unique<Impl>();
  impl->clock = clock;
  ASSIGN_OR_RETURN(impl->store, internal::ControlPlaneStore::Open(db));
  ASSIGN_OR_RETURN(impl->machines, impl->store->LoadAll());
  Impl* raw = impl.get();
  impl->committer = std::make_unique<store::Committer>(
      db, [raw](const Status& failure) { raw->Resynchronise(failure); });
  return std::unique_ptr<ControlPlane>(new ControlPlane(std::move(impl)));
}

uint64_t ControlPlane::WriteBarrier() const {
  return impl_->committer->LastQueued();
}

bool ControlPlane::IsDurable(uint64_t barrier) const {
  return impl_->committer->IsSettled(barrier);
}

void ControlPlane::WhenDurable(uint64_t barrier, std::function<void(const Status&)> done) const {
  impl_->committer->WhenDurable(barrier, std::move(done));
}

Status ControlPlane::WaitDurable(uint64_t barrier) const {
  return impl_->committer->WaitDurable(barrier);
}

Result<CreateStateMachineResponse> ControlPlane::CreateStateMachine(
    const CallContext& ctx, const CreateStateMachineRequest& request) {
  std::string arn = MakeStateMachineArn(ctx.partition, ctx.region, ctx.account, request.name);
  auto config = std::make_shared<StateMachineConfig>(request.config);
  RETURN_IF_ERROR(CheckCreateRequest(request, arn, config.get()));
  std::unique_lock lock(impl_->mu);
  if (StateMachine* existing = impl_->Find(arn)) {
    // Creating exactly what exists is idempotent; anything else is a conflict.
    if (existing->type != request.type || !SameConfig(*existing->config, *config)) {
      return StateMachineAlreadyExists(arn);
    }
    CreateStateMachineResponse response{arn, existing->creation_date, std::nullopt};
    if (request.publish) {
      ASSIGN_OR_RETURN(PublishVersionResponse published,
                       impl_->PublishLocked(existing, request.version_description));
      response.state_machine_version_arn = published.state_machine_version_arn;
    }
    return response;
  }
  if (impl_->CountStateMachines(MakeStateMachineArn(ctx.partition, ctx.region, ctx.account, "")) >=
      internal::kMaxStateMachinesPerRegion) {
    return AwsError("StateMachineLimitExceeded",
                    "The maximum number of state machines has been reached. Existing state "
                    "machines must be deleted before a new state machine can be created.");
  }
  auto machine = std::make_unique<StateMachine>();
  MachineHeader header{arn,          request.name,      request.type, impl_->Now(),
                       impl_->Now(), std::move(config), std::nullopt, request.tags};
  std::optional<Version> version;
  if (request.publish) {
    bool is_new = false;
    ASSIGN_OR_RETURN(version, impl_->StagePublish(*machine, &header, request.version_description,
                                                  header.creation_date, &is_new));
  }
  impl_->CommitHeader(machine.get(), std::move(header), version);
  CreateStateMachineResponse response{arn, machine->creation_date, std::nullopt};
  if (version) {
    response.state_machine_version_arn = internal::VersionArn(arn, version->number);
  }
  impl_->machines.emplace(arn, std::move(machine));
  return response;
}

Result<StateMachineDescription> ControlPlane::DescribeStateMachine(const std::string& arn) {
  ASSIGN_OR_RETURN(StateMachineArn parsed, ParseStateMachineArn(arn));
  std::shared_lock lock(impl_->mu);
  const StateMachine* machine = impl_->Find(parsed.base);
  if (machine == nullptr || parsed.kind == ArnKind::kAlias) {
    return StateMachineDoesNotExist(arn);
  }
  StateMachineDescription d;
  d.state_machine_arn = arn;
  d.name = machine->name;
  d.type = machine->type;
  d.update_date = machine->update_date;
  if (parsed.kind == ArnKind::kStateMachine) {
    d.creation_date = machine->creation_date;
    d.config = machine->config;
    d.revision_id = machine->revision_id;
    return d;
  }
  auto it = machine->versions.find(parsed.version);
  if (it == machine->versions.end()) {
    return StateMachineDoesNotExist(arn);
  }
  d.creation_date = it->second.creation_date;
  d.config = it->second.config;
  d.revision_id = it->second.revision_id;
  d.description = it->second.description;
  return d;
}

Result<UpdateStateMachineResponse> ControlPlane::UpdateStateMachine(
    const UpdateStateMachineRequest& request) {
  ASSIGN_OR_RETURN(StateMachineArn parsed, ParseStateMachineArn(request.state_machine_arn));
  if (!request.definition && !request.role_arn && !request.logging && !request.tracing &&
      !request.encryption) {
    return AwsError("MissingRequiredParameter",
                    "Either the definition, the role ARN, the LoggingConfiguration, or the "
                    "TracingConfiguration must be specified");
  }
  if (request.version_description && !request.publish) {
    return VersionDescriptionNeedsPublish();
  }
  std::unique_lock lock(impl_->mu);
  StateMachine* machine = impl_->Find(parsed.base);
  if (machine == nullptr || parsed.kind != ArnKind::kStateMachine) {
    return StateMachineDoesNotExist(request.state_machine_arn);
  }
  ASSIGN_OR_RETURN(ConfigPtr config, MergeConfig(*machine->config, request));
  MachineHeader header = *machine;
  header.update_date = impl_->Now();
  // An update that changes nothing keeps the revision (AWS-recorded).
  if (!SameConfig(*config, *machine->config)) {
    header.config = std::move(config);
    header.revision_id = NewUuid();
  }
  std::optional<Version> version;
  bool is_new = false;
  if (request.publish) {
    ASSIGN_OR_RETURN(version, impl_->StagePublish(*machine, &header, request.version_description,
                                                  header.update_date, &is_new));
  }
  UpdateStateMachineResponse response{header.update_date, header.revision_id, std::nullopt};
  if (version) {
    response.state_machine_version_arn = internal::VersionArn(machine->arn, version->number);
  }
  impl_->CommitHeader(machine, std::move(header), is_new ? std::move(version) : std::nullopt);
  return response;
}

Status ControlPlane::DeleteStateMachine(const std::string& arn) {
  ASSIGN_OR_RETURN(StateMachineArn parsed, ParseStateMachineArn(arn));
  if (parsed.kind != ArnKind::kStateMachine) {
    return ValidationError(
        "Deleting a version or an alias through DeleteStateMachine is not "
        "supported: use DeleteStateMachineVersion or DeleteStateMachineAlias");
  }
  std::unique_lock lock(impl_->mu);
  if (impl_->Find(parsed.base) == nullptr) {
    return Status::Ok();  // AWS answers 200 for a missing state machine
  }
  impl_->machines.erase(parsed.base);
  impl_->Persist([arn = parsed.base](internal::ControlPlaneStore& store) {
    return store.DeleteStateMachine(arn);
  });
  return Status::Ok();
}

Result<Page<StateMachineListItem>> ControlPlane::ListStateMachines(const CallContext& ctx,
                                                                   const PageRequest& page) {
  std::string prefix = MakeStateMachineArn(ctx.partition, ctx.region, ctx.account, "");
  std::string after;  // names are listed in order; a page starts after the last name given
  if (page.next_token) {
    ASSIGN_OR_RETURN(after, impl_->tokens.Decode(*page.next_token, "machines|" + prefix));
  }
  std::shared_lock lock(impl_->mu);
  std::vector<const StateMachine*> matches;
  for (const auto& [arn, machine] : impl_->machines) {
    if (arn.starts_with(prefix) && (!page.next_token || machine->name > after)) {
      matches.push_back(machine.get());
    }
  }
  std::sort(matches.begin(), matches.end(),
            [](const StateMachine* a, const StateMachine* b) { return a->name < b->name; });
  Page<StateMachineListItem> result;
  size_t size = static_cast<size_t>(PageSize(page));
  for (size_t i = 0; i < matches.size() && i < size; ++i) {
    const StateMachine& m = *matches[i];
    result.items.push_back({m.arn, m.name, m.type, m.creation_date});
  }
  if (matches.size() > size) {
    result.next_token = impl_->tokens.Encode("machines|" + prefix, result.items.back().name);
  }
  return result;
}

}  // namespace stepshift::engine
