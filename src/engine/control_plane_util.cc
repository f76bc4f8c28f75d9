// Helpers shared by the control plane operations (declared in control_plane_impl.h).
#include <algorithm>
#include <chrono>

#include "asl/diagnostic.h"
#include "asl/parser.h"
#include "base/status_macros.h"
#include "engine/control_plane_impl.h"

namespace stepshift::engine {

using internal::ControlPlaneStore;
using internal::MachineHeader;
using internal::StateMachine;
using internal::Version;

Time ControlPlane::Impl::Now() const {
  return std::chrono::floor<std::chrono::milliseconds>(clock->Now());
}

StateMachine* ControlPlane::Impl::Find(const std::string& arn) const {
  auto it = machines.find(arn);
  return it == machines.end() ? nullptr : it->second.get();
}

Result<Version> ControlPlane::Impl::StagePublish(const StateMachine& machine, MachineHeader* header,
                                                 std::optional<std::string> description, Time now,
                                                 bool* is_new) {
  // Newest first: a revision has at most one version, and a recent one is the likely match.
  for (auto it = machine.versions.rbegin(); it != machine.versions.rend(); ++it) {
    if (it->second.revision_id == header->revision_id) {
      *is_new = false;
      return it->second;
    }
  }
  if (static_cast<int64_t>(machine.versions.size()) >= internal::kMaxVersionsPerStateMachine) {
    return QuotaExceeded("Maximum number of versions (" +
                         std::to_string(internal::kMaxVersionsPerStateMachine) +
                         ") for this state machine reached: '" + machine.arn + "'");
  }
  Version version;
  version.number = header->next_version++;
  version.config = header->config;
  version.revision_id = header->revision_id;
  version.description = std::move(description);
  version.creation_date = now;
  *is_new = true;
  return version;
}

int64_t ControlPlane::Impl::CountStateMachines(std::string_view prefix) const {
  return std::count_if(machines.begin(), machines.end(),
                       [prefix](const auto& entry) { return entry.first.starts_with(prefix); });
}

void ControlPlane::Impl::Persist(std::function<Status(ControlPlaneStore&)> write) {
  committer->Enqueue(
      [store = store.get(), write = std::move(write)](store::Database&) { return write(*store); });
}

void ControlPlane::Impl::Resynchronise(const Status& failure) {
  std::unique_lock lock(mu);
  committer->DropQueued(failure);
  // If even reading fails the model stays as it was; the writes that follow fail the same way,
  // so nothing more is acknowledged until the database works again.
  if (Result<internal::MachineMap> reloaded = store->LoadAll(); reloaded.ok()) {
    machines = std::move(reloaded).value();
  }
}

void ControlPlane::Impl::CommitHeader(StateMachine* machine, MachineHeader header,
                                      std::optional<Version> version) {
  Persist([header, version](ControlPlaneStore& store) {
    RETURN_IF_ERROR(store.PutStateMachine(header));
    return version ? store.PutVersion(header.arn, *version) : Status::Ok();
  });
  static_cast<MachineHeader&>(*machine) = std::move(header);
  if (version) {
    machine->versions.emplace(version->number, std::move(*version));
  }
}

Result<PublishVersionResponse> ControlPlane::Impl::PublishLocked(
    StateMachine* machine, std::optional<std::string> description) {
  MachineHeader header = *machine;
  bool is_new = false;
  ASSIGN_OR_RETURN(Version version,
                   StagePublish(*machine, &header, std::move(description), Now(), &is_new));
  PublishVersionResponse response{internal::VersionArn(machine->arn, version.number),
                                  version.creation_date};
  if (is_new) {
    CommitHeader(machine, std::move(header), std::move(version));
  }
  return response;
}

namespace internal {

std::string VersionArn(const std::string& machine_arn, int64_t number) {
  return machine_arn + ":" + std::to_string(number);
}

std::string BracketList(const std::vector<std::string>& items) {
  std::string text = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    text += (i > 0 ? ", " : "") + items[i];
  }
  return text + "]";
}

Result<json::Value> NormalizeLogging(const json::Value& given) {
  json::Object logging{{"level", "OFF"}, {"includeExecutionData", false}};
  if (given.is_null()) {
    return json::Value(std::move(logging));
  }
  const json::Object& in = given.as_object();
  if (const json::Value* level = in.if_contains("level")) {
    logging["level"] = *level;
  }
  if (const json::Value* include = in.if_contains("includeExecutionData")) {
    logging["includeExecutionData"] = *include;
  }
  const json::Value* destinations = in.if_contains("destinations");
  size_t count = destinations != nullptr ? destinations->as_array().size() : 0;
  if (count > 1 || (count == 0 && logging["level"].as_string() != "OFF")) {
    return AwsError("InvalidLoggingConfiguration",
                    "Invalid Logging Configuration: Must specify exactly one Log Destination.");
  }
  if (count == 1) {
    logging["destinations"] = *destinations;
  }
  return json::Value(std::move(logging));
}

json::Value NormalizeTracing(const json::Value& given) {
  bool enabled = false;
  if (given.is_object()) {
    if (const json::Value* value = given.as_object().if_contains("enabled")) {
      enabled = value->is_bool() && value->as_bool();
    }
  }
  return json::Object{{"enabled", enabled}};
}

Status CheckEncryption(const json::Value& given) {
  if (!given.is_object()) {
    return Status::Ok();
  }
  const json::Object& in = given.as_object();
  const json::Value* type = in.if_contains("type");
  bool customer_key =
      type != nullptr && type->is_string() && type->as_string() == "CUSTOMER_MANAGED_KMS_KEY";
  if (customer_key && !in.contains("kmsKeyId")) {
    return AwsError("InvalidEncryptionConfiguration",
                    "Invalid Encryption Configuration: kmsKeyId is required when type is "
                    "CUSTOMER_MANAGED_KMS_KEY.");
  }
  return Status::Ok();
}

Status CheckDefinitionStatus(const std::string& definition) {
  std::vector<asl::Diagnostic> diagnostics = asl::ValidateDefinition(definition);
  if (!asl::HasErrors(diagnostics)) {
    return Status::Ok();
  }
  return AwsError("InvalidDefinition", asl::FormatInvalidDefinition(diagnostics));
}

}  // namespace internal
}  // namespace stepshift::engine
