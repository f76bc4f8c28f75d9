// Lets the checkpointer rewind the WAL between two write transactions (checkpointer.h). The
// writer passes the gate for each transaction; the checkpointer closes it, which waits for the
// transaction in progress to end and holds the next one until it opens the gate again. Fair by
// construction: a writer that commits back to back cannot starve the checkpointer, as it could
// with a plain mutex (which a thread that releases it can take straight back).
#pragma once

#include <condition_variable>
#include <mutex>

namespace stepshift::store {

class WriteGate {
 public:
  // The writer, around each transaction. Enter waits while the gate is closed or closing.
  void Enter() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return !closed_; });
    writing_ = true;
  }

  void Leave() {
    {
      std::lock_guard lock(mu_);
      writing_ = false;
    }
    cv_.notify_all();
  }

  // The checkpointer. Close returns once no transaction is in progress.
  void Close() {
    std::unique_lock lock(mu_);
    closed_ = true;
    cv_.wait(lock, [this] { return !writing_; });
  }

  void Open() {
    {
      std::lock_guard lock(mu_);
      closed_ = false;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool writing_ = false;
  bool closed_ = false;
};

}  // namespace stepshift::store
