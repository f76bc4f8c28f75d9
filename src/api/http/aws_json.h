// Responses in the awsJson1_0 protocol (Step Functions, and CloudWatch/STS in JSON mode).
#pragma once

#include <string>
#include <string_view>

#include "api/http/http_types.h"
#include "base/json.h"
#include "base/status.h"

namespace stepshift::api {

// 200 with the JSON body, Content-Type application/x-amz-json-1.0.
HttpResponse JsonResponse(const json::Value& body);

// An error: {"__type": type, "message": message} with the given HTTP status (400 unless the
// shape says otherwise).
HttpResponse JsonError(std::string_view type, std::string_view message, int http_status = 400);

// What AWS answers for an operation it does not know, UnknownOperationException, here for every
// operation serve does not implement, with a message naming it (AWS sends none) so the user sees
// which call is missing rather than a bare error type.
inline constexpr std::string_view kUnknownOperation = "UnknownOperationException";
std::string UnsupportedOperationMessage(std::string_view operation);
HttpResponse UnknownOperationError(std::string_view operation);

// An error from a Status: kind() is the __type; a Status without a kind is an internal error
// (500 "InternalFailure"), since every client-caused error carries its AWS shape name.
HttpResponse JsonError(const Status& status);

}  // namespace stepshift::api
