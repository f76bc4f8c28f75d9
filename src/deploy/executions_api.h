// What the deploy controller reads and does about executions: list a version's recent
// executions, start and describe one (the hooks' test executions), stop one, and query the
// AWS/States metrics. Separate from Api (api.h) so the
// verdicts, pruning and rollback report can be faked on their own (fake_executions.h);
// AwsExecutionsApi (aws_executions_api.h) is the production one. Errors are Status with
// kind() = AWS error code ("StateMachineTypeNotSupported" for an EXPRESS machine's listing).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/json.h"
#include "base/result.h"

namespace stepshift::deploy {

struct ListedExecution {
  std::string arn;
  std::string status;  // RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE
  Time start{};
  std::optional<Time> stop;
};

struct ExecutionsQuery {
  std::string arn;            // a version ARN (or a state machine or alias ARN)
  Time since{};               // only executions started at or after this
  std::string status_filter;  // empty: every status
  // At most this many are returned; one more than `limit` found means "more than limit" and is
  // reported through `truncated`.
  size_t limit = 10000;
};

struct ListedExecutions {
  std::vector<ListedExecution> executions;  // newest first
  bool truncated = false;                   // more than query.limit started since query.since
};

// What DescribeExecution tells of one execution.
struct DescribedExecution {
  std::string arn;
  std::string status;                 // RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, ...
  std::optional<std::string> output;  // a JSON text; SUCCEEDED executions only
  std::string error;                  // FAILED, TIMED_OUT, ABORTED (when the service gives one)
  std::string cause;
};

class ExecutionsApi {
 public:
  virtual ~ExecutionsApi() = default;

  // ListExecutions, newest first, paging only until an execution started before `since`.
  virtual Result<ListedExecutions> ListExecutions(const ExecutionsQuery& query) = 0;
  // StartExecution of `state_machine_arn` (a state machine, version or alias ARN) with `input`
  // (a JSON text) and `name` (empty: named by the service); the new execution's ARN.
  virtual Result<std::string> StartExecution(const std::string& state_machine_arn,
                                             const std::string& input, const std::string& name) = 0;
  virtual Result<DescribedExecution> DescribeExecution(const std::string& execution_arn) = 0;
  virtual Status StopExecution(const std::string& execution_arn, const std::string& cause) = 0;
  // GetMetricData with `request` as the API spells it; the raw response.
  virtual Result<json::Value> GetMetricData(const json::Object& request) = 0;
};

}  // namespace stepshift::deploy
