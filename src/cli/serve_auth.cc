#include "cli/serve_auth.h"

#include <fstream>
#include <sstream>

#include "aws/profile_file.h"

namespace stepshift::cli {

Result<std::map<std::string, std::string>> LoadServeCredentials(
    const std::vector<std::string>& pairs, const std::string& file) {
  std::map<std::string, std::string> secrets;
  for (const std::string& pair : pairs) {
    const size_t colon = pair.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == pair.size()) {
      return Status::InvalidArgument("--auth: expected ACCESS_KEY:SECRET, got '" +
                                     pair.substr(0, colon) +
                                     (colon == std::string::npos ? "" : ":…") + "'");
    }
    secrets[pair.substr(0, colon)] = pair.substr(colon + 1);
  }
  if (file.empty()) {
    return secrets;
  }
  std::ifstream in(file);
  if (!in) {
    return Status::InvalidArgument("--auth-file: cannot read " + file);
  }
  std::ostringstream text;
  text << in.rdbuf();
  const aws::ProfileFiles parsed = aws::ParseProfileFiles("", text.str());
  size_t found = 0;
  for (const auto& [name, section] : parsed.credentials_profiles) {
    const std::string key = aws::Get(section, "aws_access_key_id");
    const std::string secret = aws::Get(section, "aws_secret_access_key");
    if (!key.empty() && !secret.empty()) {
      secrets[key] = secret;
      ++found;
    }
  }
  if (found == 0) {
    return Status::InvalidArgument("--auth-file: " + file +
                                   " has no profile with aws_access_key_id and "
                                   "aws_secret_access_key");
  }
  return secrets;
}

bool IsLoopbackAddress(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

}  // namespace stepshift::cli
