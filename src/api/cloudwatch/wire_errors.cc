#include "api/cloudwatch/wire_errors.h"

#include <array>
#include <string_view>

namespace stepshift::api::cloudwatch_wire {

namespace {

struct Mapping {
  std::string_view code;
  std::string_view shape;
  int http_status;
};

constexpr std::array<Mapping, 14> kMappings = {{
    {"InvalidParameterValue", "InvalidParameterValueException", 400},
    {"InvalidParameterCombination", "InvalidParameterCombinationException", 400},
    {"MissingParameter", "MissingRequiredParameterException", 400},
    {"ResourceNotFound", "ResourceNotFound", 404},
    {"ResourceNotFoundException", "ResourceNotFoundException", 404},
    {"LimitExceeded", "LimitExceededFault", 400},
    {"InvalidNextToken", "InvalidNextToken", 400},
    {"InvalidFormat", "InvalidFormatFault", 400},
    {"InternalServiceError", "InternalServiceFault", 500},
    // The router's refusals (signature checks, forged requests), by AWS's query codes.
    {"MissingAuthenticationToken", "MissingAuthenticationTokenException", 403},
    {"IncompleteSignature", "IncompleteSignatureException", 400},
    {"InvalidClientTokenId", "UnrecognizedClientException", 403},
    {"SignatureDoesNotMatch", "InvalidSignatureException", 403},
    {"AccessDenied", "AccessDeniedException", 403},
}};

}  // namespace

WireError ToWireError(const Status& status) {
  WireError error;
  error.message = status.message();
  if (status.kind().empty()) {
    error.code = "InternalServiceError";
    error.shape = "InternalServiceFault";
    error.http_status = 500;
    error.sender_fault = false;
    return error;
  }
  error.code = status.kind();
  error.shape = status.kind();  // protocol-level errors (UnknownOperation...) keep their name
  for (const Mapping& m : kMappings) {
    if (m.code == status.kind()) {
      error.shape = std::string(m.shape);
      error.http_status = m.http_status;
    }
  }
  error.sender_fault = error.http_status < 500;
  return error;
}

}  // namespace stepshift::api::cloudwatch_wire
