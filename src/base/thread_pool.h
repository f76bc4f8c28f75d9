// A pool of threads that grows on demand up to a cap and keeps its idle threads: work that blocks
// (a local command, a long poll) gets a thread of its own while the cap allows, the rest waits
// its turn in arrival order.
// Thread-safety: Submit may be called from any thread, including the pool's own.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace stepshift {

class ThreadPool {
 public:
  explicit ThreadPool(int max_threads);
  // Runs what is queued, then joins every thread: whoever submitted blocking work must have made
  // it return (e.g. cancelled it) first.
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  void Submit(std::function<void()> work);

 private:
  void Run();

  const int max_threads_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  int idle_ = 0;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace stepshift
