#include "store/checkpointer.h"

#include <sqlite3.h>

#include <algorithm>
#include <iterator>

namespace stepshift::store {

namespace {

// Catch-up stops once at most this much of the WAL is left to copy (64 KiB of 4 KiB pages), when
// a round left more than the one before (the writer outpaces it), or after this many rounds.
constexpr int kResidueFrames = 16;
constexpr int kMaxCatchUpRounds = 4;
// How long the TRUNCATE, which holds the write gate, waits for a reader to leave the WAL: short,
// since the writer waits too; longer after each failed attempt, so that busy readers delay the
// rewind only a little and never keep the WAL growing.
constexpr int kTruncateWaitMs[] = {2, 8, 32, 50};
constexpr int kCloseWaitMs = 1000;

}  // namespace

Result<std::unique_ptr<Checkpointer>> Checkpointer::Start(const std::string& path,
                                                          CheckpointerOptions options) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Status::Unavailable("cannot open " + path + " for checkpoints: " + message);
  }
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
  return std::unique_ptr<Checkpointer>(new Checkpointer(db, options));
}

Checkpointer::Checkpointer(sqlite3* db, CheckpointerOptions options)
    : db_(db),
      options_(options),
      wake_at_frames_(options.truncate_above_frames / 2),
      thread_([this] { Run(); }) {}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  // Nobody writes any more: leave the WAL empty.
  sqlite3_busy_timeout(db_, kCloseWaitMs);
  sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  sqlite3_close_v2(db_);
}

void Checkpointer::WalGrew(int64_t frames) {
  if (frames < wake_at_frames_.load(std::memory_order_relaxed))
    return;
  {
    std::lock_guard lock(mu_);
    if (woken_)
      return;
    woken_ = true;
  }
  cv_.notify_one();
}

Status Checkpointer::CheckpointNow() {
  int log = 0;
  int copied = 0;
  const int rc = Passive(&log, &copied);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
    std::lock_guard lock(db_mu_);
    return Status::Unavailable(std::string("checkpoint failed: ") + sqlite3_errmsg(db_));
  }
  return Status::Ok();
}

void Checkpointer::Run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    cv_.wait_for(lock, options_.interval, [this] { return stop_ || woken_; });
    if (stop_)
      return;
    woken_ = false;
    lock.unlock();
    Checkpoint();
    lock.lock();
  }
}

void Checkpointer::Checkpoint() {
  const int64_t bound = options_.truncate_above_frames;
  int log = 0;
  int copied = 0;
  // A failed checkpoint is retried on the next wake; the WAL only grows meanwhile.
  if (Passive(&log, &copied) != SQLITE_OK)
    return;
  if (log < bound) {
    wake_at_frames_ = bound;  // copied half-way; next, catch up and truncate
    return;
  }
  for (int round = 1; round < kMaxCatchUpRounds && log - copied > kResidueFrames; ++round) {
    const int residue = log - copied;
    if (Passive(&log, &copied) != SQLITE_OK || log - copied >= residue)
      break;
  }
  if (Truncate()) {
    failed_truncates_ = 0;
    wake_at_frames_ = bound / 2;
  } else {
    // A reader held on: try again once the WAL has grown by another quarter of the bound (or
    // at the next interval), not at every commit.
    ++failed_truncates_;
    wake_at_frames_ = log + bound / 4;
  }
}

int Checkpointer::Passive(int* log, int* copied) {
  std::lock_guard lock(db_mu_);
  return sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, log, copied);
}

bool Checkpointer::Truncate() {
  WriteGate* gate = options_.write_gate;
  if (gate != nullptr)
    gate->Close();
  std::lock_guard lock(db_mu_);
  constexpr int kWaits = std::size(kTruncateWaitMs);
  sqlite3_busy_timeout(db_, kTruncateWaitMs[std::min(failed_truncates_, kWaits - 1)]);
  const int rc =
      sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  sqlite3_busy_timeout(db_, 0);
  if (gate != nullptr)
    gate->Open();
  return rc == SQLITE_OK;
}

}  // namespace stepshift::store
