// Version pruning after a successful deployment (--history-max N): keep exactly the N newest
// versions, and never delete one that any alias routes to (even at weight 0) or the rollback
// target. A delete the service refuses is a warning, not a failed deployment.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "deploy/api.h"
#include "deploy/executions_api.h"
#include "deploy/reporter.h"

namespace stepshift::deploy {

// Pure: which of `versions` (newest first) to delete. `protected_arns` are never returned.
std::vector<std::string> PlanPrune(const std::vector<std::string>& versions, int keep,
                                   const std::set<std::string>& protected_arns);

struct PruneResult {
  std::vector<std::string> deleted;
  std::vector<std::string> kept_protected;  // older than the N newest but pinned
  std::vector<std::string> kept_running;    // older than the N newest, executions running
  std::vector<std::string> warnings;
};

// Lists every version and alias of `machine_arn`, then deletes per PlanPrune. With `executions`,
// a version that still has RUNNING executions (or whose executions cannot be listed) is kept
// too. Returns a status only when listing the versions or aliases fails; refused deletes become
// warnings.
Result<PruneResult> PruneVersions(Api* api, const std::string& machine_arn, int keep,
                                  const std::set<std::string>& also_protected, Reporter* reporter,
                                  ExecutionsApi* executions = nullptr);

}  // namespace stepshift::deploy
