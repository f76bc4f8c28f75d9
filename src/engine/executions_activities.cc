// Executions: activities (CreateActivity, DescribeActivity, ListActivities, DeleteActivity) and
// the workers' long polls for their tasks (GetActivityTask).
#include <algorithm>

#include "base/status_macros.h"
#include "engine/arn.h"
#include "engine/errors.h"
#include "engine/executions_impl.h"
#include "engine/model.h"
#include "engine/tags.h"

namespace stepshift::engine {

using internal::RecordPtr;
using internal::TaskResult;

namespace {

// AWS's quotas: activities per account and region, workers polling one activity at once.
constexpr size_t kMaxActivities = 10000;
constexpr size_t kMaxPollers = 1000;
constexpr Duration kPollTime = std::chrono::seconds(60);

Status ActivityDoesNotExist(const std::string& arn) {
  return Status(StatusCode::kNotFound, "Activity Does Not Exist: '" + arn + "'",
                "ActivityDoesNotExist");
}

// CreateActivity is idempotent by name: the same request answers the activity there is; one that
// asks for other settings is refused, as AWS refuses to change them.
Result<ActivityDescription> SameActivity(const ActivityDescription& have,
                                         const CreateActivityRequest& request) {
  if (have.encryption != request.encryption) {
    return AwsError("ActivityAlreadyExists",
                    "Activity already exists. EncryptionConfiguration may not be updated.");
  }
  return have;
}

}  // namespace

Result<ActivityDescription> Executions::CreateActivity(const CallContext& ctx,
                                                       const CreateActivityRequest& request) {
  if (!IsValidStateMachineName(request.name))
    return InvalidName(request.name);
  std::string arn = "arn:" + ctx.partition + ":states:" + ctx.region + ":" + ctx.account +
                    ":activity:" + request.name;
  if (request.tags.size() > internal::kMaxTagsPerResource)
    return TooManyTags(arn);
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto existing = impl_->activities.find(arn);
  if (existing != impl_->activities.end())
    return SameActivity(existing->second.description, request);
  if (impl_->activities.size() >= kMaxActivities) {
    return AwsError("ActivityLimitExceeded",
                    "Activity limit exceeded: " + std::to_string(kMaxActivities) + " activities");
  }
  ActivityDescription d{arn, request.name, impl_->options.clock->Now(), request.encryption,
                        request.tags};
  impl_->activities[arn].description = d;
  impl_->Persist([d](internal::ExecutionStore& store) { return store.PutActivity(d); });
  return d;
}

Result<ActivityDescription> Executions::DescribeActivity(const std::string& activity_arn) {
  RETURN_IF_ERROR(CheckActivityArn(activity_arn));
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto it = impl_->activities.find(activity_arn);
  if (it == impl_->activities.end())
    return ActivityDoesNotExist(activity_arn);
  return it->second.description;
}

Result<Page<ActivityDescription>> Executions::ListActivities(const CallContext& ctx,
                                                             const PageRequest& page) {
  std::string prefix =
      "arn:" + ctx.partition + ":states:" + ctx.region + ":" + ctx.account + ":activity:";
  std::string after;
  if (page.next_token) {
    ASSIGN_OR_RETURN(after, impl_->tokens.Decode(*page.next_token, "activities"));
  }
  size_t size = static_cast<size_t>(PageSize(page));
  Page<ActivityDescription> out;
  std::lock_guard<std::mutex> lock(impl_->mu);
  for (auto it = impl_->activities.upper_bound(std::max(after, prefix));
       it != impl_->activities.end() && it->first.starts_with(prefix); ++it) {
    if (out.items.size() == size) {
      out.next_token = impl_->tokens.Encode("activities", out.items.back().activity_arn);
      break;
    }
    out.items.push_back(it->second.description);
  }
  return out;
}

Status Executions::TagActivity(const std::string& activity_arn, const Tags& tags) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto it = impl_->activities.find(activity_arn);
  if (it == impl_->activities.end())
    return ResourceNotFound("Resource not found: '" + activity_arn + "'");
  ActivityDescription& d = it->second.description;
  RETURN_IF_ERROR(MergeTags(d.tags, tags, activity_arn));
  impl_->Persist([d](internal::ExecutionStore& store) { return store.PutActivity(d); });
  return Status::Ok();
}

Status Executions::UntagActivity(const std::string& activity_arn,
                                 const std::vector<std::string>& keys) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto it = impl_->activities.find(activity_arn);
  if (it == impl_->activities.end())
    return ResourceNotFound("Resource not found: '" + activity_arn + "'");
  ActivityDescription& d = it->second.description;
  RemoveTags(d.tags, keys);
  impl_->Persist([d](internal::ExecutionStore& store) { return store.PutActivity(d); });
  return Status::Ok();
}

Status Executions::DeleteActivity(const std::string& activity_arn) {
  RETURN_IF_ERROR(CheckActivityArn(activity_arn));
  std::vector<Impl::Poller> waiting;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    auto it = impl_->activities.find(activity_arn);
    if (it == impl_->activities.end())
      return Status::Ok();
    waiting.assign(std::make_move_iterator(it->second.pollers.begin()),
                   std::make_move_iterator(it->second.pollers.end()));
    impl_->activities.erase(it);
    impl_->Persist([activity_arn](internal::ExecutionStore& store) {
      return store.DeleteActivity(activity_arn);
    });
  }
  for (Impl::Poller& p : waiting)
    p.done(ActivityTask{});  // their activity is gone: no task will come
  return Status::Ok();
}

void Executions::GetActivityTask(const std::string& activity_arn, const std::string& worker,
                                 std::function<void(Result<ActivityTask>)> done) {
  if (Status checked = CheckActivityArn(activity_arn); !checked.ok())
    return done(checked);
  std::function<void()> answer;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    auto it = impl_->activities.find(activity_arn);
    if (it == impl_->activities.end())
      return done(ActivityDoesNotExist(activity_arn));
    Impl::Activity& activity = it->second;
    if (activity.pollers.size() >= kMaxPollers) {
      return done(AwsError("ActivityWorkerLimitExceeded",
                           "The maximum number of workers concurrently polling for activity "
                           "tasks has been reached."));
    }
    uint64_t id = impl_->next_poller++;
    activity.pollers.push_back({id, worker, std::move(done)});
    impl_->poll_timers.push({impl_->options.clock->Now() + kPollTime, activity_arn, id});
    impl_->timer_cv.notify_one();
    std::vector<std::function<void()>> answers;
    while (!activity.pending.empty() && !activity.pollers.empty()) {
      Impl::PendingActivityTask task = std::move(activity.pending.front());
      activity.pending.pop_front();
      impl_->OfferActivityTask(std::move(task), &answers);
    }
    answer = [answers = std::move(answers)] {
      for (const auto& a : answers)
        a();
    };
  }
  answer();
}

void Executions::Impl::OfferActivityTask(PendingActivityTask task,
                                         std::vector<std::function<void()>>* answers) {
  const RecordPtr& r = task.record;
  auto call = r->tasks.find(task.id);
  if (!r->running() || call == r->tasks.end())
    return;  // stopped or timed out while it waited: nobody takes it
  auto activity = activities.find(call->second.activity);
  if (activity == activities.end())
    return;
  if (activity->second.pollers.empty()) {
    activity->second.pending.push_back(std::move(task));
    return;
  }
  Poller poller = std::move(activity->second.pollers.front());
  activity->second.pollers.pop_front();
  TaskResult started;
  started.kind = TaskResult::Kind::kStarted;
  started.id = task.id;
  started.worker = poller.worker;
  Deliver(r, std::move(started));
  call->second.started = options.clock->Now();
  if (call->second.metric != nullptr)
    metrics.TaskStarted(call->second.metric, *call->second.started);
  ArmHeartbeat(r, task.id);
  answers->push_back(
      [done = std::move(poller.done),
       answer = ActivityTask{call->second.token, std::move(task.input)}] { done(answer); });
}

}  // namespace stepshift::engine
