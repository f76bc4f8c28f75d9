// Internals shared by the control_plane*.cc files: the Impl behind ControlPlane's pimpl and the
// helpers its operations have in common.
#pragma once

#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "engine/arn.h"
#include "engine/control_plane.h"
#include "engine/control_plane_store.h"
#include "engine/errors.h"
#include "engine/model.h"
#include "engine/page_token.h"
#include "store/committer.h"

namespace stepshift::engine {

struct ControlPlane::Impl {
  Clock* clock = nullptr;
  std::unique_ptr<internal::ControlPlaneStore> store;  // used only by the committer thread
  // Declared after `store`, which its thread uses: destroyed (and drained) first.
  std::unique_ptr<store::Committer> committer;
  PageTokens tokens;
  // Guards `machines` and `store` (whose Database is single-threaded): shared for reads,
  // exclusive for anything that writes.
  std::shared_mutex mu;
  internal::MachineMap machines;

  // Now, truncated to the millisecond AWS's timestamps carry, so what is stored, returned and
  // reloaded after a restart is the same value.
  Time Now() const;
  // nullptr when absent.
  internal::StateMachine* Find(const std::string& arn) const;
  // How many state machines have ARNs starting with `prefix` (one account and region).
  int64_t CountStateMachines(std::string_view prefix) const;

  // Stages the version that publishing `header`'s current revision yields: the version that
  // revision already has (publishing is idempotent per revision), or a new one numbered
  // header->next_version, which is then advanced. ServiceQuotaExceededException at 1000.
  Result<internal::Version> StagePublish(const internal::StateMachine& machine,
                                         internal::MachineHeader* header,
                                         std::optional<std::string> description, Time now,
                                         bool* is_new);

  // Queues `write` for the committer thread. REQUIRES: `mu` held exclusively, and the memory
  // change the write mirrors already made (queue order is memory order).
  void Persist(std::function<Status(internal::ControlPlaneStore&)> write);

  // After a failed commit, on the committer thread: drops the writes queued behind it, which
  // were checked against state that never reached the disk, and reloads the model.
  void Resynchronise(const Status& failure);

  // Applies `header` (and `version` when set) to `machine` and persists both.
  void CommitHeader(internal::StateMachine* machine, internal::MachineHeader header,
                    std::optional<internal::Version> version);

  // Publishes `machine`'s current revision (idempotent per revision). REQUIRES: `mu` held
  // exclusively.
  Result<PublishVersionResponse> PublishLocked(internal::StateMachine* machine,
                                               std::optional<std::string> description);
};

namespace internal {

std::string VersionArn(const std::string& machine_arn, int64_t number);
// "[a, b]", the way AWS lists values in its messages.
std::string BracketList(const std::vector<std::string>& items);

// The logging/tracing objects as AWS stores and returns them, defaults filled in. Returns
// InvalidLoggingConfiguration / InvalidEncryptionConfiguration for inconsistent input.
Result<json::Value> NormalizeLogging(const json::Value& given);
json::Value NormalizeTracing(const json::Value& given);
Status CheckEncryption(const json::Value& given);
// Runs the definition check; InvalidDefinition with AWS's message when it fails.
Status CheckDefinitionStatus(const std::string& definition);

}  // namespace internal
}  // namespace stepshift::engine
