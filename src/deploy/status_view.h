// How `stepshift status --watch` shows a status snapshot (status_snapshot.h). Pure: a snapshot
// and the time in, lines out, so the view is tested without a terminal (status_watch.h draws).
//  - ScreenLines(): the screen redrawn in place on a terminal; the countdown to the next step
//    and the verdict's age tick with `now`.
//  - ChangeKey() and ChangeLine(): the one-line-per-change output (CI logs, pipes, --output
//    json). A change is a new routing, step, controller state, alarm state or verdict outcome;
//    the countdown, the execution counts and the verdict's counts move on their own and are not.
#pragma once

#include <string>
#include <vector>

#include "base/clock.h"
#include "base/json.h"

namespace stepshift::deploy {

struct ScreenOptions {
  int refresh_seconds = 2;  // for the header
  Time taken{};             // when the snapshot was taken
  std::string error;        // the latest refresh's error: shown under the last good snapshot
};

std::vector<std::string> ScreenLines(const json::Object& snapshot, Time now,
                                     const ScreenOptions& options);

// Equal for two snapshots exactly when ChangeLine() would say the same.
json::Value ChangeKey(const json::Object& snapshot);

// "routing v1 90% · v2 10%; step 1/2 of canary v1 -> v2 (v2 at 10%); alarms errors=OK;
// verdict INCONCLUSIVE at step 1 (held)", without a timestamp.
std::string ChangeLine(const json::Object& snapshot);

// "orders-errors=OK orders-p90=ALARM", "none", "not recorded (...)" or "unavailable: ...", from a
// snapshot's "deployment".
std::string AlarmsText(const json::Object& deployment);

// "INCONCLUSIVE at step 1, 12s ago: v2 5/14 failed vs v1 0/118, p=0.0012; step held", from a
// deployment's "verdict" (AliasStatus()).
std::string VerdictText(const json::Object& verdict, const json::Object& deployment, Time now);

// "57s", "2m05s", "1h02m"; negative durations read as "0s".
std::string FormatCountdown(Duration left);

}  // namespace stepshift::deploy
