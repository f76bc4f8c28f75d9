// The SigV4 check of `serve --auth`: a request is served only when it carries an AWS4-HMAC-SHA256
// Authorization header by one of the configured access keys, over exactly what was sent, scoped
// to the service it calls, and made within five minutes of the server's clock — the checks AWS
// makes, in its order, with its messages. The canonical request is computed by the same code as
// the client's signer (aws/sigv4.h), which tests/compat/test_sigv4.py holds byte-equal to
// botocore's.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "api/http/http_types.h"
#include "base/clock.h"

namespace stepshift::api {

struct AuthFailure {
  enum class Kind {
    kMissing,       // no Authorization header
    kIncomplete,    // a malformed one: parameters or the date missing
    kUnknownKey,    // an access key that is not configured
    kBadSignature,  // a wrong signature, scope or date (expired, not yet current)
  };
  Kind kind;
  std::string message;
  // kBadSignature on the signature itself: what the server computed (AWS's JSON services quote
  // them in the message to help find the difference).
  std::string canonical_request;
  std::string string_to_sign;
};

struct VerifierOptions {
  std::map<std::string, std::string> secrets;  // access key id -> secret access key
  Clock* clock = &SystemClock();
  Duration max_skew = std::chrono::minutes(5);
};

// nullopt when `request` is signed for `service` (the signing name: "states", "monitoring",
// "sts") by a configured key.
std::optional<AuthFailure> VerifySigV4(const HttpRequest& request, std::string_view service,
                                       const VerifierOptions& options);

}  // namespace stepshift::api
