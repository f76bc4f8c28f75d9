// Request targets of the REST protocols (restJson1, restXml): the path as decoded segments and
// the query string as a map, for services that route on both.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stepshift::api {

struct RestTarget {
  std::vector<std::string> segments;  // percent-decoded; "/a/b/" gives {"a", "b"}
  std::map<std::string, std::string> query;

  // The query parameter, or nullopt when absent.
  std::optional<std::string> Query(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? std::nullopt : std::optional<std::string>(it->second);
  }
};

RestTarget ParseRestTarget(std::string_view target);

}  // namespace stepshift::api
