#include "deploy/hook_executions.h"

#include <algorithm>
#include <cstdio>

#include "base/ids.h"

namespace stepshift::deploy {

namespace {

class Waiter {
 public:
  Waiter(ExecutionsApi* api, const std::vector<ExecutionRequest>& requests,
         const ExecutionWaitOptions& options)
      : api_(api), requests_(requests), o_(options) {
    result_.runs.resize(requests.size());
  }

  ExecutionsWait Run();

 private:
  bool Interrupted() const { return o_.interrupted != nullptr && o_.interrupted->load(); }

  void StartMore();
  void DescribeRunning();
  // Waits until `until` in slices; false when interrupted meanwhile.
  bool WaitUntil(Time until);
  ExecutionsWait StopRunning(WaitEnd end);

  ExecutionsApi* api_;
  const std::vector<ExecutionRequest>& requests_;
  const ExecutionWaitOptions& o_;
  ExecutionsWait result_;
  std::vector<size_t> running_;
  size_t next_ = 0;
};

ExecutionsWait Waiter::Run() {
  const Time deadline = o_.clock->Now() + o_.timeout;
  Duration poll = o_.first_poll;
  while (true) {
    if (Interrupted())
      return StopRunning(WaitEnd::kInterrupted);
    StartMore();
    if (running_.empty() && next_ == requests_.size())
      return std::move(result_);
    if (!WaitUntil(std::min(deadline, o_.clock->Now() + poll)))
      return StopRunning(WaitEnd::kInterrupted);
    DescribeRunning();
    // Checked after describing, so an execution that ended by the deadline counts as ended.
    if (o_.clock->Now() >= deadline && (!running_.empty() || next_ < requests_.size()))
      return StopRunning(WaitEnd::kTimedOut);
    poll = std::min(poll * 2, o_.max_poll);
  }
}

void Waiter::StartMore() {
  while (running_.size() < std::max<size_t>(o_.max_concurrent, 1) && next_ < requests_.size()) {
    const ExecutionRequest& request = requests_[next_];
    ExecutionRun& run = result_.runs[next_];
    auto arn = api_->StartExecution(request.state_machine_arn, request.input, HookExecutionName());
    if (arn.ok()) {
      run.arn = *arn;
      running_.push_back(next_);
    } else {
      run.error = arn.status();
    }
    ++next_;
  }
}

void Waiter::DescribeRunning() {
  std::vector<size_t> still;
  for (size_t i : running_) {
    ExecutionRun& run = result_.runs[i];
    auto described = api_->DescribeExecution(run.arn);
    if (!described.ok()) {
      run.error = described.status();  // the run ends here; it is stopped below
      (void)api_->StopExecution(run.arn, o_.stop_cause);
      continue;
    }
    run.described = *described;
    if (described->status == "RUNNING")
      still.push_back(i);
  }
  running_ = std::move(still);
}

bool Waiter::WaitUntil(Time until) {
  while (o_.clock->Now() < until) {
    if (Interrupted())
      return false;
    o_.clock->SleepUntil(std::min(until, o_.clock->Now() + o_.wait_slice));
    if (o_.while_waiting)
      o_.while_waiting();
  }
  return !Interrupted();
}

ExecutionsWait Waiter::StopRunning(WaitEnd end) {
  for (size_t i : running_) {
    ExecutionRun& run = result_.runs[i];
    run.stopped = api_->StopExecution(run.arn, o_.stop_cause).ok();
  }
  result_.end = end;
  return std::move(result_);
}

}  // namespace

std::string HookExecutionName() {
  return kHookExecutionPrefix + NewUuid();
}

bool IsHookExecution(const std::string& execution_arn) {
  const size_t colon = execution_arn.rfind(':');
  return execution_arn.compare(colon == std::string::npos ? 0 : colon + 1,
                               sizeof kHookExecutionPrefix - 1, kHookExecutionPrefix) == 0;
}

ExecutionsWait RunExecutions(ExecutionsApi* api, const std::vector<ExecutionRequest>& requests,
                             const ExecutionWaitOptions& options) {
  Waiter waiter(api, requests, options);
  return waiter.Run();
}

std::string DescribeRunEnd(const ExecutionRun& run) {
  if (run.arn.empty())
    return "not started: " + run.error.ToString();
  if (!run.error.ok())
    return "cannot be described: " + run.error.ToString();
  const DescribedExecution& d = run.described;
  if (d.status.empty())
    return "not described yet" + std::string(run.stopped ? ", stopped" : "");
  if (d.status == "RUNNING")
    return "still RUNNING" + std::string(run.stopped ? ", stopped" : "");
  if (d.error.empty() && d.cause.empty())
    return d.status;
  std::string cause = d.cause.size() > 200 ? d.cause.substr(0, 200) + "…" : d.cause;
  return d.status + " (" + d.error + (cause.empty() ? "" : ": " + cause) + ")";
}

std::string DurationText(Duration d) {
  const double s = std::chrono::duration<double>(d).count();
  char text[32];
  if (s == static_cast<double>(static_cast<int64_t>(s)))
    std::snprintf(text, sizeof text, "%lld s", static_cast<long long>(s));
  else
    std::snprintf(text, sizeof text, "%.1f s", s);
  return text;
}

}  // namespace stepshift::deploy
