// Moves WAL checkpoints off the write path. SQLite's automatic checkpoint runs inside whichever
// commit crosses the threshold and fsyncs the database file there, a multi-millisecond stall for
// that writer and every request queued behind it. Instead the writing connection turns automatic
// checkpoints off and this thread, on its own connection, does all of it:
//
//  - PASSIVE checkpoints, which never block the writer, copy the WAL into the database file and
//    fsync it: every interval, and as soon as the writer's commits take the WAL past half its
//    bound (the writer calls WalGrew after each commit).
//  - Past the bound, it rewinds the WAL with a TRUNCATE checkpoint. PASSIVE alone does not bound
//    the WAL: SQLite rewinds it only when a writer starts after a checkpoint that copied every
//    frame, which sustained writes never allow (the file grew by tens of MB/s). So this thread
//    first catches up with PASSIVE rounds, each copying what the writer added during the last
//    one, then closes the database's write gate (write_gate.h, which every Transaction passes)
//    so the writer is between transactions, and truncates: what is left to copy and sync
//    under the gate is a round's worth, a fraction of a millisecond, where the writer's own
//    TRUNCATE had to copy and fsync the whole megabyte (12 ms at 5,600 executions/s).
//
// journal_size_limit caps what a rewound WAL keeps on disk.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "base/result.h"
#include "store/write_gate.h"

struct sqlite3;

namespace stepshift::store {

// PRAGMA journal_size_limit for every connection of a WAL database file.
inline constexpr int64_t kJournalSizeLimit = 4 << 20;

struct CheckpointerOptions {
  std::chrono::milliseconds interval{200};
  int64_t truncate_above_frames = 256;  // the WAL's bound, in frames (pages)
  WriteGate* write_gate = nullptr;      // passed by the writer for each transaction; may be null
};

class Checkpointer {
 public:
  // Opens its own connection to the database file at `path` and starts the thread.
  static Result<std::unique_ptr<Checkpointer>> Start(const std::string& path,
                                                     CheckpointerOptions options = {});
  // Stops and joins the thread, then truncates the WAL one last time.
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // The writer's connection reports the WAL's size (frames) after each commit; cheap unless it
  // wakes the thread.
  void WalGrew(int64_t frames);

  // A PASSIVE checkpoint now (the thread also runs them). For tests.
  Status CheckpointNow();

 private:
  Checkpointer(sqlite3* db, CheckpointerOptions options);
  void Run();
  void Checkpoint();
  // One PASSIVE checkpoint; SQLite's result code. `log` and `copied` are the WAL's frames and
  // how many of them are in the database file.
  int Passive(int* log, int* copied);
  bool Truncate();

  sqlite3* db_;  // used by the thread only, and by CheckpointNow under db_mu_
  CheckpointerOptions options_;
  std::atomic<int64_t> wake_at_frames_;
  int failed_truncates_ = 0;  // in a row; the thread's own
  std::mutex db_mu_;          // serialises use of db_
  std::mutex mu_;             // guards stop_ and woken_
  std::condition_variable cv_;
  bool stop_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace stepshift::store
