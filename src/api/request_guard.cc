#include "api/request_guard.h"

#include <algorithm>
#include <boost/algorithm/string/case_conv.hpp>

namespace stepshift::api {

namespace {

// "Host: [::1]:8083" -> "::1"; "localhost:8083" -> "localhost".
std::string HostName(std::string_view authority) {
  std::string host = boost::algorithm::to_lower_copy(std::string(authority));
  if (host.starts_with("[")) {
    return host.substr(1, host.find(']') - 1);
  }
  return host.substr(0, host.find(':'));
}

bool IsLoopback(const std::string& host) {
  return host == "localhost" || host.ends_with(".localhost") || host == "::1" ||
         host.starts_with("127.");
}

bool Allowed(const std::string& host, const GuardOptions& options) {
  return IsLoopback(host) ||
         std::find(options.hosts.begin(), options.hosts.end(), host) != options.hosts.end();
}

// The value of the query string's Action parameter, "" when there is none.
std::string QueryAction(std::string_view target) {
  size_t at = target.find('?');
  while (at != std::string_view::npos) {
    std::string_view rest = target.substr(at + 1);
    if (rest.starts_with("Action=")) {
      rest.remove_prefix(7);
      return std::string(rest.substr(0, rest.find('&')));
    }
    at = target.find('&', at + 1);
  }
  return "";
}

bool IsReadOnly(std::string_view action) {
  return action.starts_with("Describe") || action.starts_with("List") || action.starts_with("Get");
}

}  // namespace

std::optional<std::string> ForgeryReason(const HttpRequest& request, const GuardOptions& options) {
  const std::string_view origin = request.Header("origin");
  if (!origin.empty()) {
    const size_t scheme = origin.find("://");
    const std::string host =
        scheme == std::string_view::npos ? "" : HostName(origin.substr(scheme + 3));
    if (!Allowed(host, options)) {
      return "it comes from a web page of origin " + std::string(origin) +
             ", which is not loopback";
    }
  }
  // No Host at all is no browser (HTTP/1.0 tools, in-process callers). botocore addresses
  // StartSyncExecution and TestState to "sync-" + the endpoint's host; a page cannot rebind a
  // name of that form to us that a hosts file did not already.
  std::string host = HostName(request.Header("host"));
  if (host.starts_with("sync-")) {
    host.erase(0, 5);
  }
  if (!options.any_host && !host.empty() && !Allowed(host, options)) {
    return "it is addressed to host '" + std::string(request.Header("host")) +
           "', not to a loopback name or the address serve listens on (DNS rebinding)";
  }
  if (request.method == "GET" || request.method == "HEAD") {
    const std::string action = QueryAction(request.target);
    if (!action.empty() && !IsReadOnly(action)) {
      return "a GET request may only call read-only actions, not " + action + " (send it as POST)";
    }
  }
  return std::nullopt;
}

}  // namespace stepshift::api
