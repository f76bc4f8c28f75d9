// A thin RAII layer over SQLite: a connection, prepared statements and transactions.
// Files are opened in WAL mode with synchronous=NORMAL: a committed transaction survives a crash
// of this process (the server's durability promise); an OS crash may lose the last commits.
// Checkpoints run on a background Checkpointer, not inside commits.
// Thread-safety: a Database must be used by one thread at a time; callers serialise access.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "store/checkpointer.h"

struct sqlite3;
struct sqlite3_stmt;

namespace stepshift::store {

class Statement;

struct DatabaseOptions {
  // Files only: how often the background thread checkpoints when nothing wakes it, and the WAL
  // size past which it rewinds the WAL (checkpointer.h): small, so that each rewind is short
  // (bench/README.md, "WAL size").
  std::chrono::milliseconds checkpoint_interval{200};
  int64_t truncate_wal_above_bytes = 1 << 20;
};

class Database {
 public:
  // Opens (creating if needed) the database file at `path`; ":memory:" opens a private in-memory
  // database. Returns Unavailable when the file cannot be opened or is not a database.
  static Result<std::unique_ptr<Database>> Open(const std::string& path,
                                                DatabaseOptions options = {});
  // A read-only connection to an existing database file that another connection writes (WAL
  // lets it read while that one commits). No checkpoints: the writer's connection runs them.
  static Result<std::unique_ptr<Database>> OpenReader(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more statements that return no rows.
  Status Exec(std::string_view sql);
  // Compiles one statement. The Statement must not outlive this Database.
  Result<Statement> Prepare(std::string_view sql);

  sqlite3* handle() { return db_; }

  // Passed by every Transaction for its whole life, so the checkpointer can rewind the WAL
  // between two transactions (checkpointer.h).
  WriteGate& write_gate() { return write_gate_; }

 private:
  explicit Database(sqlite3* db) : db_(db) {}

  static int OnWalCommit(void* self, sqlite3* db, const char* name, int frames);

  sqlite3* db_;
  WriteGate write_gate_;
  std::unique_ptr<Checkpointer> checkpointer_;  // files only; destroyed before db_ closes
};

// A prepared statement. Bind parameters are 1-based, as in SQLite. Reusable: Reset() after the
// last Step() to run it again with new bindings.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  ~Statement();

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view text);
  Statement& BindNull(int index);
  Statement& BindOptional(int index, const std::optional<std::string>& text);

  // Advances to the next row. Returns true when a row is available, false when done.
  Result<bool> Step();
  // Runs a statement that returns no rows, then resets it for reuse.
  Status Run();
  void Reset();

  bool IsNull(int column) const;
  int64_t ColumnInt(int column) const;
  double ColumnDouble(int column) const;
  std::string ColumnText(int column) const;
  std::optional<std::string> ColumnOptionalText(int column) const;

 private:
  friend class Database;

  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}

  Status Error(int rc) const;
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

// Steps `stmt` through its rows, calling `row` (which reads the current one) for each. Returns
// the first error of a step or of `row`.
Status ForEachRow(Statement& stmt, const std::function<Status()>& row);

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless Commit() succeeded. This makes
// "never a partial write" the default: any early return undoes everything.
class Transaction {
 public:
  static Result<Transaction> Begin(Database* db);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Database* db) : db_(db), gate_(&db->write_gate()) {}

  void LeaveGate();

  Database* db_;
  WriteGate* gate_;  // passed until COMMIT or ROLLBACK; null once left
};

}  // namespace stepshift::store
