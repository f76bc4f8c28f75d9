#include "deploy/aws_executions_api.h"

#include <algorithm>

#include "base/status_macros.h"

namespace stepshift::deploy {

namespace {

// The service's page maximum: fewest calls against the 5/s ListExecutions budget.
constexpr size_t kPageSize = 1000;

std::string Str(const json::Object& object, std::string_view key) {
  const json::Value* value = json::Find(object, key);
  return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

}  // namespace

std::vector<ListedExecution> ParseExecutionsPage(const json::Value& response) {
  std::vector<ListedExecution> out;
  const json::Value* items =
      response.is_object() ? json::Find(response.as_object(), "executions") : nullptr;
  if (items == nullptr || !items->is_array())
    return out;
  out.reserve(items->as_array().size());
  for (const json::Value& item : items->as_array()) {
    if (!item.is_object())
      continue;
    const json::Object& e = item.as_object();
    ListedExecution listed;
    listed.arn = Str(e, "executionArn");
    if (listed.arn.empty())
      continue;
    listed.status = Str(e, "status");
    listed.start = aws::JsonTime(json::Find(e, "startDate"));
    if (const json::Value* stop = json::Find(e, "stopDate"))
      listed.stop = aws::JsonTime(stop);
    out.push_back(std::move(listed));
  }
  return out;
}

AwsExecutionsApi::AwsExecutionsApi(const aws::ClientConfig& config)
    : sfn_(config), cloudwatch_(config) {}

Result<ListedExecutions> AwsExecutionsApi::ListExecutions(const ExecutionsQuery& query) {
  ListedExecutions result;
  std::string token;
  do {
    // No bigger a page than the limit needs (one more item tells "more than the limit").
    const int64_t size = static_cast<int64_t>(std::min<size_t>(query.limit + 1, kPageSize));
    json::Object request{{"stateMachineArn", query.arn}, {"maxResults", size}};
    if (!query.status_filter.empty())
      request["statusFilter"] = query.status_filter;
    if (!token.empty())
      request["nextToken"] = token;
    ASSIGN_OR_RETURN(json::Value response, sfn_.Call("ListExecutions", request));
    // Newest first: the first execution started before `since` ends the listing.
    for (ListedExecution& e : ParseExecutionsPage(response)) {
      if (e.start < query.since)
        return result;
      if (result.executions.size() >= query.limit) {
        result.truncated = true;
        return result;
      }
      result.executions.push_back(std::move(e));
    }
    token = response.is_object() ? Str(response.as_object(), "nextToken") : "";
  } while (!token.empty());
  return result;
}

Result<std::string> AwsExecutionsApi::StartExecution(const std::string& state_machine_arn,
                                                     const std::string& input,
                                                     const std::string& name) {
  json::Object request{{"stateMachineArn", state_machine_arn}, {"input", input}};
  if (!name.empty())
    request["name"] = name;
  ASSIGN_OR_RETURN(json::Value response, sfn_.Call("StartExecution", request));
  std::string arn = response.is_object() ? Str(response.as_object(), "executionArn") : "";
  if (arn.empty())
    return Status::Internal("StartExecution answered without an executionArn");
  return arn;
}

Result<DescribedExecution> AwsExecutionsApi::DescribeExecution(const std::string& execution_arn) {
  ASSIGN_OR_RETURN(json::Value response,
                   sfn_.Call("DescribeExecution", json::Object{{"executionArn", execution_arn}}));
  if (!response.is_object())
    return Status::Internal("DescribeExecution answered with no object");
  const json::Object& e = response.as_object();
  DescribedExecution described;
  described.arn = execution_arn;
  described.status = Str(e, "status");
  if (const json::Value* output = json::Find(e, "output"); output && output->is_string())
    described.output = std::string(output->as_string());
  described.error = Str(e, "error");
  described.cause = Str(e, "cause");
  return described;
}

Status AwsExecutionsApi::StopExecution(const std::string& execution_arn, const std::string& cause) {
  json::Object request{{"executionArn", execution_arn}, {"cause", cause}};
  return sfn_.Call("StopExecution", request).status();
}

Result<json::Value> AwsExecutionsApi::GetMetricData(const json::Object& request) {
  return cloudwatch_.Call("GetMetricData", request);
}

}  // namespace stepshift::deploy
