#include "api/route53/route53_api.h"

#include <cstdlib>
#include <exception>

#include "api/http/rest_path.h"
#include "api/route53/route53_xml.h"
#include "route53/route53_model.h"

namespace stepshift::api {

namespace {

using route53::Route53Model;
namespace xml = route53_xml;

struct Call {
  Route53Model* model;
  const HttpRequest& request;
  const RequestInfo& info;
  const RestTarget& target;
  std::string id;  // the {Id} path member
};

HttpResponse Fail(const Call& c, const Status& status) {
  return xml::Error(status, c.info.request_id);
}

Result<int64_t> MaxItems(const Call& c, int64_t fallback) {
  auto text = c.target.Query("maxitems");
  if (!text) {
    return fallback;
  }
  char* end = nullptr;
  long long n = std::strtoll(text->c_str(), &end, 10);
  if (text->empty() || *end != '\0' || n < 1) {
    return route53::InvalidInput("1 validation error detected: Value '" + *text +
                                 "' at 'maxItems' failed to satisfy constraint: Member must be a "
                                 "positive integer");
  }
  return std::min<int64_t>(n, fallback);
}

HttpResponse CreateHostedZone(const Call& c) {
  auto request = xml::ParseCreateHostedZone(c.request.body);
  if (!request.ok()) {
    return Fail(c, request.status());
  }
  auto created = c.model->CreateHostedZone(*request);
  if (!created.ok()) {
    return Fail(c, created.status());
  }
  const auto& [zone, change] = *created;
  HttpResponse response = xml::Document(
      "CreateHostedZoneResponse",
      xml::ZoneXml(zone) + xml::ChangeInfoXml(change) + xml::DelegationSetXml(zone), 201);
  response.headers.emplace_back("Location",
                                "https://route53.amazonaws.com/2013-04-01/hostedzone/" + zone.id);
  return response;
}

HttpResponse GetHostedZone(const Call& c) {
  auto zone = c.model->GetHostedZone(c.id);
  return zone.ok() ? xml::Document("GetHostedZoneResponse",
                                   xml::ZoneXml(*zone) + xml::DelegationSetXml(*zone))
                   : Fail(c, zone.status());
}

HttpResponse ListHostedZones(const Call& c) {
  auto max = MaxItems(c, 100);
  if (!max.ok()) {
    return Fail(c, max.status());
  }
  auto marker = c.target.Query("marker");
  auto page = c.model->ListHostedZones(marker, *max);
  if (!page.ok()) {
    return Fail(c, page.status());
  }
  std::string inner = "<HostedZones>";
  for (const auto& zone : page->zones) {
    inner += xml::ZoneXml(zone);
  }
  inner += "</HostedZones><Marker>" + marker.value_or("") + "</Marker><IsTruncated>" +
           (page->next_marker ? "true" : "false") + "</IsTruncated>";
  if (page->next_marker) {
    inner += "<NextMarker>" + *page->next_marker + "</NextMarker>";
  }
  inner += "<MaxItems>" + std::to_string(*max) + "</MaxItems>";
  return xml::Document("ListHostedZonesResponse", inner);
}

HttpResponse DeleteHostedZone(const Call& c) {
  auto change = c.model->DeleteHostedZone(c.id);
  return change.ok() ? xml::Document("DeleteHostedZoneResponse", xml::ChangeInfoXml(*change))
                     : Fail(c, change.status());
}

HttpResponse ChangeResourceRecordSets(const Call& c) {
  auto batch = xml::ParseChangeBatch(c.request.body);
  if (!batch.ok()) {
    return Fail(c, batch.status());
  }
  auto change = c.model->ChangeResourceRecordSets(c.id, *batch);
  return change.ok()
             ? xml::Document("ChangeResourceRecordSetsResponse", xml::ChangeInfoXml(*change))
             : Fail(c, change.status());
}

HttpResponse ListResourceRecordSets(const Call& c) {
  auto max = MaxItems(c, 300);
  if (!max.ok()) {
    return Fail(c, max.status());
  }
  route53::ListRecordsRequest request{c.id, c.target.Query("name"), c.target.Query("type"),
                                      c.target.Query("identifier"), *max};
  auto page = c.model->ListResourceRecordSets(request);
  if (!page.ok()) {
    return Fail(c, page.status());
  }
  std::string inner = "<ResourceRecordSets>";
  for (const auto& record : page->records) {
    inner += xml::RecordSetXml(record);
  }
  inner += "</ResourceRecordSets><IsTruncated>" + std::string(page->truncated ? "true" : "false") +
           "</IsTruncated>";
  if (page->next) {
    inner += "<NextRecordName>" + page->next->name + "</NextRecordName><NextRecordType>" +
             page->next->type + "</NextRecordType>";
    if (page->next->set_identifier) {
      inner += "<NextRecordIdentifier>" + *page->next->set_identifier + "</NextRecordIdentifier>";
    }
  }
  inner += "<MaxItems>" + std::to_string(*max) + "</MaxItems>";
  return xml::Document("ListResourceRecordSetsResponse", inner);
}

HttpResponse GetChange(const Call& c) {
  auto change = c.model->GetChange(c.id);
  return change.ok() ? xml::Document("GetChangeResponse", xml::ChangeInfoXml(*change))
                     : Fail(c, change.status());
}

struct Route {
  std::string_view method;
  std::string_view pattern;  // after "/2013-04-01/"; "{}" is the Id
  HttpResponse (*handler)(const Call&);
};

constexpr Route kRoutes[] = {
    {"POST", "hostedzone", &CreateHostedZone},
    {"GET", "hostedzone", &ListHostedZones},
    {"GET", "hostedzone/{}", &GetHostedZone},
    {"DELETE", "hostedzone/{}", &DeleteHostedZone},
    {"POST", "hostedzone/{}/rrset", &ChangeResourceRecordSets},
    {"GET", "hostedzone/{}/rrset", &ListResourceRecordSets},
    {"GET", "change/{}", &GetChange},
};

// Matches the segments after the API date; sets `id` from "{}".
bool Matches(std::string_view pattern, const std::vector<std::string>& segments, std::string* id) {
  std::vector<std::string_view> parts;
  for (size_t at = 0; at <= pattern.size();) {
    size_t next = std::min(pattern.find('/', at), pattern.size());
    parts.push_back(pattern.substr(at, next - at));
    at = next + 1;
  }
  if (parts.size() + 1 != segments.size()) {
    return false;
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i] == "{}") {
      *id = segments[i + 1];
    } else if (parts[i] != segments[i + 1]) {
      return false;
    }
  }
  return true;
}

}  // namespace

HttpResponse Route53Api::Handle(const HttpRequest& request, const RequestInfo& info) {
  if (!info.denied.ok()) {
    return xml::Error(info.denied, info.request_id);  // the router refused it (router.h)
  }
  RestTarget target = ParseRestTarget(request.target);
  for (const Route& route : kRoutes) {
    std::string id;
    if (route.method != request.method || target.segments.empty() ||
        target.segments[0] != "2013-04-01" || !Matches(route.pattern, target.segments, &id)) {
      continue;
    }
    Call call{model_, request, info, target, id};
    // Nothing below should throw; this keeps a bug (or bad_alloc) from taking the server down.
    try {
      return route.handler(call);
    } catch (const std::exception& e) {
      return Fail(call, Status::Internal(e.what()));
    }
  }
  return xml::Error(Status(StatusCode::kNotFound, "", "UnknownOperationException"),
                    info.request_id);
}

}  // namespace stepshift::api
