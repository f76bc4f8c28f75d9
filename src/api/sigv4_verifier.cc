#include "api/sigv4_verifier.h"

#include <openssl/crypto.h>

#include <vector>

#include "aws/crypto.h"
#include "aws/sigv4.h"

namespace stepshift::api {

namespace {

using Kind = AuthFailure::Kind;

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr char kMismatch[] =
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.";

AuthFailure Fail(Kind kind, std::string message) {
  return AuthFailure{kind, std::move(message), "", ""};
}

std::string Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(' ');
  size_t end = text.find_last_not_of(' ');
  return begin == std::string_view::npos ? "" : std::string(text.substr(begin, end - begin + 1));
}

std::vector<std::string> Split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t at = text.find(separator, start);
    parts.emplace_back(text.substr(start, at - start));
    if (at == std::string_view::npos) {
      return parts;
    }
    start = at + 1;
  }
}

struct Authorization {
  std::string credential;
  std::string signed_headers;
  std::string signature;
};

// "AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…".
std::optional<AuthFailure> ParseAuthorization(std::string_view header, std::string_view amz_date,
                                              Authorization* out) {
  const size_t space = header.find(' ');
  if (header.substr(0, space) != kAlgorithm) {
    return Fail(Kind::kIncomplete,
                "Unsupported AWS 'algorithm': '" + std::string(header.substr(0, space)) + "'");
  }
  for (const std::string& part : Split(header.substr(space + 1), ',')) {
    const std::string item = Trim(part);
    const size_t eq = item.find('=');
    const std::string key = item.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : item.substr(eq + 1);
    if (key == "Credential") {
      out->credential = value;
    } else if (key == "SignedHeaders") {
      out->signed_headers = value;
    } else if (key == "Signature") {
      out->signature = value;
    }
  }
  std::string missing;
  for (const auto& [name, value] : {std::pair{"Credential", &out->credential},
                                    {"Signature", &out->signature},
                                    {"SignedHeaders", &out->signed_headers}}) {
    if (value->empty()) {
      missing += "Authorization header requires '" + std::string(name) + "' parameter. ";
    }
  }
  if (amz_date.empty()) {
    missing +=
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
        "header. ";
  }
  if (!missing.empty()) {
    return Fail(Kind::kIncomplete, missing + "Authorization=" + std::string(header));
  }
  return std::nullopt;
}

// "20150830T123600Z" -> Time.
std::optional<Time> ParseAmzDate(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') {
    return std::nullopt;
  }
  std::string iso = std::string(text.substr(0, 4)) + "-" + std::string(text.substr(4, 2)) + "-" +
                    std::string(text.substr(6, 2)) + "T" + std::string(text.substr(9, 2)) + ":" +
                    std::string(text.substr(11, 2)) + ":" + std::string(text.substr(13, 2)) + "Z";
  Result<Time> parsed = ParseIso8601(iso);
  return parsed.ok() ? std::optional<Time>(*parsed) : std::nullopt;
}

std::optional<AuthFailure> CheckTime(std::string_view amz_date, const VerifierOptions& options) {
  std::optional<Time> signed_at = ParseAmzDate(amz_date);
  if (!signed_at) {
    return Fail(Kind::kIncomplete, "Date must be in ISO-8601 'basic format'. Got '" +
                                       std::string(amz_date) +
                                       "'. See http://en.wikipedia.org/wiki/ISO_8601");
  }
  const Time now = options.clock->Now();
  const std::string minutes =
      std::to_string(std::chrono::duration_cast<std::chrono::minutes>(options.max_skew).count());
  if (*signed_at < now - options.max_skew) {
    return Fail(Kind::kBadSignature, "Signature expired: " + std::string(amz_date) +
                                         " is now earlier than " +
                                         aws::AmzDate(now - options.max_skew) + " (" +
                                         aws::AmzDate(now) + " - " + minutes + " min.)");
  }
  if (*signed_at > now + options.max_skew) {
    return Fail(Kind::kBadSignature, "Signature not yet current: " + std::string(amz_date) +
                                         " is still later than " +
                                         aws::AmzDate(now + options.max_skew) + " (" +
                                         aws::AmzDate(now) + " + " + minutes + " min.)");
  }
  return std::nullopt;
}

// AKID/DATE/REGION/SERVICE/aws4_request, against the request's date and the called service.
std::optional<AuthFailure> CheckScope(const std::vector<std::string>& scope,
                                      std::string_view amz_date, std::string_view service) {
  if (scope.size() != 5 || scope[2].empty()) {
    return Fail(Kind::kIncomplete, "Credential should be scoped to a valid region. ");
  }
  if (scope[1] != amz_date.substr(0, 8)) {
    return Fail(Kind::kBadSignature,
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
                "from HTTP: '" +
                    scope[1] + "' != '" + std::string(amz_date.substr(0, 8)) + "', from '" +
                    std::string(amz_date) + "'.");
  }
  if (scope[3] != service) {
    return Fail(Kind::kBadSignature,
                "Credential should be scoped to correct service: '" + std::string(service) + "'. ");
  }
  if (scope[4] != "aws4_request") {
    return Fail(Kind::kBadSignature,
                "Credential should be scoped with a valid terminator: 'aws4_request', not '" +
                    scope[4] + "'. ");
  }
  return std::nullopt;
}

// The signed headers with their values as received (several of one name joined by ',').
std::vector<std::pair<std::string, std::string>> SignedHeaderValues(
    const HttpRequest& request, const std::vector<std::string>& names) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& name : names) {
    std::string value;
    bool first = true;
    for (const auto& [header, raw] : request.headers) {
      if (header == name) {
        value += (first ? "" : ",") + aws::TrimAll(raw);
        first = false;
      }
    }
    out.emplace_back(name, std::move(value));
  }
  return out;
}

}  // namespace

std::optional<AuthFailure> VerifySigV4(const HttpRequest& request, std::string_view service,
                                       const VerifierOptions& options) {
  const std::string_view header = request.Header("authorization");
  if (header.empty()) {
    return Fail(Kind::kMissing, "Missing Authentication Token");
  }
  const std::string_view amz_date = request.Header("x-amz-date");
  Authorization auth;
  if (auto failure = ParseAuthorization(header, amz_date, &auth)) {
    return failure;
  }
  if (auto failure = CheckTime(amz_date, options)) {
    return failure;
  }
  const std::vector<std::string> scope = Split(auth.credential, '/');
  if (auto failure = CheckScope(scope, amz_date, service)) {
    return failure;
  }
  const std::vector<std::string> names = Split(auth.signed_headers, ';');
  if (std::find(names.begin(), names.end(), "host") == names.end()) {
    return Fail(Kind::kBadSignature,
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  auto secret = options.secrets.find(scope[0]);
  if (secret == options.secrets.end()) {
    return Fail(Kind::kUnknownKey, "The security token included in the request is invalid.");
  }
  const size_t question = request.target.find('?');
  const std::string_view declared = request.Header("x-amz-content-sha256");
  const std::string& sent = request.encoded_body.empty() ? request.body : request.encoded_body;
  aws::CanonicalRequestParts parts{
      request.method, request.target.substr(0, question),
      question == std::string::npos ? "" : request.target.substr(question + 1),
      SignedHeaderValues(request, names),
      declared.empty() ? aws::Sha256Hex(sent) : std::string(declared)};
  AuthFailure mismatch = Fail(Kind::kBadSignature, kMismatch);
  mismatch.canonical_request = aws::CanonicalRequest(parts);
  const std::string expected =
      aws::SignatureOf(secret->second, amz_date, scope[2], scope[3], mismatch.canonical_request,
                       &mismatch.string_to_sign);
  if (expected.size() == auth.signature.size() &&
      CRYPTO_memcmp(expected.data(), auth.signature.data(), expected.size()) == 0) {
    return std::nullopt;
  }
  return mismatch;
}

}  // namespace stepshift::api
