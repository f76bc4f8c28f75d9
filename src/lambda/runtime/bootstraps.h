// The runtime clients this server starts for python3.x and nodejs functions: small bootstraps
// that speak Lambda's Runtime API (next, response, error) as AWS's runtime interface clients do,
// and give handlers the event, the context object and the log format of the managed runtimes.
#pragma once

#include <string_view>

namespace stepshift::lambdas::internal {

extern const std::string_view kPythonBootstrap;
extern const std::string_view kNodeBootstrap;

}  // namespace stepshift::lambdas::internal
