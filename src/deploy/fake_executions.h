// An in-memory ExecutionsApi for tests: executions with a start, a duration and an outcome, seen
// through a Clock (RUNNING until their stop time). ListExecutions answers newest first and stops
// at `since`, as the AWS one does; GetMetricData answers a scripted response. StartExecution
// runs a script chosen by `on_start` (the hooks' executions; they are not listed). Not
// thread-safe.
#pragma once

#include <functional>
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

  // How a started execution ends: `duration` after its start, with `status` and, when it
  // succeeds, `output` (empty: its input); otherwise `error` and `cause`.
  struct Script {
    Duration duration{};
    std::string status = "SUCCEEDED";
    std::string output;
    std::string error;
    std::string cause;
  };

  struct Started {
    std::string arn;
    std::string machine_arn;
    std::string input;
    Time start{};
    Script script;
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

  Result<std::string> StartExecution(const std::string& machine_arn, const std::string& input,
                                     const std::string& name) override {
    names.push_back(name);
    Result<Script> script = on_start ? on_start(machine_arn, input) : Script{};
    if (!script.ok())
      return script.status();
    const std::string arn = machine_arn + "/hook-" + std::to_string(started.size());
    started.push_back({arn, machine_arn, input, clock_->Now(), *script, false});
    return arn;
  }

  Result<DescribedExecution> DescribeExecution(const std::string& arn) override {
    ++describe_calls;
    for (const Started& s : started) {
      if (s.arn != arn)
        continue;
      DescribedExecution d{arn, s.script.status, std::nullopt, s.script.error, s.script.cause};
      if (s.aborted) {
        d.status = "ABORTED";
      } else if (clock_->Now() < s.start + s.script.duration) {
        d = DescribedExecution{arn, "RUNNING", std::nullopt, "", ""};
      } else if (d.status == "SUCCEEDED") {
        d.output = s.script.output.empty() ? s.input : s.script.output;
      }
      return d;
    }
    return Status(StatusCode::kNotFound, "Execution Does Not Exist: '" + arn + "'",
                  "ExecutionDoesNotExist");
  }

  Status StopExecution(const std::string& arn, const std::string& cause) override {
    for (Started& s : started) {
      if (s.arn == arn && !s.aborted && clock_->Now() < s.start + s.script.duration) {
        s.aborted = true;
        stopped.push_back(arn);
        stop_causes.push_back(cause);
        return Status::Ok();
      }
    }
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
  std::vector<std::string> stop_causes;  // of the started executions stopped
  // Chooses each started execution's script; unset: it succeeds at once, its input its output.
  std::function<Result<Script>(const std::string& machine_arn, const std::string& input)> on_start;
  std::vector<Started> started;    // in start order
  std::vector<std::string> names;  // StartExecution's `name`s, in start order
  int describe_calls = 0;
  std::vector<json::Object> metric_requests;
  json::Value metric_response = json::Object{};

 private:
  const Clock* clock_;
};

}  // namespace stepshift::deploy::testing
