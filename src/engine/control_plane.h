// The Step Functions control plane: state machines, revisions, versions, aliases and tags, with
// AWS's semantics (see shared research sfn-api.md §4 and §6). Wire-agnostic: the api layer turns
// awsJson1_0 requests into these typed calls and has already checked member shapes (required
// members, lengths, ranges, patterns). This layer checks everything that needs state or
// cross-member rules: ARN syntax and existence, routing rules, revisions, quotas, conflicts.
//
// Errors: every failure is a Status whose kind() is the AWS error shape name and whose message is
// AWS's text, e.g. kind "StateMachineDoesNotExist", message "State Machine Does Not Exist:
// '<arn>'".
//
// Durability: group commit. A mutating call changes the in-memory model and queues its SQLite
// write before it returns; a background thread commits everything queued in one transaction per
// batch. Whoever reports a write (the HTTP layer) takes a WriteBarrier() after the call and waits
// for it; should a batch fail, the model is reloaded from the database and the barrier reports
// the error, so nothing that was not stored is ever acknowledged.
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/json.h"
#include "base/result.h"

namespace stepshift::store {
class Database;
}

namespace stepshift::engine {

// Where a request comes from: the region (from the SigV4 credential scope, or the server's
// default) and the account. New resources get ARNs in this partition/region/account.
struct CallContext {
  std::string partition = "aws";
  std::string region = "us-east-1";
  std::string account = "123456789012";
};

// What a revision and a version freeze. Logging/tracing/encryption are the JSON objects as AWS
// returns them (defaults filled in: logging {"level":"OFF","includeExecutionData":false},
// tracing {"enabled":false}); encryption is null when never set.
struct StateMachineConfig {
  std::string definition;
  std::string role_arn;
  json::Value logging;
  json::Value tracing;
  json::Value encryption;
};

using Tags = std::vector<std::pair<std::string, std::string>>;  // key, value; insertion order

struct CreateStateMachineRequest {
  std::string name;
  std::string type = "STANDARD";  // or "EXPRESS"
  StateMachineConfig config;      // logging/tracing may be null: defaults apply
  Tags tags;
  bool publish = false;
  std::optional<std::string> version_description;
};

struct CreateStateMachineResponse {
  std::string state_machine_arn;
  Time creation_date;
  std::optional<std::string> state_machine_version_arn;
};

struct UpdateStateMachineRequest {
  std::string state_machine_arn;
  std::optional<std::string> definition;
  std::optional<std::string> role_arn;
  std::optional<json::Value> logging;
  std::optional<json::Value> tracing;
  std::optional<json::Value> encryption;
  bool publish = false;
  std::optional<std::string> version_description;
};

struct UpdateStateMachineResponse {
  Time update_date;
  std::optional<std::string> revision_id;
  std::optional<std::string> state_machine_version_arn;
};

// DescribeStateMachine of an unqualified or a version ARN. The config is shared with the engine's
// model (immutable), so describing a 1 MB definition copies nothing.
struct StateMachineDescription {
  std::string state_machine_arn;  // as asked: unqualified, or the version ARN
  std::string name;
  std::string status = "ACTIVE";
  std::string type;
  Time creation_date;  // of the state machine, or of the version
  Time update_date;    // the last UpdateStateMachine (creation date when never updated)
  std::shared_ptr<const StateMachineConfig> config;
  std::optional<std::string> revision_id;
  std::optional<std::string> description;  // versions only, when set
};

struct PublishVersionRequest {
  std::string state_machine_arn;
  std::optional<std::string> revision_id;  // precondition; "INITIAL" = never updated
  std::optional<std::string> description;
};

struct PublishVersionResponse {
  std::string state_machine_version_arn;
  Time creation_date;
};

struct RoutingEntry {
  std::string state_machine_version_arn;
  int64_t weight = 0;
};

struct CreateAliasRequest {
  std::string name;
  std::optional<std::string> description;
  std::vector<RoutingEntry> routing;
};

struct UpdateAliasRequest {
  std::string state_machine_alias_arn;
  std::optional<std::string> description;
  std::optional<std::vector<RoutingEntry>> routing;
};

struct AliasDescription {
  std::string state_machine_alias_arn;
  std::string name;
  std::optional<std::string> description;
  std::vector<RoutingEntry> routing;
  Time creation_date;
  Time update_date;
};

struct StateMachineListItem {
  std::string state_machine_arn;
  std::string name;
  std::string type;
  Time creation_date;
};

// An ARN with its creation date: the item shape of ListStateMachineVersions/Aliases.
struct ArnItem {
  std::string arn;
  Time creation_date;
};

// maxResults 0 means the default page size (100). next_token is opaque; a token this server did
// not issue for the same listing is InvalidToken "Invalid Token: 'Invalid token'".
struct PageRequest {
  int64_t max_results = 0;
  std::optional<std::string> next_token;
};

// The number of items a page holds: max_results, or 100 when it is 0.
inline int64_t PageSize(const PageRequest& page) {
  return page.max_results <= 0 ? 100 : page.max_results;
}

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_token;  // absent on the last page
};

// What an execution started from a state machine, version or alias ARN runs.
struct ExecutionTarget {
  std::string state_machine_arn;  // unqualified
  std::string name;
  std::string type;  // STANDARD or EXPRESS
  std::shared_ptr<const StateMachineConfig> config;
  std::optional<std::string> revision_id;
  Time update_date;     // of the revision run: the last update, or the version's creation
  int64_t version = 0;  // 0 when started through the unqualified ARN
  std::optional<std::string> version_arn;
  std::optional<std::string> alias_arn;
  std::string alias_name;
};

class ControlPlane {
 public:
  // Loads every resource from `db` (already migrated by this class's constructor if needed).
  // The ControlPlane does not own `db` or `clock`; both must outlive it.
  static Result<std::unique_ptr<ControlPlane>> Open(store::Database* db, Clock* clock);
  ~ControlPlane();

  Result<CreateStateMachineResponse> CreateStateMachine(const CallContext& ctx,
                                                        const CreateStateMachineRequest& request);
  // `arn` is unqualified or a version ARN; an alias ARN is StateMachineDoesNotExist.
  Result<StateMachineDescription> DescribeStateMachine(const std::string& arn);
  Result<UpdateStateMachineResponse> UpdateStateMachine(const UpdateStateMachineRequest& request);
  Status DeleteStateMachine(const std::string& arn);
  // The state machines of ctx's region and account, by name.
  Result<Page<StateMachineListItem>> ListStateMachines(const CallContext& ctx,
                                                       const PageRequest& page);

  Result<PublishVersionResponse> PublishStateMachineVersion(const PublishVersionRequest& request);
  // Newest first.
  Result<Page<ArnItem>> ListStateMachineVersions(const std::string& state_machine_arn,
                                                 const PageRequest& page);
  Status DeleteStateMachineVersion(const std::string& version_arn);

  Result<ArnItem> CreateStateMachineAlias(const CreateAliasRequest& request);
  Result<AliasDescription> DescribeStateMachineAlias(const std::string& alias_arn);
  // Returns the update date.
  Result<Time> UpdateStateMachineAlias(const UpdateAliasRequest& request);
  // `arn` is a state machine ARN (all its aliases, oldest first) or a version ARN (the aliases
  // that route to it).
  Result<Page<ArnItem>> ListStateMachineAliases(const std::string& arn, const PageRequest& page);
  Status DeleteStateMachineAlias(const std::string& alias_arn);

  // Tags live on state machines only (a version or alias ARN is ResourceNotFound). At most 50 tags
  // per resource (TooManyTags); tagging an existing key replaces its value.
  Status TagResource(const std::string& resource_arn, const Tags& tags);
  Status UntagResource(const std::string& resource_arn, const std::vector<std::string>& keys);
  Result<Tags> ListTagsForResource(const std::string& resource_arn);

  // Resolves the ARN a StartExecution names: the latest revision for an unqualified ARN, the
  // version for a version ARN, and for an alias ARN the version its routing gives `draw`, a
  // number in [0, 100) drawn by the caller (weights are cumulative in routing order).
  // InvalidArn for a malformed ARN, StateMachineDoesNotExist naming `arn` for a missing state
  // machine, version or alias.
  Result<ExecutionTarget> ResolveExecutionTarget(const std::string& arn, double draw);

  // The sequence number of the latest queued write: everything a caller has seen so far is
  // durable once this barrier is.
  uint64_t WriteBarrier() const;
  bool IsDurable(uint64_t barrier) const;
  // Calls `done` once `barrier` is durable, with OK or the error of the failed commit; at once
  // when already settled, else on the commit thread (so `done` must not block).
  void WhenDurable(uint64_t barrier, std::function<void(const Status&)> done) const;
  Status WaitDurable(uint64_t barrier) const;

 private:
  struct Impl;
  explicit ControlPlane(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace stepshift::engine
