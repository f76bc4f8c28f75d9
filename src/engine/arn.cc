#include "engine/arn.h"

#include <algorithm>
#include <vector>

namespace stepshift::engine {

namespace {

std::vector<std::string_view> SplitColons(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t colon = text.find(':', start);
    if (colon == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, colon - start));
    start = colon + 1;
  }
}

bool AllDigits(std::string_view text) {
  if (text.empty()) {
    return false;
  }
  for (char c : text) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

Status InvalidPrefix(std::string_view arn) {
  return InvalidArn("Invalid ARN prefix: " + std::string(arn));
}

// Decodes one UTF-8 code point at `*pos`; returns false on malformed or overlong input.
bool NextCodePoint(std::string_view text, size_t* pos, uint32_t* out) {
  auto lead = static_cast<unsigned char>(text[*pos]);
  int extra = 0;
  if (lead >= 0xF0 && lead <= 0xF4) {
    extra = 3;
  } else if (lead >= 0xE0) {
    extra = lead <= 0xEF ? 2 : -1;
  } else if (lead >= 0xC2) {
    extra = 1;
  } else if (lead >= 0x80) {
    extra = -1;
  }
  if (extra < 0 || text.size() - *pos <= static_cast<size_t>(extra)) {
    return false;
  }
  uint32_t cp = extra == 0 ? lead : lead & (0x3F >> extra);
  for (int i = 1; i <= extra; ++i) {
    auto c = static_cast<unsigned char>(text[*pos + i]);
    if ((c & 0xC0) != 0x80) {
      return false;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  static constexpr uint32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMinForLength[extra]) {
    return false;
  }
  *pos += extra + 1;
  *out = cp;
  return true;
}

bool IsForbiddenCodePoint(uint32_t cp) {
  static constexpr std::string_view kForbidden = " <>{}[]?*\"#%\\^|~`$&,;:/";
  if (cp < 0x80 && kForbidden.find(static_cast<char>(cp)) != std::string_view::npos) {
    return true;
  }
  bool control = cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F);
  bool whitespace = cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
                    cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
  bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
  return control || whitespace || surrogate || cp == 0xFFFE || cp == 0xFFFF || cp > 0x10FFFF;
}

}  // namespace

Status InvalidArn(std::string_view detail) {
  return Status(StatusCode::kInvalidArgument, "Invalid Arn: '" + std::string(detail) + "'",
                "InvalidArn");
}

Status InvalidName(std::string_view name) {
  return Status(StatusCode::kInvalidArgument, "Invalid Name: '" + std::string(name) + "'",
                "InvalidName");
}

bool LooksLikeArn(std::string_view arn) {
  std::vector<std::string_view> parts = SplitColons(arn);
  return parts.size() >= 6 && parts[0] == "arn" && !parts[1].empty() && !parts[2].empty() &&
         !parts[5].empty();
}

Result<StateMachineArn> ParseStateMachineArn(std::string_view arn) {
  std::vector<std::string_view> parts = SplitColons(arn);
  if (parts.size() < 6 || parts[0] != "arn" || parts[1].empty() || parts[2] != "states" ||
      parts[3].empty() || parts[4].size() != 12 || !AllDigits(parts[4])) {
    return InvalidPrefix(arn);
  }
  if (parts[5] != "stateMachine") {
    return InvalidArn("Resource type not valid in this context: " + std::string(parts[5]));
  }
  if (parts.size() < 7 || parts.size() > 8 || parts[6].empty() ||
      (parts.size() == 8 && parts[7].empty())) {
    return InvalidPrefix(arn);
  }
  StateMachineArn result;
  result.name = std::string(parts[6]);
  size_t base_length = arn.size() - (parts.size() == 8 ? parts[7].size() + 1 : 0);
  result.base = std::string(arn.substr(0, base_length));
  if (parts.size() == 8) {
    result.qualifier = std::string(parts[7]);
    if (AllDigits(parts[7])) {
      result.kind = ArnKind::kVersion;
      // More than 18 digits cannot be a version this server issued; -1 never matches one.
      result.version = parts[7].size() > 18 ? -1 : std::stoll(result.qualifier);
    } else {
      result.kind = ArnKind::kAlias;
    }
  }
  return result;
}

namespace {

// `arn:<partition>:states:<region>:<account>:<type>:…` with `segments` non-empty segments.
Status CheckStatesArn(std::string_view arn, std::string_view type, size_t segments) {
  std::vector<std::string_view> parts = SplitColons(arn);
  if (parts.size() < 6 || parts[0] != "arn" || parts[1].empty() || parts[2] != "states" ||
      parts[3].empty() || parts[4].size() != 12 || !AllDigits(parts[4])) {
    return InvalidPrefix(arn);
  }
  if (parts[5] != type) {
    return InvalidArn("Resource type not valid in this context: " + std::string(parts[5]));
  }
  bool empty_segment =
      std::any_of(parts.begin() + 6, parts.end(), [](std::string_view p) { return p.empty(); });
  if (parts.size() != segments || empty_segment) {
    return InvalidPrefix(arn);
  }
  return Status::Ok();
}

}  // namespace

Status CheckExecutionArn(std::string_view arn) {
  return CheckStatesArn(arn, "execution", 8);
}

Status CheckMapRunArn(std::string_view arn) {
  return CheckStatesArn(arn, "mapRun", 8);
}

Status CheckActivityArn(std::string_view arn) {
  return CheckStatesArn(arn, "activity", 7);
}

bool IsActivityResource(std::string_view resource) {
  return CheckActivityArn(resource).ok();
}

std::string MakeExecutionArn(std::string_view state_machine_arn, std::string_view name,
                             std::string_view express_run_id) {
  // arn:<p>:states:<r>:<account>:stateMachine:<sm> -> arn:<p>:states:<r>:<account>:execution:…
  size_t type = state_machine_arn.find(":stateMachine:");
  std::string arn(state_machine_arn.substr(0, type));
  arn.append(express_run_id.empty() ? ":execution:" : ":express:");
  arn.append(state_machine_arn.substr(type + 14)).append(":").append(name);
  if (!express_run_id.empty())
    arn.append(":").append(express_run_id);
  return arn;
}

std::string MakeStateMachineArn(std::string_view partition, std::string_view region,
                                std::string_view account, std::string_view name) {
  std::string arn = "arn:";
  arn.append(partition).append(":states:").append(region).append(":").append(account);
  arn.append(":stateMachine:").append(name);
  return arn;
}

bool IsValidStateMachineName(std::string_view name) {
  if (name.empty()) {
    return false;
  }
  size_t pos = 0;
  size_t count = 0;
  while (pos < name.size()) {
    uint32_t cp = 0;
    if (!NextCodePoint(name, &pos, &cp) || IsForbiddenCodePoint(cp)) {
      return false;
    }
    ++count;
  }
  return count <= 80;
}

}  // namespace stepshift::engine
