// The Route 53 model behind `stepshift serve`: hosted zones with their SOA and NS records,
// transactional change batches (CREATE, DELETE, UPSERT of simple, weighted and alias record
// sets) with AWS's InvalidChangeBatch messages, paged listings, and changes that are PENDING
// until the propagation delay has passed on the injected clock, then INSYNC.
//
// Errors: Status values whose kind() is the Route 53 error code (NoSuchHostedZone,
// InvalidChangeBatch, InvalidInput, ...) and whose message is AWS's text.
// Durability: group commit, as the other models; responses wait for WriteBarrier().
// Thread-safety: every method may be called concurrently.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "route53/types.h"

namespace stepshift::store {
class Database;
}

namespace stepshift::route53 {

struct ModelOptions {
  // How long a change stays PENDING before GetChange reports INSYNC.
  Duration propagation = std::chrono::seconds(3);
};

struct CreateHostedZoneRequest {
  std::string name;
  std::string caller_reference;
  std::optional<std::string> comment;
  bool private_zone = false;
};

struct ZoneSummary {
  std::string id;
  std::string name;
  std::string caller_reference;
  std::optional<std::string> comment;
  bool private_zone = false;
  int64_t record_count = 0;
  std::vector<std::string> name_servers;
};

struct ZonePage {
  std::vector<ZoneSummary> zones;
  std::optional<std::string> next_marker;  // set when truncated
};

struct ListRecordsRequest {
  std::string zone_id;
  std::optional<std::string> start_name;
  std::optional<std::string> start_type;
  std::optional<std::string> start_identifier;
  int64_t max_items = 300;
};

struct RecordPage {
  std::vector<RecordSet> records;
  bool truncated = false;
  std::optional<RecordSet> next;  // the first record of the next page (name, type, identifier)
};

class Route53Model {
 public:
  // Loads zones and changes from `db` (migrating it first). Owns neither `db` nor `clock`.
  static Result<std::unique_ptr<Route53Model>> Open(store::Database* db, Clock* clock,
                                                    ModelOptions options = {});
  ~Route53Model();

  Result<std::pair<ZoneSummary, ChangeInfo>> CreateHostedZone(
      const CreateHostedZoneRequest& request);
  Result<ZoneSummary> GetHostedZone(const std::string& id);
  Result<ZonePage> ListHostedZones(const std::optional<std::string>& marker, int64_t max_items);
  Result<ChangeInfo> DeleteHostedZone(const std::string& id);
  // All or nothing: InvalidChangeBatch lists every change that cannot apply.
  Result<ChangeInfo> ChangeResourceRecordSets(const std::string& zone_id, const ChangeBatch& batch);
  Result<RecordPage> ListResourceRecordSets(const ListRecordsRequest& request);
  Result<ChangeInfo> GetChange(const std::string& id);

  uint64_t WriteBarrier() const;
  bool IsDurable(uint64_t barrier) const;
  void WhenDurable(uint64_t barrier, std::function<void(const Status&)> done) const;
  Status WaitDurable(uint64_t barrier) const;

  struct Impl;

 private:
  explicit Route53Model(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Route 53 errors.
Status NoSuchHostedZone(const std::string& id);
Status InvalidInput(std::string message);

// Checks `batch` against `zone` and applies it to `zone` (the caller's copy). Returns
// InvalidChangeBatch or InvalidInput with AWS's messages, leaving `zone` partly changed.
Status ApplyChangeBatch(const ChangeBatch& batch, HostedZone* zone);

}  // namespace stepshift::route53
