#include "store/checkpointer.h"

#include <sqlite3.h>

namespace stepshift::store {

Result<std::unique_ptr<Checkpointer>> Checkpointer::Start(const std::string& path,
                                                          std::chrono::milliseconds interval) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Status::Unavailable("cannot open " + path + " for checkpoints: " + message);
  }
  sqlite3_busy_timeout(db, 1000);
  // A connection learns that a file is in WAL mode only when it first reads it; until then a
  // checkpoint is a silent no-op.
  const std::string setup = "PRAGMA journal_size_limit=" + std::to_string(kJournalSizeLimit) +
                            "; SELECT count(*) FROM sqlite_master";
  rc = sqlite3_exec(db, setup.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = sqlite3_errmsg(db);
    sqlite3_close_v2(db);
    return Status::Unavailable("cannot read " + path + " for checkpoints: " + message);
  }
  return std::unique_ptr<Checkpointer>(new Checkpointer(db, interval));
}

Checkpointer::Checkpointer(sqlite3* db, std::chrono::milliseconds interval)
    : db_(db), interval_(interval), thread_([this] { Run(); }) {}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  // Nobody writes any more: leave the WAL empty.
  sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  sqlite3_close_v2(db_);
}

Status Checkpointer::CheckpointNow() {
  std::lock_guard lock(mu_);
  int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
    return Status::Unavailable(std::string("checkpoint failed: ") + sqlite3_errmsg(db_));
  }
  return Status::Ok();
}

void Checkpointer::Run() {
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, interval_, [this] { return stop_; })) {
    lock.unlock();
    // A failed checkpoint is retried on the next tick; the WAL only grows meanwhile.
    (void)CheckpointNow();
    lock.lock();
  }
}

}  // namespace stepshift::store
