#include "deploy/prune.h"

#include "base/status_macros.h"
#include "deploy/executions_report.h"
#include "deploy/runner.h"

namespace stepshift::deploy {

std::vector<std::string> PlanPrune(const std::vector<std::string>& versions, int keep,
                                   const std::set<std::string>& protected_arns) {
  std::vector<std::string> doomed;
  if (keep <= 0)
    return doomed;  // 0: pruning disabled; negative never reaches here
  for (size_t i = static_cast<size_t>(keep); i < versions.size(); ++i) {
    if (protected_arns.count(versions[i]) == 0)
      doomed.push_back(versions[i]);
  }
  return doomed;
}

namespace {

// Whether `arn` must be kept for its executions: RUNNING ones, or a listing that failed (not
// knowing is no licence to delete). Reports why it is kept.
bool KeepForExecutions(ExecutionsApi* executions, const std::string& arn, Reporter* reporter) {
  if (executions == nullptr)
    return false;
  auto running = HasRunningExecutions(executions, arn);
  if (running.ok() && !*running)
    return false;
  const std::string why =
      running.ok() ? "it has RUNNING executions"
                   : "its executions cannot be listed (" + running.status().ToString() + ")";
  json::Object fields{{"version", arn}, {"kept", running.ok() ? "running" : "unknown"}};
  reporter->Event("prune", std::move(fields), "kept version " + VersionNumber(arn) + ": " + why);
  return true;
}

}  // namespace

Result<PruneResult> PruneVersions(Api* api, const std::string& machine_arn, int keep,
                                  const std::set<std::string>& also_protected, Reporter* reporter,
                                  ExecutionsApi* executions) {
  ASSIGN_OR_RETURN(std::vector<std::string> versions, api->ListVersions(machine_arn));
  ASSIGN_OR_RETURN(std::vector<std::string> aliases, api->ListAliases(machine_arn));
  std::set<std::string> pinned = also_protected;
  for (const std::string& alias_arn : aliases) {
    ASSIGN_OR_RETURN(aws::AliasInfo alias, api->DescribeAlias(alias_arn));
    for (const aws::RoutingEntry& entry : alias.routing)
      pinned.insert(entry.version_arn);
  }
  PruneResult result;
  for (size_t i = static_cast<size_t>(std::max(keep, 0)); i < versions.size(); ++i) {
    if (pinned.count(versions[i]))
      result.kept_protected.push_back(versions[i]);
  }
  for (const std::string& arn : PlanPrune(versions, keep, pinned)) {
    if (KeepForExecutions(executions, arn, reporter)) {
      result.kept_running.push_back(arn);
      continue;
    }
    Status deleted = api->DeleteVersion(arn);
    json::Object fields;
    fields["version"] = arn;
    fields["deleted"] = deleted.ok();
    if (deleted.ok()) {
      result.deleted.push_back(arn);
      reporter->Event("prune", std::move(fields), "pruned version " + VersionNumber(arn));
    } else {
      std::string warning =
          "warning: could not delete version " + VersionNumber(arn) + ": " + deleted.ToString();
      fields["error"] = deleted.ToString();
      result.warnings.push_back(warning);
      reporter->Event("prune", std::move(fields), warning);
    }
  }
  for (const std::string& arn : result.kept_protected) {
    json::Object fields;
    fields["version"] = arn;
    fields["kept"] = "pinned";
    reporter->Event("prune", std::move(fields),
                    "kept version " + VersionNumber(arn) +
                        ": an alias routes to it or it is the rollback target");
  }
  return result;
}

}  // namespace stepshift::deploy
