// Request targets of the REST protocols (restJson1, restXml): the path as decoded segments and
// the query string as a multimap (a list member repeats its name: "?tagKeys=a&tagKeys=b"), for
// services that route on both.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stepshift::api {

struct RestTarget {
  std::vector<std::string> segments;  // percent-decoded; "/a/b/" gives {"a", "b"}
  std::multimap<std::string, std::string> query;

  // The query parameter (its first value when repeated), or nullopt when absent.
  std::optional<std::string> Query(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? std::nullopt : std::optional<std::string>(it->second);
  }

  // Every value of a repeated query parameter, in request order.
  std::vector<std::string> QueryAll(const std::string& name) const {
    std::vector<std::string> values;
    for (auto [it, end] = query.equal_range(name); it != end; ++it) {
      values.push_back(it->second);
    }
    return values;
  }
};

RestTarget ParseRestTarget(std::string_view target);

}  // namespace stepshift::api
