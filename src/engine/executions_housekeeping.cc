// Executions: housekeeping on the timer thread: closed histories leave memory once durable,
// metrics are flushed, and executions past the retention are purged.
#include <algorithm>

#include "engine/executions_impl.h"

namespace stepshift::engine {

using internal::RecordPtr;

namespace {

constexpr Duration kPurgeInterval = std::chrono::hours(1);

}  // namespace

void Executions::Impl::ReleaseHistories() {
  std::lock_guard<std::mutex> lock(mu);
  while (!releasable.empty() && !broken && committer->IsSettled(releasable.front().write)) {
    internal::ExecutionRecord& r = *releasable.front().record;
    if (!r.running() && r.event_count == releasable.front().event_count) {
      r.events = {};
      r.events_on_disk = true;
    }
    releasable.pop_front();
  }
}

void Executions::Impl::Housekeeping(Time now) {
  ReleaseHistories();
  if (now >= next_flush) {
    metrics.Flush();
    next_flush = now + kFlushInterval;
  }
  if (now >= next_purge) {
    Purge(now - options.retention);
    next_purge = now + kPurgeInterval;
  }
}

void Executions::Impl::Purge(Time cutoff) {
  std::lock_guard<std::mutex> lock(mu);
  auto expired = [cutoff](const RecordPtr& r) {
    return r->stop_date && *r->stop_date < cutoff && !r->redriving;
  };
  std::vector<int64_t> seqs;
  for (auto& [machine, records] : by_machine) {
    for (const RecordPtr& r : records) {
      if (expired(r)) {
        by_arn.erase(r->arn);
        seqs.push_back(r->seq);
        ForgetMapRuns(*r);
      }
    }
    records.erase(std::remove_if(records.begin(), records.end(), expired), records.end());
  }
  if (!seqs.empty())
    Persist([seqs](internal::ExecutionStore& store) { return store.Purge(seqs); });
}

}  // namespace stepshift::engine
