// RedriveExecution: a Standard execution that failed, timed out or was aborted goes on from where
// it stopped, under the same ARN, version and alias (Developer Guide, "Restarting state machine
// executions with redrive"). The interpreter keeps the point to go on from; this file checks
// AWS's eligibility rules, reopens the record and runs it again.
#include "base/status_macros.h"
#include "engine/arn.h"
#include "engine/errors.h"
#include "engine/executions_impl.h"

namespace stepshift::engine {

using internal::RecordPtr;

namespace {

// AWS's quotas: 14 days after the close, a history below 25,000 events with room for the redrive.
constexpr Duration kRedrivablePeriod = std::chrono::hours(24 * 14);
constexpr int64_t kMaxRedriveHistory = 24999;

}  // namespace

namespace internal {

std::optional<std::string> RedriveBlocker(const ExecutionRecord& r, Time now) {
  // The reasons are the ones DescribeExecution's redriveStatusReason documents.
  if (r.running() || r.status == asl::ExecutionStatus::kSucceeded)
    return "Execution is " + std::string(StatusName(r.status)) + " and cannot be redriven";
  if (r.stop_date && now - *r.stop_date > kRedrivablePeriod)
    return "Execution redrivable period exceeded";
  if (r.event_count >= kMaxRedriveHistory)
    return "Execution history event limit exceeded";
  if (r.state.frames.size() != 1)  // closed before the store kept where executions stop
    return "Execution was started before the launch of RedriveExecution";
  return std::nullopt;
}

}  // namespace internal

Result<Time> Executions::Redrive(const std::string& execution_arn,
                                 const std::string& client_token) {
  return impl_->Redrive(execution_arn, client_token);
}

Result<Time> Executions::Impl::Redrive(const std::string& execution_arn,
                                       const std::string& client_token) {
  RETURN_IF_ERROR(CheckExecutionArn(execution_arn));
  std::unique_lock<std::mutex> lock(mu);
  auto it = by_arn.find(execution_arn);
  if (it == by_arn.end())
    return ExecutionDoesNotExist(execution_arn);
  RecordPtr r = it->second;
  // Another redrive is reading the history back: this one answers from what that one leaves.
  redrive_cv.wait(lock, [&] { return !r->redriving; });
  // The same clientToken repeats the redrive it made (RedriveExecution is idempotent).
  if (!client_token.empty() && client_token == r->redrive_token)
    return *r->redrive_date;
  Time now = options.clock->Now();
  if (std::optional<std::string> reason = internal::RedriveBlocker(*r, now))
    return AwsError("ExecutionNotRedrivable", *reason);
  if (r->events_on_disk) {
    // The history goes on in memory while the execution runs again; it is read without the
    // lock. Meanwhile the record stays the closed execution for everyone else (a Stop finds it
    // closed, a Describe describes it closed) and other redrives wait; a failed read leaves it
    // exactly so.
    r->redriving = true;
    lock.unlock();
    if (options.before_redrive_read)
      options.before_redrive_read(execution_arn);
    Result<std::vector<internal::EventChunkPtr>> events = store->ReadEvents(r->seq);
    lock.lock();
    r->redriving = false;
    redrive_cv.notify_all();
    RETURN_IF_ERROR(events.status());
    r->events = std::move(*events);
    r->events_on_disk = false;
  }
  // One step under the lock: from closed to the redriven RUNNING execution.
  r->status = asl::ExecutionStatus::kRunning;
  r->stop_date.reset();
  r->error.clear();
  r->cause.clear();
  ++r->redrive_count;
  r->redrive_date = now;
  r->redrive_token = client_token;
  r->redrive = true;
  r->busy = true;
  metrics.Redriven(r->metrics, now);
  lock.unlock();
  RunSlice(r);
  return now;
}

}  // namespace stepshift::engine
