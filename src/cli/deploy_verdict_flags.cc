#include "cli/deploy_verdict_flags.h"

namespace stepshift::cli {

void AddVerdictFlags(CLI::App* cmd, deploy::DeployFlags* f) {
  deploy::VerdictFlags* v = &f->verdict;
  cmd->add_flag("--verdict", v->verdict,
                "Judge the new version's executions against the stable version's at every poll "
                "(default: on once executions are visible)");
  cmd->add_flag("--no-verdict", v->no_verdict, "Watch alarms only");
  cmd->add_flag("--verdict-dry-run", v->dry_run, "Compute and report verdicts; never act on them");
  cmd->add_option("--verdict-source", v->source,
                  "auto, executions (ListExecutions) or metrics (AWS/States GetMetricData)")
      ->capture_default_str();
  cmd->add_option("--max-failure-rate-increase", v->max_failure_rate_increase,
                  "Percentage points the new failure rate may exceed the stable one by")
      ->capture_default_str();
  cmd->add_option("--max-latency-increase", v->max_latency_increase,
                  "Percent the new p50/p90 duration may exceed the stable one by")
      ->capture_default_str();
  cmd->add_option("--min-executions", v->min_executions,
                  "Completed executions each version needs for a verdict")
      ->capture_default_str();
  cmd->add_option("--confidence", v->confidence,
                  "Confidence per step (1 - confidence is shared among the step's polls)")
      ->capture_default_str();
  cmd->add_option("--max-step-extension", v->max_step_extension,
                  "Seconds a step is held past its window while the verdict is INCONCLUSIVE")
      ->capture_default_str();
  cmd->add_option("--on-inconclusive", v->on_inconclusive,
                  "After the extension: hold (keep waiting), fail (roll back) or pass (go on)")
      ->capture_default_str();
  cmd->add_flag("--stop-on-rollback", f->stop_on_rollback,
                "After a rollback, stop the new version's running executions");
  cmd->add_flag("--rollback-on-insufficient-data", f->rollback_on_insufficient_data,
                "An alarm in INSUFFICIENT_DATA rolls back as one in ALARM does");
}

}  // namespace stepshift::cli
