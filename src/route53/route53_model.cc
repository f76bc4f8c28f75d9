#include "route53/route53_model.h"

#include <mutex>
#include <random>
#include <shared_mutex>

#include "base/status_macros.h"
#include "route53/route53_store.h"
#include "store/committer.h"

namespace stepshift::route53 {

using internal::ChangeMap;
using internal::ZoneMap;

Status NoSuchHostedZone(const std::string& id) {
  return Status(StatusCode::kNotFound, "No hosted zone found with ID: " + id, "NoSuchHostedZone");
}

Status InvalidInput(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message), "InvalidInput");
}

namespace {

std::string NewId(char prefix) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string id(1, prefix);
  for (int i = 0; i < 20; ++i) {
    id += kAlphabet[rng() % 36];
  }
  return id;
}

// Four name servers per zone, derived from its id so they stay the same across restarts.
std::vector<std::string> NameServers(const std::string& zone_id) {
  size_t h = std::hash<std::string>()(zone_id);
  const char* tlds[] = {"com", "net", "org", "co.uk"};
  std::vector<std::string> out;
  for (int i = 0; i < 4; ++i) {
    out.push_back("ns-" + std::to_string((h >> (i * 8)) % 2048) + ".awsdns-" +
                  std::to_string((h >> (i * 8 + 4)) % 64) + "." + tlds[i]);
  }
  return out;
}

// Strips "/hostedzone/" or "/change/" as Route 53 accepts both forms.
std::string BareId(const std::string& id, std::string_view prefix) {
  return id.starts_with(prefix) ? id.substr(prefix.size()) : id;
}

ZoneSummary Summarize(const HostedZone& zone) {
  ZoneSummary s;
  s.id = zone.id;
  s.name = zone.name;
  s.caller_reference = zone.caller_reference;
  if (!zone.comment.empty()) {
    s.comment = zone.comment;
  }
  s.private_zone = zone.private_zone;
  s.record_count = int64_t(zone.records.size());
  s.name_servers = NameServers(zone.id);
  return s;
}

}  // namespace

struct Route53Model::Impl {
  Clock* clock = nullptr;
  ModelOptions options;
  std::unique_ptr<internal::Route53Store> store;
  std::unique_ptr<store::Committer> committer;  // after `store`: destroyed first
  std::shared_mutex mu;
  ZoneMap zones;
  ChangeMap changes;
  std::vector<std::string> order;  // zone ids, oldest first: ListHostedZones' order

  ChangeInfo WithStatus(ChangeInfo change) const {
    change.status =
        clock->Now() >= change.submitted_at + options.propagation ? "INSYNC" : "PENDING";
    return change;
  }

  // REQUIRES: mu held exclusively. Records a new change and queues it with `zone`'s write.
  ChangeInfo NewChange(std::optional<std::string> comment) {
    ChangeInfo change;
    change.id = NewId('C');
    change.submitted_at = Time(std::chrono::milliseconds(UnixMillis(clock->Now())));
    change.comment = std::move(comment);
    changes[change.id] = change;
    committer->Enqueue(
        [s = store.get(), change](store::Database&) { return s->PutChange(change); });
    return WithStatus(change);
  }

  void PersistZone(const HostedZone& zone) {
    committer->Enqueue([s = store.get(), zone](store::Database&) { return s->PutZone(zone); });
  }

  void Resynchronise(const Status& failure) {
    std::unique_lock lock(mu);
    committer->DropQueued(failure);
    ZoneMap reloaded_zones;
    ChangeMap reloaded_changes;
    if (store->Load(&reloaded_zones, &reloaded_changes).ok()) {
      zones = std::move(reloaded_zones);
      changes = std::move(reloaded_changes);
      std::erase_if(order, [&](const std::string& id) { return !zones.count(id); });
    }
  }
};

Route53Model::Route53Model(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Route53Model::~Route53Model() = default;

Result<std::unique_ptr<Route53Model>> Route53Model::Open(store::Database* db, Clock* clock,
                                                         ModelOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->clock = clock;
  impl->options = options;
  ASSIGN_OR_RETURN(impl->store, internal::Route53Store::Open(db));
  RETURN_IF_ERROR(impl->store->Load(&impl->zones, &impl->changes));
  for (const auto& [id, zone] : impl->zones) {
    impl->order.push_back(id);
  }
  Impl* raw = impl.get();
  impl->committer = std::make_unique<store::Committer>(
      db, [raw](const Status& failure) { raw->Resynchronise(failure); });
  return std::unique_ptr<Route53Model>(new Route53Model(std::move(impl)));
}

uint64_t Route53Model::WriteBarrier() const {
  return impl_->committer->LastQueued();
}

bool Route53Model::IsDurable(uint64_t barrier) const {
  return impl_->committer->IsSettled(barrier);
}

void Route53Model::WhenDurable(uint64_t barrier, std::function<void(const Status&)> done) const {
  impl_->committer->WhenDurable(barrier, std::move(done));
}

Status Route53Model::WaitDurable(uint64_t barrier) const {
  return impl_->committer->WaitDurable(barrier);
}

Result<std::pair<ZoneSummary, ChangeInfo>> Route53Model::CreateHostedZone(
    const CreateHostedZoneRequest& request) {
  std::string name = NormalizeName(request.name);
  if (request.name.empty() || name.find("..") != std::string::npos || name.size() > 1024) {
    return Status(StatusCode::kInvalidArgument, request.name + " is not a valid domain name.",
                  "InvalidDomainName");
  }
  std::unique_lock lock(impl_->mu);
  for (const auto& [id, zone] : impl_->zones) {
    if (zone.caller_reference == request.caller_reference) {
      return Status(StatusCode::kAlreadyExists,
                    "A hosted zone has already been created with the specified caller reference.",
                    "HostedZoneAlreadyExists");
    }
  }
  HostedZone zone;
  zone.id = NewId('Z');
  zone.name = name;
  zone.caller_reference = request.caller_reference;
  zone.comment = request.comment.value_or("");
  zone.private_zone = request.private_zone;
  std::vector<std::string> servers = NameServers(zone.id);
  RecordSet soa{name, "SOA", {}, {}, 900, {}, {}, {}};
  soa.values = {servers[0] + ". awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"};
  RecordSet ns{name, "NS", {}, {}, 172800, {}, {}, {}};
  for (const std::string& server : servers) {
    ns.values.push_back(server + ".");
  }
  zone.records[KeyOf(soa)] = soa;
  zone.records[KeyOf(ns)] = ns;
  impl_->zones[zone.id] = zone;
  impl_->order.push_back(zone.id);
  impl_->PersistZone(zone);
  ChangeInfo change = impl_->NewChange(std::nullopt);
  return std::make_pair(Summarize(zone), change);
}

Result<ZoneSummary> Route53Model::GetHostedZone(const std::string& id) {
  std::shared_lock lock(impl_->mu);
  auto it = impl_->zones.find(BareId(id, "/hostedzone/"));
  if (it == impl_->zones.end()) {
    return NoSuchHostedZone(BareId(id, "/hostedzone/"));
  }
  return Summarize(it->second);
}

Result<ZonePage> Route53Model::ListHostedZones(const std::optional<std::string>& marker,
                                               int64_t max_items) {
  std::shared_lock lock(impl_->mu);
  ZonePage page;
  size_t start = 0;
  if (marker) {
    std::string bare = BareId(*marker, "/hostedzone/");
    while (start < impl_->order.size() && impl_->order[start] != bare) {
      ++start;
    }
  }
  for (size_t i = start; i < impl_->order.size(); ++i) {
    if (int64_t(page.zones.size()) == max_items) {
      page.next_marker = impl_->order[i];
      break;
    }
    page.zones.push_back(Summarize(impl_->zones.at(impl_->order[i])));
  }
  return page;
}

Result<ChangeInfo> Route53Model::DeleteHostedZone(const std::string& id) {
  std::string bare = BareId(id, "/hostedzone/");
  std::unique_lock lock(impl_->mu);
  auto it = impl_->zones.find(bare);
  if (it == impl_->zones.end()) {
    return NoSuchHostedZone(bare);
  }
  for (const auto& [key, record] : it->second.records) {
    if (record.name != it->second.name || (record.type != "SOA" && record.type != "NS")) {
      return Status(StatusCode::kFailedPrecondition,
                    "The specified hosted zone contains non-required resource record sets and "
                    "so cannot be deleted.",
                    "HostedZoneNotEmpty");
    }
  }
  impl_->zones.erase(it);
  std::erase(impl_->order, bare);
  impl_->committer->Enqueue(
      [s = impl_->store.get(), bare](store::Database&) { return s->DeleteZone(bare); });
  return impl_->NewChange(std::nullopt);
}

Result<ChangeInfo> Route53Model::ChangeResourceRecordSets(const std::string& zone_id,
                                                          const ChangeBatch& batch) {
  std::string bare = BareId(zone_id, "/hostedzone/");
  std::unique_lock lock(impl_->mu);
  auto it = impl_->zones.find(bare);
  if (it == impl_->zones.end()) {
    return NoSuchHostedZone(bare);
  }
  HostedZone updated = it->second;
  RETURN_IF_ERROR(ApplyChangeBatch(batch, &updated));
  it->second = std::move(updated);
  impl_->PersistZone(it->second);
  return impl_->NewChange(batch.comment);
}

Result<RecordPage> Route53Model::ListResourceRecordSets(const ListRecordsRequest& request) {
  if (request.start_type && !request.start_name) {
    return InvalidInput("The input is not valid: StartRecordType requires StartRecordName");
  }
  if (request.start_identifier && !request.start_type) {
    return InvalidInput("The input is not valid: StartRecordIdentifier requires StartRecordType");
  }
  std::string bare = BareId(request.zone_id, "/hostedzone/");
  std::shared_lock lock(impl_->mu);
  auto zone = impl_->zones.find(bare);
  if (zone == impl_->zones.end()) {
    return NoSuchHostedZone(bare);
  }
  const auto& records = zone->second.records;
  auto it = records.begin();
  if (request.start_name) {
    it = records.lower_bound({ReversedLabels(NormalizeName(*request.start_name)),
                              request.start_type.value_or(""),
                              request.start_identifier.value_or("")});
  }
  RecordPage page;
  for (; it != records.end(); ++it) {
    if (int64_t(page.records.size()) == request.max_items) {
      page.truncated = true;
      page.next = it->second;
      break;
    }
    page.records.push_back(it->second);
  }
  return page;
}

Result<ChangeInfo> Route53Model::GetChange(const std::string& id) {
  std::string bare = BareId(id, "/change/");
  std::shared_lock lock(impl_->mu);
  auto it = impl_->changes.find(bare);
  if (it == impl_->changes.end()) {
    return Status(StatusCode::kNotFound, "A change with the specified change ID does not exist.",
                  "NoSuchChange");
  }
  return impl_->WithStatus(it->second);
}

}  // namespace stepshift::route53
