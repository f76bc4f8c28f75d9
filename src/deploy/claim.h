// Claiming an alias for one deployment before any traffic moves. UpdateStateMachineAlias has no
// condition, so two controllers that read the same alias and then write it would each believe
// they own it (both shift, both then see the other's writes as drift, and the alias is left
// split). The claim makes the contenders find out before either one changes anything:
//  1. re-read the alias: it must still be as the caller read it (routing and description);
//  2. write the claim: the same routing, with our deployment record as the description;
//  3. re-read: the description must be our record (the last writer wins, so a contender that
//     wrote after us has replaced it);
//  4. wait a settle time, longer than any contender's gap between its read (1) and its write
//     (2), then re-read once more.
// A contender that read before our write has written before our last read, and only the last
// writer sees its own record then; a contender that reads after our write sees our record and is
// refused at step 1. So exactly one claim wins, and the losers leave nothing behind.
//
// Where the Api's writes are conditional (Api::WritesAreConditional: Lambda's RevisionId, Route
// 53's DELETE-as-read batch), a contender's write after our read fails by itself, so steps 1-3
// decide and step 4 is skipped.
//
// Limits (unconditional writes): the settle time is 10 x the slowest round trip of our own claim,
// and at least `min_settle`. A contender stalled between its read and its write for longer than
// that (a paused VM, a far slower network) can still overwrite a won claim; because the claim
// writes the routing it read together with its record, the alias and its record stay consistent,
// and the first controller stops at its next shift (drift, exit 3) without touching the alias. A
// service whose reads lag its writes by more than the settle time widens the window the same way.
#pragma once

#include <string>

#include "base/clock.h"
#include "deploy/api.h"
#include "deploy/record.h"

namespace stepshift::deploy {

struct ClaimRequest {
  std::string alias_arn;
  Routing routing;          // the alias's routing as last read; written back unchanged
  std::string description;  // the alias's description as last read
  DeploymentRecord record;  // ours: owner and heartbeat set
};

struct ClaimOptions {
  Duration min_settle = std::chrono::milliseconds(250);
};

// OK when the claim is won: the alias carries `request.record` and its old routing. Returns
// FailedPrecondition, with a message naming what was found, when the alias changed since it was
// read or another controller claimed it; nothing of this claim is left on the alias then. Other
// errors are the API's.
Status ClaimAlias(Api* api, Clock* clock, const ClaimRequest& request,
                  const ClaimOptions& options = {});

// Gives a won claim back before any traffic moved: the description returns to `description`, the
// routing is not touched. Does nothing when the alias no longer carries `record`.
Status ReleaseClaim(Api* api, const std::string& alias_arn, const DeploymentRecord& record,
                    const std::string& description);

}  // namespace stepshift::deploy
