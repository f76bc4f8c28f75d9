// Route 53's restXml documents: request bodies parsed into the model's types, responses and
// errors written as Route 53 writes them (namespace https://route53.amazonaws.com/doc/2013-04-01/).
#pragma once

#include <string>
#include <string_view>

#include "api/http/http_types.h"
#include "base/result.h"
#include "route53/route53_model.h"

namespace stepshift::api::route53_xml {

// InvalidInput for malformed XML or missing required elements.
Result<route53::CreateHostedZoneRequest> ParseCreateHostedZone(std::string_view body);
Result<route53::ChangeBatch> ParseChangeBatch(std::string_view body);

std::string ZoneXml(const route53::ZoneSummary& zone);
std::string ChangeInfoXml(const route53::ChangeInfo& change);
std::string DelegationSetXml(const route53::ZoneSummary& zone);
std::string RecordSetXml(const route53::RecordSet& record);

// 200 (or `status`) with <ROOT xmlns=...>inner</ROOT>.
HttpResponse Document(std::string_view root, const std::string& inner, int status = 200);
// <ErrorResponse><Error><Type>Sender</Type><Code/><Message/></Error><RequestId/></ErrorResponse>
HttpResponse Error(const Status& status, const std::string& request_id);

}  // namespace stepshift::api::route53_xml
