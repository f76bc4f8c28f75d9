// ExecutionsApi over the real AWS clients (works against AWS and `stepshift serve` alike).
#pragma once

#include "aws/client_config.h"
#include "aws/cloudwatch_client.h"
#include "aws/sfn_client.h"
#include "deploy/executions_api.h"

namespace stepshift::deploy {

class AwsExecutionsApi : public ExecutionsApi {
 public:
  explicit AwsExecutionsApi(const aws::ClientConfig& config);

  Result<ListedExecutions> ListExecutions(const ExecutionsQuery& query) override;
  Result<std::string> StartExecution(const std::string& state_machine_arn, const std::string& input,
                                     const std::string& name) override;
  Result<DescribedExecution> DescribeExecution(const std::string& execution_arn) override;
  Status StopExecution(const std::string& execution_arn, const std::string& cause) override;
  Result<json::Value> GetMetricData(const json::Object& request) override;

 private:
  aws::SfnClient sfn_;
  aws::CloudWatchClient cloudwatch_;
};

// One ListExecutions page's items (the "executions" member), in the response's order. Items
// without an ARN are skipped. Public for the benchmark.
std::vector<ListedExecution> ParseExecutionsPage(const json::Value& response);

}  // namespace stepshift::deploy
