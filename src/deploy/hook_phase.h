// How a deployment runs one phase of its hooks (hooks.h): in order, each told as a `hook_start`
// event and ended by a `hook` event, the first failure ending the phase; and, while a hook
// waits, the deployment record on the alias kept alive, so that a long hook does not make a
// live deployment look interrupted to a controller on another host.
#pragma once

#include <string>
#include <vector>

#include "base/clock.h"
#include "deploy/api.h"
#include "deploy/hooks.h"
#include "deploy/record.h"
#include "deploy/reporter.h"

namespace stepshift::deploy {

struct HookPhaseContext {
  HookRunner* runner = nullptr;  // null: every hook fails (Internal)
  Reporter* reporter = nullptr;  // REQUIRES: non-null
  Clock* clock = nullptr;        // REQUIRES: non-null
  // The alias whose record's heartbeat is refreshed every `heartbeat` while a hook waits; no
  // refresh when `api` is null or `heartbeat` is zero.
  Api* api = nullptr;
  std::string alias_arn;
  Duration heartbeat{};
};

// Runs those of `hooks` whose phase is facts.phase. OK when all passed (or there are none);
// otherwise the first failure, its message "pre-traffic <hook> failed: <why>" (or
// "post-traffic ..."). `record`, when not null, is what the alias carries; it comes back with
// the heartbeat last written.
Status RunHookPhase(const std::vector<Hook>& hooks, const HookFacts& facts,
                    DeploymentRecord* record, const HookPhaseContext& context);

}  // namespace stepshift::deploy
