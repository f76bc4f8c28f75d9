// What the executions say around a deployment, beyond the verdict: after a rollback, how many
// executions ran on the bad version (and how many failed), optionally stopping the ones still
// running; whether a version has RUNNING executions (so pruning keeps it); and the per-version
// figures `stepshift status` shows.
#pragma once

#include <string>
#include <vector>

#include "base/clock.h"
#include "base/json.h"
#include "deploy/executions_api.h"
#include "deploy/reporter.h"

namespace stepshift::deploy {

struct BadVersionReport {
  int64_t total = 0;   // executions of the version started since the deployment began
  int64_t failed = 0;  // FAILED or TIMED_OUT
  int64_t running = 0;
  int64_t stopped = 0;     // with `stop`: RUNNING ones this call stopped
  bool truncated = false;  // more than the listing limit: the counts are a lower bound
};

// Lists `version_arn`'s executions started at or after `since`, stops the RUNNING ones when
// `stop` (a failed stop is a warning), and reports a `rollback_report` event with one line.
// Returns the listing's error (after reporting it as a warning).
Result<BadVersionReport> ReportBadVersion(ExecutionsApi* api, const std::string& version_arn,
                                          Time since, bool stop, Reporter* reporter);

// Whether `version_arn` has a RUNNING execution. An EXPRESS machine (no ListExecutions) counts
// as none; any other listing error is returned.
Result<bool> HasRunningExecutions(ExecutionsApi* api, const std::string& version_arn);

// Per version: {"version", "started", "running", "completed", "failed", "failure_rate",
// "p90_ms"} over the executions started in [now - window, now]. A version whose listing fails
// gets {"version", "error"}.
json::Array VersionExecutions(ExecutionsApi* api, const std::vector<std::string>& version_arns,
                              Time now, Duration window);

// "  v2: 57 executions, 19 failed (33.3%), 3 running, p90 812ms" lines for FormatStatus.
std::string FormatVersionExecutions(const json::Array& versions, Duration window);

}  // namespace stepshift::deploy
