#include "lambda/runtime/runtime_http.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace stepshift::lambdas::internal {

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string_view::npos ? "" : std::string(s.substr(b, e - b + 1));
}

// Decodes a chunked body starting at `at`; returns the end offset, or npos while incomplete.
size_t Dechunk(const std::string& data, size_t at, std::string* body, bool* malformed) {
  while (true) {
    size_t line_end = data.find("\r\n", at);
    if (line_end == std::string::npos) {
      return std::string::npos;
    }
    char* end = nullptr;
    unsigned long size = std::strtoul(data.c_str() + at, &end, 16);
    if (end == data.c_str() + at) {
      *malformed = true;
      return std::string::npos;
    }
    size_t chunk = line_end + 2;
    if (size == 0) {
      size_t trailer_end = data.find("\r\n", chunk);
      return trailer_end == std::string::npos ? std::string::npos : trailer_end + 2;
    }
    if (data.size() < chunk + size + 2) {
      return std::string::npos;
    }
    body->append(data, chunk, size);
    at = chunk + size + 2;
  }
}

}  // namespace

std::optional<RuntimeRequest> RequestBuffer::Take(bool* malformed) {
  size_t head_end = data_.find("\r\n\r\n");
  if (head_end == std::string::npos) {
    *malformed = data_.size() > 64 * 1024;
    return std::nullopt;
  }
  RuntimeRequest request;
  size_t line_end = data_.find("\r\n");
  std::string_view line(data_.data(), line_end);
  size_t sp1 = line.find(' ');
  size_t sp2 = line.find(' ', sp1 + 1);
  if (sp1 == std::string_view::npos || sp2 == std::string_view::npos) {
    *malformed = true;
    return std::nullopt;
  }
  request.method = std::string(line.substr(0, sp1));
  request.path = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  for (size_t at = line_end + 2; at < head_end;) {
    size_t next = data_.find("\r\n", at);
    std::string_view header(data_.data() + at, next - at);
    size_t colon = header.find(':');
    if (colon != std::string_view::npos) {
      request.headers[Lower(std::string(header.substr(0, colon)))] = Trim(header.substr(colon + 1));
    }
    at = next + 2;
  }
  size_t body_start = head_end + 4;
  size_t end = body_start;
  if (Lower(request.headers["transfer-encoding"]).find("chunked") != std::string::npos) {
    end = Dechunk(data_, body_start, &request.body, malformed);
    if (end == std::string::npos) {
      return std::nullopt;
    }
  } else {
    size_t length = std::strtoul(request.headers["content-length"].c_str(), nullptr, 10);
    if (data_.size() < body_start + length) {
      return std::nullopt;
    }
    request.body = data_.substr(body_start, length);
    end = body_start + length;
  }
  data_.erase(0, end);
  return request;
}

std::string FormatResponse(int status, const std::map<std::string, std::string>& headers,
                           std::string_view body) {
  std::string reason = status == 200 ? "OK" : status == 202 ? "Accepted" : "Error";
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n";
  for (const auto& [name, value] : headers) {
    out += name + ": " + value + "\r\n";
  }
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out.append(body);
  return out;
}

}  // namespace stepshift::lambdas::internal
