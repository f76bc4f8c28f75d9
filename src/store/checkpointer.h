// Moves WAL checkpoints off the write path. SQLite's automatic checkpoint runs inside whichever
// commit crosses the threshold and fsyncs the database file there, a multi-millisecond stall for
// that writer and every request queued behind it. Instead the writing connection turns automatic
// checkpoints off and this thread, on its own connection, runs PASSIVE checkpoints (which never
// block writers) a few times a second.
//
// PASSIVE alone does not bound the WAL: SQLite rewinds the WAL only when a writer starts after a
// checkpoint that copied every frame and while no reader still uses it, which sustained writes
// never allow, so the file grew by the write rate (tens of MB/s) until shutdown. The writing
// connection bounds it (Database::BeforeWrite: a TRUNCATE checkpoint past a threshold), since
// from this thread a TRUNCATE would lose the write lock to a busy writer again and again (SQLite
// has no fair queue). journal_size_limit caps what a rewound WAL keeps on disk.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "base/result.h"

struct sqlite3;

namespace stepshift::store {

// PRAGMA journal_size_limit for every connection of a WAL database file.
inline constexpr int64_t kJournalSizeLimit = 4 << 20;

class Checkpointer {
 public:
  // Opens its own connection to the database file at `path` and starts the thread.
  static Result<std::unique_ptr<Checkpointer>> Start(
      const std::string& path, std::chrono::milliseconds interval = std::chrono::milliseconds(200));
  // Runs a last checkpoint, then stops and joins the thread.
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Checkpoints now (the thread also does it every interval). For tests.
  Status CheckpointNow();

 private:
  Checkpointer(sqlite3* db, std::chrono::milliseconds interval);
  void Run();

  sqlite3* db_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;  // guards stop_ and serialises use of db_
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace stepshift::store
