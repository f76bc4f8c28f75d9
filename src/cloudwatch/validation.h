// Input checks shared by the CloudWatch operations, with CloudWatch's error codes and wording.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "cloudwatch/types.h"

namespace stepshift::cloudwatch {

// A string member of 1..max characters.
Status CheckLength(std::string_view value, std::string_view parameter, size_t max, size_t min = 1);
// Up to 30 dimensions with valid names and values and no repeated name.
Status CheckDimensions(const std::vector<Dimension>& dims, std::string_view parameter);
Status CheckUnit(const std::optional<std::string>& unit, std::string_view parameter);
// A namespace: 1..255 characters, not starting with ':'; "AWS/" is reserved unless allowed.
Status CheckNamespace(std::string_view ns, std::string_view parameter, bool allow_reserved);
// Alarm periods: 10, 20, 30 or a multiple of 60. Query periods also allow 1 and 5.
Status CheckAlarmPeriod(int period, std::string_view parameter = "Period");
Status CheckQueryPeriod(int period, std::string_view parameter);
// A MetricDataQuery Id: ^[a-z][a-zA-Z0-9_]*$.
bool IsValidQueryId(const std::string& id);

}  // namespace stepshift::cloudwatch
