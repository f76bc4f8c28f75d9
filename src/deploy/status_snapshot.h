// What `stepshift status` shows at one moment, gathered in one place so that the plain command
// and each refresh of `status --watch` see the same facts: the alias, its routing and any
// deployment in progress (AliasStatus()), each routed version's executions over a window, and
// the states of the alarms the deployment's controller watches.
#pragma once

#include "base/clock.h"
#include "base/json.h"
#include "deploy/admin.h"
#include "deploy/api.h"
#include "deploy/executions_api.h"

namespace stepshift::deploy {

struct SnapshotOptions {
  Time now{};
  Duration window = std::chrono::seconds(300);  // of executions per version
};

// AliasStatus() plus "window_seconds" and "executions" (VersionExecutions()); a deployment whose
// record names its alarms also gets "alarm_states" ({name: "OK" | "ALARM" |
// "INSUFFICIENT_DATA" | "DELETED"}), or "alarms_error" when CloudWatch cannot be read.
// Returns AliasStatus()'s error (NotFound for a missing state machine or alias); a version whose
// executions cannot be listed, or alarms that cannot be described, are told inside the snapshot.
Result<json::Object> StatusSnapshot(Api* api, ExecutionsApi* executions, const AliasTarget& target,
                                    const SnapshotOptions& options);

}  // namespace stepshift::deploy
