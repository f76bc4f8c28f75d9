// The thin loop around Decide(): carries out each action through the Api, feeds back what it
// saw, and ends with an Outcome. Every alias write goes through a compare-then-write: the alias
// is re-read first and, if its routing or record is not what this controller last wrote, the
// loop stops without touching it (drift: someone else is deploying or changed it by hand).
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "deploy/api.h"
#include "deploy/controller.h"
#include "deploy/record.h"
#include "deploy/reporter.h"
#include "deploy/verdict_watch.h"

namespace stepshift::deploy {

enum class Outcome {
  kDeployed,     // exit 0
  kNothingToDo,  // exit 0
  kRolledBack,   // exit 1: an alarm fired
  kRefused,      // exit 2: validation or precondition, nothing changed
  kFailed,       // exit 3: API/runtime error (starting routing restored when possible)
  kDrift,        // exit 3: someone else changed the alias; left alone
  kInterrupted,  // exit 130: signal; starting routing restored
};

int ExitCode(Outcome outcome);
std::string OutcomeName(Outcome outcome);

struct RunResult {
  Outcome outcome = Outcome::kFailed;
  std::string message;
};

// kRefused (exit 2, nothing changed) with `message`; kFailed (exit 3) with the status.
inline RunResult Refuse(const std::string& message) {
  return {Outcome::kRefused, message};
}

inline RunResult Failed(const Status& status) {
  return {Outcome::kFailed, status.ToString()};
}

struct RunContext {
  Api* api = nullptr;
  Clock* clock = nullptr;
  Reporter* reporter = nullptr;
  const std::atomic<bool>* interrupted = nullptr;  // may be null
  std::string alias_arn;
  std::string old_version_arn;
  std::string new_version_arn;
  Routing starting_routing;      // restored on rollback and interruption
  std::string user_description;  // restored when the deployment ends
  std::vector<std::string> alarms;
  bool insufficient_data_fires = false;  // --rollback-on-insufficient-data
  VerdictWatch* verdict = nullptr;       // judges the executions at each poll; null: alarms only
  DeploymentRecord record;               // written with every shift (step fields updated)
  Duration wait_slice = std::chrono::milliseconds(100);  // how often a wait checks for signals
  // Runs once the new version has 100% and before the record is cleared (a post-traffic hook);
  // an error rolls the alias back (exit 1). Unset: nothing.
  std::function<Status()> before_complete;
};

// Runs `state` to its end. REQUIRES: the alias carries the routing of state.step (or the
// starting routing when state.step < 0) and ctx.record as its description.
RunResult RunDeployment(RunContext& ctx, DeploymentState state);

// The alias routing for a step giving `new_weight` to the new version: one entry at 100%.
Routing RoutingFor(const std::string& old_arn, const std::string& new_arn, int new_weight);

// Equal as weight maps, ignoring zero-weight entries and order.
bool SameRouting(const Routing& a, const Routing& b);

std::string DescribeRouting(const Routing& routing);

// "…:orders:7" -> "v7"; "…:green" -> "green".
std::string VersionLabel(const std::string& version_arn);

// "…:stateMachine:orders:7" -> "7".
std::string VersionNumber(const std::string& version_arn);

}  // namespace stepshift::deploy
