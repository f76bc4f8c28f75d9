// The access keys of `stepshift serve --auth ACCESS_KEY:SECRET` (repeatable) and
// `--auth-file FILE` (an AWS shared credentials file: every profile's aws_access_key_id and
// aws_secret_access_key), and whether the listen address reaches beyond this machine.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/result.h"

namespace stepshift::cli {

// Access key id -> secret. Returns InvalidArgument naming the bad flag or file.
Result<std::map<std::string, std::string>> LoadServeCredentials(
    const std::vector<std::string>& pairs, const std::string& file);

// 127.x.x.x, ::1 or localhost.
bool IsLoopbackAddress(const std::string& host);

}  // namespace stepshift::cli
