#include "api/http/rest_path.h"

#include "base/percent_encoding.h"

namespace stepshift::api {

RestTarget ParseRestTarget(std::string_view target) {
  RestTarget out;
  size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  for (size_t at = 0; at < path.size();) {
    size_t next = path.find('/', at);
    if (next == std::string_view::npos) {
      next = path.size();
    }
    if (next > at) {
      out.segments.push_back(PercentDecode(path.substr(at, next - at), false));
    }
    at = next + 1;
  }
  if (q == std::string_view::npos) {
    return out;
  }
  std::string_view query = target.substr(q + 1);
  for (size_t at = 0; at <= query.size();) {
    size_t next = query.find('&', at);
    if (next == std::string_view::npos) {
      next = query.size();
    }
    std::string_view pair = query.substr(at, next - at);
    size_t eq = pair.find('=');
    if (!pair.empty()) {
      std::string name = PercentDecode(pair.substr(0, eq), true);
      out.query.emplace(
          name, eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1), true));
    }
    at = next + 1;
  }
  return out;
}

}  // namespace stepshift::api
