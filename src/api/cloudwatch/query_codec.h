// The AWS query protocol: form-encoded requests ("Action=X&A.member.1=v") and XML responses.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/http/xml_escape.h"
#include "base/json.h"

namespace stepshift::api::cloudwatch_wire {

using FormPairs = std::vector<std::pair<std::string, std::string>>;

// Splits application/x-www-form-urlencoded text, percent-decoding and turning '+' into ' '.
// Malformed escapes are kept literally.
FormPairs ParseForm(std::string_view text);

// The input document of the pairs: "A.member.1.B=x" becomes {"A": [{"B": "x"}]}; list members
// are ordered by index. Leaves stay strings (the DocReader converts them). Action and Version
// are left out.
json::Object FormToDocument(const FormPairs& pairs);

// The first value of `key`, or "".
std::string FormValue(const FormPairs& pairs, std::string_view key);

// Appends the members of `object` as XML elements: structures nest, lists use <member>, maps
// (IsMapMember) use <entry><key/><value/></entry>, timestamps (IsTimestampMember) are ISO 8601.
void AppendXmlMembers(const json::Object& object, std::string* out);

// <{op}Response xmlns=...><{op}Result>...</{op}Result><ResponseMetadata>...</{op}Response>.
// `result` is null for operations without output.
std::string XmlResponse(std::string_view op, std::string_view xmlns, const json::Object* result,
                        std::string_view request_id);

std::string XmlError(std::string_view xmlns, std::string_view code, std::string_view message,
                     bool sender_fault, std::string_view request_id);

}  // namespace stepshift::api::cloudwatch_wire
