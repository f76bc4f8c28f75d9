#include "base/thread_pool.h"

#include <algorithm>

namespace stepshift {

ThreadPool::ThreadPool(int max_threads) : max_threads_(std::max(1, max_threads)) {}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_)
    t.join();
}

void ThreadPool::Submit(std::function<void()> work) {
  std::lock_guard<std::mutex> lock(mu_);
  queue_.push_back(std::move(work));
  // One idle thread per queued item is enough; otherwise grow while the cap allows.
  if (idle_ >= static_cast<int>(queue_.size())) {
    cv_.notify_one();
  } else if (static_cast<int>(threads_.size()) < max_threads_) {
    threads_.emplace_back([this] { Run(); });
  }
}

void ThreadPool::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    if (queue_.empty()) {
      if (stop_)
        return;
      ++idle_;
      cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      --idle_;
      continue;
    }
    std::function<void()> work = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    work();
    lock.lock();
  }
}

}  // namespace stepshift
