// AWS Signature Version 4 (AWS4-HMAC-SHA256) for headers, matching botocore's SigV4Auth: the
// same header selection, canonical query, path normalisation and header-value trimming, so a
// request signed here carries the signature botocore would compute (tests/compat/test_sigv4.py).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/credentials.h"
#include "aws/http.h"
#include "base/clock.h"

namespace stepshift::aws {

struct SigV4Options {
  std::string region;   // credential-scope region, e.g. "us-east-1"
  std::string service;  // signing name: "states", "monitoring", "sts"
  // Also send x-amz-content-sha256 (S3 needs it; the JSON and query services accept it).
  bool content_sha256_header = false;
};

// Intermediate values, for tests and the signing tool.
struct SigV4Trace {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signed_headers;  // "content-type;host;x-amz-date"
  std::string signature;       // lower-case hex
};

// Signs `request` in place at time `now`: replaces any Authorization, X-Amz-Date and
// X-Amz-Security-Token from an earlier attempt, adds X-Amz-Security-Token when the credentials
// carry a session token, then adds Authorization. Signs every header present except the
// hop-by-hop ones and User-Agent, plus Host (derived from the URL unless the request has one).
// Returns InvalidArgument for a malformed URL.
Result<SigV4Trace> SignRequest(const SigV4Options& options, const Credentials& credentials,
                               Time now, HttpRequest* request);

// "20150830T123600Z".
std::string AmzDate(Time now);

// The pieces of a signature, shared by SignRequest and the server's verification of a request it
// received (api/sigv4_verifier.h), so both compute exactly the same thing.
struct CanonicalRequestParts {
  std::string method;  // upper-cased by CanonicalRequest
  std::string path;    // as sent, still percent-encoded
  std::string query;   // as sent, without '?'
  // The signed headers: lower-case names, in order, each with its values joined by ','.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string payload_hash;  // lower-case hex SHA-256 of the body as sent
};

std::string CanonicalRequest(const CanonicalRequestParts& parts);

// The header value as SigV4 canonicalises it: trimmed, inner whitespace runs collapsed.
std::string TrimAll(std::string_view value);

// "DATE/REGION/SERVICE/aws4_request".
std::string CredentialScope(std::string_view date, std::string_view region,
                            std::string_view service);

// Lower-case hex HMAC of the string to sign ("AWS4-HMAC-SHA256\nAMZDATE\nSCOPE\nhash") under the
// key derived from `secret`, the scope's date, region and service.
std::string SignatureOf(std::string_view secret, std::string_view amz_date, std::string_view region,
                        std::string_view service, std::string_view canonical_request,
                        std::string* string_to_sign = nullptr);

// The canonical query string: each name and value decoded, re-encoded with UriEncode, and the
// pairs sorted by name then value.
std::string CanonicalQueryString(std::string_view query);

}  // namespace stepshift::aws
