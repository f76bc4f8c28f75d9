#include "aws/route53_client.h"

#include "aws/query_protocol.h"
#include "aws/url.h"
#include "aws/xml.h"
#include "base/status_macros.h"

namespace stepshift::aws {

namespace {

constexpr std::string_view kNamespace = "https://route53.amazonaws.com/doc/2013-04-01/";

std::string Escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : std::string(1, c);
  }
  return out;
}

std::string Element(std::string_view name, std::string_view text) {
  return "<" + std::string(name) + ">" + Escape(text) + "</" + std::string(name) + ">";
}

std::string RecordXml(const Route53Record& r) {
  std::string out = "<ResourceRecordSet>" + Element("Name", r.name) + Element("Type", r.type);
  if (!r.set_identifier.empty()) {
    out += Element("SetIdentifier", r.set_identifier);
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
  return out + "</ResourceRecordSet>";
}

std::optional<int64_t> Number(std::string_view xml, std::string_view name) {
  std::optional<std::string> text = XmlText(xml, name);
  return text ? std::optional<int64_t>(std::stoll(*text)) : std::nullopt;
}

// The contents of every <name>...</name> in `xml`, in order (no nesting of same-named elements).
std::vector<std::string_view> Elements(std::string_view xml, std::string_view name) {
  std::vector<std::string_view> out;
  std::string open = "<" + std::string(name) + ">";
  std::string close = "</" + std::string(name) + ">";
  for (size_t at = xml.find(open); at != std::string_view::npos; at = xml.find(open, at)) {
    size_t end = xml.find(close, at);
    if (end == std::string_view::npos) {
      break;
    }
    out.push_back(xml.substr(at + open.size(), end - at - open.size()));
    at = end + close.size();
  }
  return out;
}

Route53Record RecordFrom(std::string_view xml) {
  Route53Record r;
  r.name = XmlText(xml, "Name").value_or("");
  r.type = XmlText(xml, "Type").value_or("");
  r.set_identifier = XmlText(xml, "SetIdentifier").value_or("");
  r.weight = Number(xml, "Weight");
  r.ttl = Number(xml, "TTL");
  for (std::string_view value : Elements(xml, "Value")) {
    r.values.push_back(XmlDecode(value));
  }
  if (std::optional<std::string_view> alias = XmlElement(xml, "AliasTarget")) {
    r.alias_target = Route53AliasTarget{XmlText(*alias, "HostedZoneId").value_or(""),
                                        XmlText(*alias, "DNSName").value_or(""),
                                        XmlText(*alias, "EvaluateTargetHealth") == "true"};
  }
  return r;
}

std::string Bare(const std::string& id, std::string_view prefix) {
  return id.starts_with(prefix) ? id.substr(prefix.size()) : id;
}

}  // namespace

std::string ChangeBatchXml(const std::vector<Route53Change>& changes, const std::string& comment) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ChangeResourceRecordSetsRequest "
      "xmlns=\"" +
      std::string(kNamespace) + "\"><ChangeBatch>";
  if (!comment.empty()) {
    out += Element("Comment", comment);
  }
  out += "<Changes>";
  for (const Route53Change& c : changes) {
    out += "<Change>" + Element("Action", c.action) + RecordXml(c.record) + "</Change>";
  }
  return out + "</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>";
}

std::vector<Route53Record> ParseRecordSets(std::string_view xml) {
  std::vector<Route53Record> out;
  for (std::string_view record : Elements(xml, "ResourceRecordSet")) {
    out.push_back(RecordFrom(record));
  }
  return out;
}

Route53Client::Route53Client(const ClientConfig& config)
    : Route53Client(ContextFor(config, Service::kRoute53)) {}

Route53Client::Route53Client(ServiceContext context) : caller_(std::move(context)) {}

Result<std::string> Route53Client::Call(std::string_view method, const std::string& path,
                                        const std::string& body) {
  Headers headers;
  if (!body.empty()) {
    SetHeader(&headers, "Content-Type", "text/xml");
  }
  ASSIGN_OR_RETURN(HttpResponse response, caller_.Send(method, path, headers, body, ParseXmlError));
  return std::move(response.body);
}

Result<std::vector<Route53Record>> Route53Client::ListRecordSets(const std::string& zone_id,
                                                                 const std::string& name,
                                                                 const std::string& type) {
  std::string zone = UriEncode(Bare(zone_id, "/hostedzone/"));
  std::string wanted = name.empty() || name.back() == '.' ? name : name + ".";
  std::vector<Route53Record> out;
  std::string next_name = wanted, next_type = type, next_id;
  while (true) {
    std::string path = "/2013-04-01/hostedzone/" + zone + "/rrset?name=" + UriEncode(next_name);
    if (!next_type.empty()) {
      path += "&type=" + UriEncode(next_type);
    }
    if (!next_id.empty()) {
      path += "&identifier=" + UriEncode(next_id);
    }
    ASSIGN_OR_RETURN(std::string xml, Call("GET", path, ""));
    for (Route53Record& record : ParseRecordSets(xml)) {
      if (record.name != wanted || (!type.empty() && record.type != type)) {
        return out;  // listings are sorted: past the name (and type), nothing more matches
      }
      out.push_back(std::move(record));
    }
    if (XmlText(xml, "IsTruncated") != "true") {
      return out;
    }
    next_name = XmlText(xml, "NextRecordName").value_or("");
    next_type = XmlText(xml, "NextRecordType").value_or("");
    next_id = XmlText(xml, "NextRecordIdentifier").value_or("");
  }
}

Result<std::string> Route53Client::ChangeRecordSets(const std::string& zone_id,
                                                    const std::vector<Route53Change>& changes,
                                                    const std::string& comment) {
  ASSIGN_OR_RETURN(
      std::string xml,
      Call("POST", "/2013-04-01/hostedzone/" + UriEncode(Bare(zone_id, "/hostedzone/")) + "/rrset/",
           ChangeBatchXml(changes, comment)));
  std::optional<std::string_view> info = XmlElement(xml, "ChangeInfo");
  return Bare(info ? XmlText(*info, "Id").value_or("") : "", "/change/");
}

Result<std::string> Route53Client::CreateHostedZone(const std::string& name,
                                                    const std::string& caller_reference) {
  const std::string body =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CreateHostedZoneRequest "
      "xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">" +
      Element("Name", name) + Element("CallerReference", caller_reference) +
      "</CreateHostedZoneRequest>";
  ASSIGN_OR_RETURN(std::string xml, Call("POST", "/2013-04-01/hostedzone", body));
  std::optional<std::string_view> zone = XmlElement(xml, "HostedZone");
  return Bare(zone ? XmlText(*zone, "Id").value_or("") : "", "/hostedzone/");
}

Result<std::string> Route53Client::GetChange(const std::string& change_id) {
  ASSIGN_OR_RETURN(std::string xml,
                   Call("GET", "/2013-04-01/change/" + UriEncode(Bare(change_id, "/change/")), ""));
  return XmlText(xml, "Status").value_or("");
}

}  // namespace stepshift::aws
