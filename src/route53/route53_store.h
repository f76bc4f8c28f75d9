// SQLite persistence of the Route 53 model: one row per hosted zone (its document, records
// included) and one per change.
// Thread-safety: none; used by the model's committer thread after Open/Load.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "base/result.h"
#include "route53/types.h"
#include "store/database.h"

namespace stepshift::route53::internal {

using ZoneMap = std::map<std::string, HostedZone>;    // by id
using ChangeMap = std::map<std::string, ChangeInfo>;  // by id; status is computed on read

json::Object ZoneDocument(const HostedZone& zone);
Result<HostedZone> ZoneFromDocument(const json::Object& doc);

class Route53Store {
 public:
  static Result<std::unique_ptr<Route53Store>> Open(store::Database* db);

  Status Load(ZoneMap* zones, ChangeMap* changes);
  Status PutZone(const HostedZone& zone);
  Status DeleteZone(const std::string& id);
  Status PutChange(const ChangeInfo& change);

 private:
  explicit Route53Store(store::Database* db) : db_(db) {}

  store::Database* db_;
  std::optional<store::Statement> put_zone_;
  std::optional<store::Statement> delete_zone_;
  std::optional<store::Statement> put_change_;
};

}  // namespace stepshift::route53::internal
