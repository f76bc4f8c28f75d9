#include "api/route53/route53_xml.h"

#include <array>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <sstream>

#include "api/http/xml_escape.h"
#include "base/status_macros.h"

namespace stepshift::api::route53_xml {

namespace {

namespace pt = boost::property_tree;
using route53::InvalidInput;

constexpr std::string_view kNamespace = "https://route53.amazonaws.com/doc/2013-04-01/";

// Boost's parser throws; this is where its exceptions stop.
Result<pt::ptree> ParseXml(std::string_view body, const std::string& root) {
  pt::ptree tree;
  try {
    std::istringstream in{std::string(body)};
    pt::read_xml(in, tree);
  } catch (const std::exception& e) {
    return InvalidInput("Invalid XML ; " + std::string(e.what()));
  }
  auto child = tree.get_child_optional(root);
  if (!child) {
    return InvalidInput("Invalid XML ; expected a " + root + " document");
  }
  return *child;
}

std::optional<std::string> Text(const pt::ptree& node, const std::string& path) {
  auto v = node.get_optional<std::string>(path);
  return v ? std::optional<std::string>(*v) : std::nullopt;
}

Result<std::optional<int64_t>> Number(const pt::ptree& node, const std::string& path) {
  auto text = Text(node, path);
  if (!text) {
    return std::optional<int64_t>();
  }
  try {
    size_t used = 0;
    int64_t v = std::stoll(*text, &used);
    if (used == text->size()) {
      return std::optional<int64_t>(v);
    }
  } catch (const std::exception&) {
  }
  return InvalidInput("Invalid XML ; '" + *text + "' is not a valid value for " + path);
}

Result<route53::RecordSet> ParseRecordSet(const pt::ptree& node) {
  route53::RecordSet r;
  auto name = Text(node, "Name");
  auto type = Text(node, "Type");
  if (!name || !type) {
    return InvalidInput("Invalid XML ; ResourceRecordSet requires Name and Type");
  }
  r.name = route53::NormalizeName(*name);
  r.type = *type;
  r.set_identifier = Text(node, "SetIdentifier");
  ASSIGN_OR_RETURN(r.weight, Number(node, "Weight"));
  ASSIGN_OR_RETURN(r.ttl, Number(node, "TTL"));
  r.health_check_id = Text(node, "HealthCheckId");
  if (auto records = node.get_child_optional("ResourceRecords")) {
    for (const auto& [tag, record] : *records) {
      if (tag == "ResourceRecord") {
        r.values.push_back(record.get<std::string>("Value", ""));
      }
    }
  }
  if (auto alias = node.get_child_optional("AliasTarget")) {
    r.alias_target =
        route53::AliasTarget{alias->get<std::string>("HostedZoneId", ""),
                             route53::NormalizeName(alias->get<std::string>("DNSName", "")),
                             alias->get<std::string>("EvaluateTargetHealth", "") == "true"};
  }
  return r;
}

std::string Element(std::string_view name, const std::string& text) {
  return "<" + std::string(name) + ">" + XmlEscape(text) + "</" + std::string(name) + ">";
}

int HttpStatusOf(std::string_view code) {
  static constexpr std::array<std::pair<std::string_view, int>, 8> kStatuses = {
      {{"NoSuchHostedZone", 404},
       {"NoSuchChange", 404},
       {"HostedZoneAlreadyExists", 409},
       {"UnknownOperationException", 404},
       // The router's refusals (router.h): a forged request, `serve --auth`.
       {"AccessDenied", 403},
       {"MissingAuthenticationToken", 403},
       {"InvalidClientTokenId", 403},
       {"SignatureDoesNotMatch", 403}}};
  for (const auto& [name, status] : kStatuses) {
    if (name == code) {
      return status;
    }
  }
  return 400;
}

}  // namespace

Result<route53::CreateHostedZoneRequest> ParseCreateHostedZone(std::string_view body) {
  ASSIGN_OR_RETURN(pt::ptree root, ParseXml(body, "CreateHostedZoneRequest"));
  route53::CreateHostedZoneRequest request;
  auto name = Text(root, "Name");
  auto reference = Text(root, "CallerReference");
  if (!name || !reference) {
    return InvalidInput("Invalid XML ; CreateHostedZoneRequest requires Name and CallerReference");
  }
  request.name = *name;
  request.caller_reference = *reference;
  request.comment = Text(root, "HostedZoneConfig.Comment");
  request.private_zone = Text(root, "HostedZoneConfig.PrivateZone") == "true";
  return request;
}

Result<route53::ChangeBatch> ParseChangeBatch(std::string_view body) {
  ASSIGN_OR_RETURN(pt::ptree root, ParseXml(body, "ChangeResourceRecordSetsRequest"));
  route53::ChangeBatch batch;
  batch.comment = Text(root, "ChangeBatch.Comment");
  auto changes = root.get_child_optional("ChangeBatch.Changes");
  if (!changes || changes->empty()) {
    return InvalidInput("Invalid XML ; ChangeBatch requires at least one Change");
  }
  for (const auto& [tag, change] : *changes) {
    if (tag != "Change") {
      continue;
    }
    auto record = change.get_child_optional("ResourceRecordSet");
    if (!record) {
      return InvalidInput("Invalid XML ; Change requires ResourceRecordSet");
    }
    ASSIGN_OR_RETURN(route53::RecordSet parsed, ParseRecordSet(*record));
    batch.changes.push_back({change.get<std::string>("Action", ""), std::move(parsed)});
  }
  return batch;
}

std::string ZoneXml(const route53::ZoneSummary& zone) {
  std::string config = zone.comment ? Element("Comment", *zone.comment) : "";
  config += Element("PrivateZone", zone.private_zone ? "true" : "false");
  return "<HostedZone>" + Element("Id", "/hostedzone/" + zone.id) + Element("Name", zone.name) +
         Element("CallerReference", zone.caller_reference) + "<Config>" + config + "</Config>" +
         Element("ResourceRecordSetCount", std::to_string(zone.record_count)) + "</HostedZone>";
}

std::string ChangeInfoXml(const route53::ChangeInfo& change) {
  return "<ChangeInfo>" + Element("Id", "/change/" + change.id) + Element("Status", change.status) +
         Element("SubmittedAt", FormatIso8601(change.submitted_at)) +
         (change.comment ? Element("Comment", *change.comment) : "") + "</ChangeInfo>";
}

std::string DelegationSetXml(const route53::ZoneSummary& zone) {
  std::string servers;
  for (const std::string& server : zone.name_servers) {
    servers += Element("NameServer", server);
  }
  return "<DelegationSet><NameServers>" + servers + "</NameServers></DelegationSet>";
}

std::string RecordSetXml(const route53::RecordSet& r) {
  std::string out = "<ResourceRecordSet>" + Element("Name", r.name) + Element("Type", r.type);
  if (r.set_identifier) {
    out += Element("SetIdentifier", *r.set_identifier);
  }
  if (r.weight) {
    out += Element("Weight", std::to_string(*r.weight));
  }
  if (r.ttl) {
    out += Element("TTL", std::to_string(*r.ttl));
  }
  if (!r.values.empty()) {
    out += "<ResourceRecords>";
    for (const std::string& v : r.values) {
      out += "<ResourceRecord>" + Element("Value", v) + "</ResourceRecord>";
    }
    out += "</ResourceRecords>";
  }
  if (r.alias_target) {
    out +=
        "<AliasTarget>" + Element("HostedZoneId", r.alias_target->hosted_zone_id) +
        Element("DNSName", r.alias_target->dns_name) +
        Element("EvaluateTargetHealth", r.alias_target->evaluate_target_health ? "true" : "false") +
        "</AliasTarget>";
  }
  if (r.health_check_id) {
    out += Element("HealthCheckId", *r.health_check_id);
  }
  return out + "</ResourceRecordSet>";
}

HttpResponse Document(std::string_view root, const std::string& inner, int status) {
  HttpResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "text/xml");
  response.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + std::string(root) +
                  " xmlns=\"" + std::string(kNamespace) + "\">" + inner + "</" + std::string(root) +
                  ">";
  return response;
}

HttpResponse Error(const Status& status, const std::string& request_id) {
  std::string code = status.kind().empty() ? "InternalFailure" : status.kind();
  std::string inner = "<Error>" + Element("Type", status.kind().empty() ? "Receiver" : "Sender") +
                      Element("Code", code) + Element("Message", status.message()) + "</Error>" +
                      Element("RequestId", request_id);
  return Document("ErrorResponse", inner, status.kind().empty() ? 500 : HttpStatusOf(code));
}

}  // namespace stepshift::api::route53_xml
