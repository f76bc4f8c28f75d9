// The deployment record: what a later run (on any machine) needs to resume or undo a deployment
// whose controller died. It lives in the alias description, the one place next to the routing
// that every caller can read and that UpdateStateMachineAlias writes in the same call as the
// weights, so the record and the routing never disagree. The user's own description is kept
// inside it and restored when the deployment ends. Descriptions are capped at 256 characters;
// a user description that does not fit is truncated in the record (and reported).
// The record also carries, for `stepshift status`, the alarms the controller watches and the
// verdict of its latest poll; they give way first (dropped, never trimming the user's description)
// when the record would not fit. Records without them (older controllers) read as before.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"

namespace stepshift::deploy {

// The verdict of a controller's latest poll (verdict_watch.h), as `stepshift status` shows it.
struct RecordedVerdict {
  std::string outcome;  // "PASS", "FAIL" or "INCONCLUSIVE"
  int step = 0;         // 1-based
  int64_t new_failed = 0, new_completed = 0;
  int64_t old_failed = 0, old_completed = 0;
  double p_value = 1;    // the failures test's, kept to 4 decimals (as verdict lines print it)
  Time at{};             // when the poll judged (whole seconds)
  bool held = false;     // the step is held past its window until the verdict is conclusive
  bool dry_run = false;  // --verdict-dry-run: reported, never acted on

  bool operator==(const RecordedVerdict&) const = default;
};

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
  // For status only, each dropped when the record would not fit (see above); nullopt: not
  // recorded (an older controller, or dropped), which is not the same as no alarms.
  std::optional<std::vector<std::string>> alarms;
  std::optional<RecordedVerdict> verdict;
};

inline constexpr int kMaxDescription = 256;

// The alias description holding `record`, at most kMaxDescription characters.
std::string EncodeRecord(DeploymentRecord record);

// nullopt when `description` is not a record (an ordinary user description).
std::optional<DeploymentRecord> DecodeRecord(const std::string& description);

}  // namespace stepshift::deploy
