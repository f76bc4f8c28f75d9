// An in-memory ExecutionsApi for tests: executions with a start, a duration and an outcome, seen
// through a Clock (RUNNING until their stop time). ListExecutions answers newest first and stops
// at `since`, as the AWS one does; GetMetricData answers a scripted response. Not thread-safe.
#pragma once

#include <string>
#include <vector>

#include "base/clock.h"
#include "deploy/executions_api.h"

namespace stepshift::deploy::testing {

class FakeExecutions : public ExecutionsApi {
 public:
  struct Execution {
    std::string arn;
    std::string version_arn;
    Time start{};
    Time stop{};
    bool fails = false;
    bool aborted = false;
  };

  explicit FakeExecutions(const Clock* clock) : clock_(clock) {}

  // REQUIRES: `start` no earlier than the last added execution's (start order is list order).
  void Add(const std::string& version_arn, Time start, Duration duration, bool fails) {
    executions.push_back({version_arn + "/e" + std::to_string(executions.size()), version_arn,
                          start, start + duration, fails, false});
  }

  std::string StatusOf(const Execution& e) const {
    if (e.aborted)
      return "ABORTED";
    if (e.stop > clock_->Now())
      return "RUNNING";
    return e.fails ? "FAILED" : "SUCCEEDED";
  }

  Result<ListedExecutions> ListExecutions(const ExecutionsQuery& query) override {
    ++list_calls;
    if (!list_error.ok())
      return list_error;
    ListedExecutions out;
    for (auto it = executions.rbegin(); it != executions.rend(); ++it) {
      if (it->start > clock_->Now() || it->version_arn != query.arn)
        continue;  // not started yet (a generator may run ahead of the clock)
      if (it->start < query.since)
        break;
      const std::string status = StatusOf(*it);
      if (!query.status_filter.empty() && status != query.status_filter)
        continue;
      if (out.executions.size() >= query.limit) {
        out.truncated = true;
        break;
      }
      ListedExecution listed{it->arn, status, it->start, std::nullopt};
      if (status != "RUNNING")
        listed.stop = it->stop;
      out.executions.push_back(std::move(listed));
    }
    return out;
  }

  Status StopExecution(const std::string& arn, const std::string&) override {
    for (Execution& e : executions) {
      if (e.arn == arn && StatusOf(e) == "RUNNING") {
        e.aborted = true;
        e.stop = clock_->Now();
        stopped.push_back(arn);
        return Status::Ok();
      }
    }
    return Status(StatusCode::kNotFound, "Execution Does Not Exist: '" + arn + "'",
                  "ExecutionDoesNotExist");
  }

  Result<json::Value> GetMetricData(const json::Object& request) override {
    metric_requests.push_back(request);
    return metric_response;
  }

  std::vector<Execution> executions;  // in start order
  Status list_error = Status::Ok();
  int list_calls = 0;
  std::vector<std::string> stopped;
  std::vector<json::Object> metric_requests;
  json::Value metric_response = json::Object{};

 private:
  const Clock* clock_;
};

}  // namespace stepshift::deploy::testing
