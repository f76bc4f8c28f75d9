#include "aws/sigv4.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <map>

#include "aws/crypto.h"
#include "aws/url.h"
#include "base/status_macros.h"

namespace stepshift::aws {

namespace {

// botocore's SIGNED_HEADERS_BLACKLIST: headers a proxy or the HTTP stack may rewrite.
constexpr std::array<std::string_view, 11> kUnsignedHeaders = {"connection",
                                                               "expect",
                                                               "keep-alive",
                                                               "proxy-authenticate",
                                                               "proxy-authorization",
                                                               "te",
                                                               "trailer",
                                                               "transfer-encoding",
                                                               "upgrade",
                                                               "user-agent",
                                                               "x-amzn-trace-id"};

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

// Trimall: strip, and collapse inner whitespace runs to one space (Python's ' '.join(split())).
std::string TrimAll(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char ch : value) {
    if (std::isspace(static_cast<unsigned char>(ch))) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    out.push_back(ch);
  }
  return out;
}

namespace {

// Lower-cased name -> comma-joined trimmed values, sorted by name.
std::map<std::string, std::string> HeadersToSign(const HttpRequest& request, const Url& url) {
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : request.headers) {
    std::string lower = Lower(name);
    if (std::find(kUnsignedHeaders.begin(), kUnsignedHeaders.end(), lower) !=
        kUnsignedHeaders.end()) {
      continue;
    }
    auto [it, inserted] = out.try_emplace(lower, TrimAll(value));
    if (!inserted) {
      it->second.push_back(',');
      it->second += TrimAll(value);
    }
  }
  out.try_emplace("host", HostHeader(url));
  return out;
}

std::string SigningKey(std::string_view secret, std::string_view date, std::string_view region,
                       std::string_view service) {
  std::string key = HmacSha256("AWS4" + std::string(secret), date);
  key = HmacSha256(key, region);
  key = HmacSha256(key, service);
  return HmacSha256(key, "aws4_request");
}

std::string PayloadHash(const HttpRequest& request) {
  std::string_view declared = request.Header("x-amz-content-sha256");
  return declared.empty() ? Sha256Hex(request.body) : std::string(declared);
}

}  // namespace

std::string AmzDate(Time now) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string CanonicalQueryString(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t start = 0;
  while (start < query.size()) {
    size_t amp = query.find('&', start);
    std::string_view pair = query.substr(start, amp - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string_view value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
      pairs.emplace_back(UriEncode(UriDecode(pair.substr(0, eq))), UriEncode(UriDecode(value)));
    }
    start = amp == std::string_view::npos ? query.size() : amp + 1;
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty()) {
      out.push_back('&');
    }
    out.append(name).append("=").append(value);
  }
  return out;
}

std::string CanonicalRequest(const CanonicalRequestParts& parts) {
  std::string method = parts.method;
  std::transform(method.begin(), method.end(), method.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  std::string headers;
  std::string names;
  for (const auto& [name, value] : parts.headers) {
    headers.append(name).append(":").append(value).append("\n");
    names += (names.empty() ? "" : ";") + name;
  }
  return method + "\n" + UriEncode(RemoveDotSegments(parts.path), true) + "\n" +
         CanonicalQueryString(parts.query) + "\n" + headers + "\n" + names + "\n" +
         parts.payload_hash;
}

std::string CredentialScope(std::string_view date, std::string_view region,
                            std::string_view service) {
  return std::string(date) + "/" + std::string(region) + "/" + std::string(service) +
         "/aws4_request";
}

std::string SignatureOf(std::string_view secret, std::string_view amz_date, std::string_view region,
                        std::string_view service, std::string_view canonical_request,
                        std::string* string_to_sign) {
  const std::string_view date = amz_date.substr(0, 8);
  std::string to_sign = "AWS4-HMAC-SHA256\n" + std::string(amz_date) + "\n" +
                        CredentialScope(date, region, service) + "\n" +
                        Sha256Hex(canonical_request);
  std::string signature = HexEncode(HmacSha256(SigningKey(secret, date, region, service), to_sign));
  if (string_to_sign != nullptr) {
    *string_to_sign = std::move(to_sign);
  }
  return signature;
}

Result<SigV4Trace> SignRequest(const SigV4Options& options, const Credentials& credentials,
                               Time now, HttpRequest* request) {
  ASSIGN_OR_RETURN(Url url, ParseUrl(request->url));
  const std::string amz_date = AmzDate(now);
  const std::string date = amz_date.substr(0, 8);
  RemoveHeader(&request->headers, "Authorization");
  SetHeader(&request->headers, "X-Amz-Date", amz_date);
  if (!credentials.session_token.empty()) {
    SetHeader(&request->headers, "X-Amz-Security-Token", credentials.session_token);
  } else {
    RemoveHeader(&request->headers, "X-Amz-Security-Token");
  }
  if (options.content_sha256_header) {
    SetHeader(&request->headers, "X-Amz-Content-SHA256", Sha256Hex(request->body));
  }

  CanonicalRequestParts parts{request->method, url.path, url.query, {}, PayloadHash(*request)};
  SigV4Trace trace;
  for (auto& [name, value] : HeadersToSign(*request, url)) {
    trace.signed_headers += (trace.signed_headers.empty() ? "" : ";") + name;
    parts.headers.emplace_back(name, std::move(value));
  }
  trace.canonical_request = CanonicalRequest(parts);
  trace.signature = SignatureOf(credentials.secret_access_key, amz_date, options.region,
                                options.service, trace.canonical_request, &trace.string_to_sign);
  const std::string scope = CredentialScope(date, options.region, options.service);
  SetHeader(&request->headers, "Authorization",
            "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" + scope +
                ", SignedHeaders=" + trace.signed_headers + ", Signature=" + trace.signature);
  return trace;
}

}  // namespace stepshift::aws
