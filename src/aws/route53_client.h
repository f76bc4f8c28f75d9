// Route 53 client (restXml): the calls a deployment through a weighted record pair makes.
// Errors: a Status whose kind() is Route 53's error code ("NoSuchHostedZone",
// "InvalidChangeBatch", ...). Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "aws/client_config.h"
#include "aws/service_caller.h"

namespace stepshift::aws {

struct Route53AliasTarget {
  std::string hosted_zone_id;
  std::string dns_name;
  bool evaluate_target_health = false;
};

struct Route53Record {
  std::string name;  // as Route 53 returns it: lower case, trailing dot
  std::string type;
  std::string set_identifier;  // empty: not a routing-policy record
  std::optional<int64_t> weight;
  std::optional<int64_t> ttl;
  std::vector<std::string> values;
  std::optional<Route53AliasTarget> alias_target;
};

struct Route53Change {
  std::string action;  // CREATE, DELETE, UPSERT
  Route53Record record;
};

class Route53Client {
 public:
  explicit Route53Client(const ClientConfig& config);
  explicit Route53Client(ServiceContext context);

  // Creates a public hosted zone; returns its id (without "/hostedzone/"). For tests and tools.
  Result<std::string> CreateHostedZone(const std::string& name,
                                       const std::string& caller_reference);
  // Every record set of `name` (and `type`, when given) in the zone, in Route 53's order.
  Result<std::vector<Route53Record>> ListRecordSets(const std::string& zone_id,
                                                    const std::string& name,
                                                    const std::string& type = "");
  // One all-or-nothing batch. Returns the change id (without "/change/").
  Result<std::string> ChangeRecordSets(const std::string& zone_id,
                                       const std::vector<Route53Change>& changes,
                                       const std::string& comment = "");
  // "PENDING" or "INSYNC".
  Result<std::string> GetChange(const std::string& change_id);

 private:
  Result<std::string> Call(std::string_view method, const std::string& path,
                           const std::string& body);

  ServiceCaller caller_;
};

// The <ChangeResourceRecordSetsRequest> document of a batch; exposed for tests.
std::string ChangeBatchXml(const std::vector<Route53Change>& changes, const std::string& comment);
// The record sets of a ListResourceRecordSets response; exposed for tests.
std::vector<Route53Record> ParseRecordSets(std::string_view xml);

}  // namespace stepshift::aws
