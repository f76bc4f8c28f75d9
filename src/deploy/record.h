// The deployment record: what a later run (on any machine) needs to resume or undo a deployment
// whose controller died. It lives in the alias description, the one place next to the routing
// that every caller can read and that UpdateStateMachineAlias writes in the same call as the
// weights, so the record and the routing never disagree. The user's own description is kept
// inside it and restored when the deployment ends. Descriptions are capped at 256 characters;
// a user description that does not fit is truncated in the record (and reported).
#pragma once

#include <optional>
#include <string>

#include "base/clock.h"
#include "base/result.h"

namespace stepshift::deploy {

struct DeploymentRecord {
  std::string old_version;    // version number, e.g. "3" (the ARN is machine ARN + ":" + it)
  std::string new_version;    // e.g. "4"; empty while the alias is claimed and not yet published
  std::string schedule_spec;  // EncodeScheduleSpec()
  int step = -1;              // index of the step whose weights the alias carries; -1: none yet
  Time step_started{};        // when that step's weights were written
  Time started{};             // when the deployment began
  std::string owner;          // "host:pid:start" of the controller that wrote it (owner.h)
  Time heartbeat{};           // when that controller last showed it was alive
  std::string user_description;
  bool description_truncated = false;
};

inline constexpr int kMaxDescription = 256;

// The alias description holding `record`, at most kMaxDescription characters.
std::string EncodeRecord(DeploymentRecord record);

// nullopt when `description` is not a record (an ordinary user description).
std::optional<DeploymentRecord> DecodeRecord(const std::string& description);

}  // namespace stepshift::deploy
