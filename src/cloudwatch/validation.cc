#include "cloudwatch/validation.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "cloudwatch/errors.h"

namespace stepshift::cloudwatch {

Status CheckLength(std::string_view value, std::string_view parameter, size_t max, size_t min) {
  if (value.size() < min) {
    return InvalidParameterValue("The parameter " + std::string(parameter) + " must not be empty.");
  }
  if (value.size() > max) {
    return InvalidParameterValue("The parameter " + std::string(parameter) +
                                 " must be shorter than " + std::to_string(max + 1) +
                                 " characters.");
  }
  return Status::Ok();
}

Status CheckDimensions(const std::vector<Dimension>& dims, std::string_view parameter) {
  if (dims.size() > 30) {
    return InvalidParameterValue("The collection " + std::string(parameter) +
                                 " must not have a size greater than 30.");
  }
  std::set<std::string_view> names;
  for (size_t i = 0; i < dims.size(); ++i) {
    std::string member = std::string(parameter) + ".member." + std::to_string(i + 1);
    Status s = CheckLength(dims[i].name, member + ".Name", 255);
    if (s.ok()) {
      s = CheckLength(dims[i].value, member + ".Value", 1024);
    }
    if (!s.ok()) {
      return s;
    }
    if (!names.insert(dims[i].name).second) {
      return InvalidParameterValue(
          "No metric may have duplicate dimension names: " + std::string(parameter) + " has " +
          dims[i].name + " more than once.");
    }
  }
  return Status::Ok();
}

Status CheckUnit(const std::optional<std::string>& unit, std::string_view parameter) {
  if (unit && !IsStandardUnit(*unit)) {
    return InvalidParameterValue("The value " + *unit + " for parameter " + std::string(parameter) +
                                 " is not supported.");
  }
  return Status::Ok();
}

Status CheckNamespace(std::string_view ns, std::string_view parameter, bool allow_reserved) {
  Status s = CheckLength(ns, parameter, 255);
  if (!s.ok()) {
    return s;
  }
  if (ns.front() == ':' || (!allow_reserved && ns.substr(0, 4) == "AWS/")) {
    return InvalidParameterValue("The value " + std::string(ns) + " for parameter " +
                                 std::string(parameter) + " is invalid.");
  }
  return Status::Ok();
}

Status CheckAlarmPeriod(int period, std::string_view parameter) {
  const std::string p(parameter);
  if (period == 10 || period == 20 || period == 30 || (period >= 60 && period % 60 == 0)) {
    if (period > 86400 * 7) {
      return InvalidParameterValue("The parameter " + p +
                                   " must be less than or equal to 604800 seconds.");
    }
    return Status::Ok();
  }
  return InvalidParameterValue("The parameter " + p + " must be 10, 20, 30, or a multiple of 60.");
}

Status CheckQueryPeriod(int period, std::string_view parameter) {
  if (period == 1 || period == 5 || period == 10 || period == 20 || period == 30 ||
      (period >= 60 && period % 60 == 0)) {
    return Status::Ok();
  }
  return InvalidParameterValue("The parameter " + std::string(parameter) +
                               " must be 1, 5, 10, 20, 30, or a multiple of 60.");
}

bool IsValidQueryId(const std::string& id) {
  if (id.empty() || !std::islower(static_cast<unsigned char>(id[0]))) {
    return false;
  }
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

}  // namespace stepshift::cloudwatch
