// What keeps a web page from using `stepshift serve` behind its user's back. A browser sends
// requests to 127.0.0.1 for any page it shows, and lets a page read the answers when DNS
// rebinding points the page's own name at 127.0.0.1. AWS's clients never send an Origin header,
// never use GET for a call that changes something, and name the endpoint they were given; a
// forging page does one of these. So serve refuses:
//  - a browser Origin that is not a loopback one (or the address serve is bound to);
//  - a Host that is not loopback or the bound address (DNS rebinding), when bound to one address
//    (the "sync-" host prefix botocore adds to some operations is allowed on those);
//  - a query-protocol call by GET (an <img> or a link can send one) unless it is read-only
//    (Describe*, List*, Get*).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/http/http_types.h"

namespace stepshift::api {

struct GuardOptions {
  // Host names (without port) that requests may be addressed to besides the loopback ones: the
  // address serve is bound to.
  std::vector<std::string> hosts;
  // Bound to every interface (0.0.0.0, ::): clients may use any name, so Host is not checked.
  bool any_host = false;
};

// Why a browser may have forged `request`; nullopt when it is acceptable.
std::optional<std::string> ForgeryReason(const HttpRequest& request, const GuardOptions& options);

}  // namespace stepshift::api
