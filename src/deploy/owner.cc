#include "deploy/owner.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <optional>
#include <sstream>

namespace stepshift::deploy {

namespace {

struct OwnerId {
  std::string host;
  long pid = 0;
  std::string start;  // empty in records written before start times were kept
};

std::string HostName() {
  char host[128] = {0};
  if (gethostname(host, sizeof host - 1) != 0)
    host[0] = '\0';
  return host;
}

bool AllDigits(const std::string& text, size_t max_size) {
  return !text.empty() && text.size() <= max_size &&
         text.find_first_not_of("0123456789") == std::string::npos;
}

std::optional<OwnerId> ParseOwner(const std::string& owner) {
  const size_t last = owner.rfind(':');
  if (last == std::string::npos || last == 0)
    return std::nullopt;
  OwnerId id;
  std::string pid = owner.substr(last + 1);
  id.host = owner.substr(0, last);
  const size_t before = id.host.rfind(':');
  if (before != std::string::npos) {  // "host:pid:start"
    id.start = pid;
    pid = id.host.substr(before + 1);
    id.host.resize(before);
    if (!AllDigits(id.start, 20))
      return std::nullopt;
  }
  if (!AllDigits(pid, 9))
    return std::nullopt;
  id.pid = std::stol(pid);
  return id;
}

// Field 22 of /proc/PID/stat, the process start time in clock ticks since boot; empty when the
// process does not exist. The command name (field 2) may hold spaces and parentheses, so the
// fields are counted from its closing parenthesis.
std::string ProcessStart(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t paren = stat.rfind(')');
  if (paren == std::string::npos)
    return "";
  std::istringstream fields(stat.substr(paren + 1));
  std::string field;
  for (int i = 3; i <= 22 && fields >> field; ++i) {
    if (i == 22)
      return field;
  }
  return "";
}

bool PidAlive(long pid) {
  return pid > 0 && (kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

}  // namespace

std::string DefaultOwner() {
  return OwnerOf(static_cast<long>(getpid()));
}

std::string OwnerOf(long pid) {
  return HostName() + ":" + std::to_string(pid) + ":" + ProcessStart(pid);
}

bool OwnerIsRunning(const OwnerCheck& check) {
  std::optional<OwnerId> id = ParseOwner(check.owner);
  if (!id)
    return false;
  if (id->host == HostName()) {
    if (id->pid == static_cast<long>(getpid()))
      return false;
    if (!PidAlive(id->pid))
      return false;
    return id->start.empty() || ProcessStart(id->pid) == id->start;
  }
  const Duration age = check.now - check.heartbeat;
  return age < check.stale_after;
}

std::string DescribeOwner(const OwnerCheck& check) {
  std::optional<OwnerId> id = ParseOwner(check.owner);
  if (!id)
    return check.owner.empty() ? "an unknown controller" : check.owner;
  std::string text = id->host + " pid " + std::to_string(id->pid);
  if (id->host != HostName()) {
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(check.now - check.heartbeat);
    text += " (heartbeat " + std::to_string(age.count()) + " s ago)";
  }
  return text;
}

}  // namespace stepshift::deploy
