// MetricDataQuery lists on the wire, shared by GetMetricData (MetricDataQueries) and
// PutMetricAlarm / DescribeAlarms (Metrics).
#pragma once

#include <string_view>
#include <vector>

#include "api/cloudwatch/doc_reader.h"
#include "base/json.h"
#include "cloudwatch/types.h"

namespace stepshift::api::cloudwatch_wire {

std::vector<cloudwatch::MetricDataQuery> ReadMetricDataQueries(DocReader& r, std::string_view key);

// The list as it was put: members that were not given stay absent.
json::Array MetricDataQueriesDoc(const std::vector<cloudwatch::MetricDataQuery>& queries);

// Dimensions and Metric structures, as every operation writes them.
json::Array DimensionsDoc(const std::vector<cloudwatch::Dimension>& dims);
std::vector<cloudwatch::Dimension> ReadDimensions(DocReader& r, std::string_view key);
cloudwatch::MetricId ReadMetric(DocReader& r);

}  // namespace stepshift::api::cloudwatch_wire
