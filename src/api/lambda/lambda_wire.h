// Lambda's restJson1 framing: JSON bodies with AWS's status codes, and errors as
// {"Type":"User","message":...} with the shape name in x-amzn-ErrorType.
#pragma once

#include <string_view>

#include "api/http/http_types.h"
#include "base/json.h"
#include "base/status.h"

namespace stepshift::api::lambda_wire {

HttpResponse Json(const json::Value& body, int status = 200);
HttpResponse NoContent();
// kind() is the error shape; a Status without one is a ServiceException (500).
HttpResponse Error(const Status& status);
// TooManyRequestsException with its Reason member.
HttpResponse Throttled(const Status& status, std::string_view reason);

}  // namespace stepshift::api::lambda_wire
