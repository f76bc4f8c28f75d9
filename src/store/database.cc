#include "store/database.h"

#include <sqlite3.h>

#include <algorithm>
#include <utility>

#include "base/status_macros.h"

namespace stepshift::store {

namespace {

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return Status::Unavailable(std::move(message));
}

constexpr int kBusyTimeoutMs = 5000;

}  // namespace

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, DatabaseOptions options) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<Database> db(new Database(raw));
  if (rc != SQLITE_OK) {
    return SqliteError(raw, rc, "cannot open database " + path);
  }
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  // journal_mode returns a row, so it goes through Exec (which ignores rows).
  RETURN_IF_ERROR(
      db->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"));
  if (path != ":memory:") {
    RETURN_IF_ERROR(db->Exec("PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=" +
                             std::to_string(kJournalSizeLimit)));
    ASSIGN_OR_RETURN(Statement page_size, db->Prepare("PRAGMA page_size"));
    ASSIGN_OR_RETURN(bool row, page_size.Step());
    const int64_t frame_bytes = (row ? page_size.ColumnInt(0) : 4096) + 24;  // page + header
    CheckpointerOptions checkpoints{
        options.checkpoint_interval,
        std::max<int64_t>(2, options.truncate_wal_above_bytes / frame_bytes), &db->write_gate_};
    ASSIGN_OR_RETURN(db->checkpointer_, Checkpointer::Start(path, checkpoints));
    sqlite3_wal_hook(raw, &Database::OnWalCommit, db.get());
  }
  return db;
}

Result<std::unique_ptr<Database>> Database::OpenReader(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<Database> db(new Database(raw));
  if (rc != SQLITE_OK) {
    return SqliteError(raw, rc, "cannot open database " + path);
  }
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  return db;
}

Database::~Database() {
  checkpointer_.reset();
  sqlite3_close_v2(db_);
}

int Database::OnWalCommit(void* self, sqlite3*, const char*, int frames) {
  static_cast<Database*>(self)->checkpointer_->WalGrew(frames);
  return SQLITE_OK;
}

Status Database::Exec(std::string_view sql) {
  char* err = nullptr;
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string message = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return Status::Unavailable("sqlite: " + message);
  }
  return Status::Ok();
}

Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    return SqliteError(db_, rc, "cannot prepare statement");
  }
  return Statement(db_, stmt);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Statement& Statement::BindOptional(int index, const std::optional<std::string>& text) {
  return text ? Bind(index, std::string_view(*text)) : BindNull(index);
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  return Error(rc);
}

Status Statement::Run() {
  Result<bool> step = Step();
  Reset();
  return step.ok() ? Status::Ok() : step.status();
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int64_t Statement::ColumnInt(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

double Statement::ColumnDouble(int column) const {
  return sqlite3_column_double(stmt_, column);
}

std::string Statement::ColumnText(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  int size = sqlite3_column_bytes(stmt_, column);
  return text ? std::string(reinterpret_cast<const char*>(text), size) : std::string();
}

std::optional<std::string> Statement::ColumnOptionalText(int column) const {
  if (IsNull(column)) {
    return std::nullopt;
  }
  return ColumnText(column);
}

Status Statement::Error(int rc) const {
  return SqliteError(db_, rc, "sqlite step failed");
}

Result<Transaction> Transaction::Begin(Database* db) {
  db->write_gate().Enter();
  Status begun = db->Exec("BEGIN IMMEDIATE");
  if (!begun.ok()) {
    db->write_gate().Leave();
    return begun;
  }
  return Transaction(db);
}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), gate_(std::exchange(other.gate_, nullptr)) {}

void Transaction::LeaveGate() {
  if (gate_ != nullptr)
    std::exchange(gate_, nullptr)->Leave();
}

Transaction::~Transaction() {
  if (db_ != nullptr) {
    (void)db_->Exec("ROLLBACK");
  }
  LeaveGate();
}

Status Transaction::Commit() {
  Status status = db_->Exec("COMMIT");
  if (status.ok()) {
    db_ = nullptr;
    LeaveGate();
  }
  return status;
}

Status ForEachRow(Statement& stmt, const std::function<Status()>& row) {
  while (true) {
    Result<bool> has_row = stmt.Step();
    if (!has_row.ok()) {
      return has_row.status();
    }
    if (!*has_row) {
      return Status::Ok();
    }
    Status status = row();
    if (!status.ok()) {
      return status;
    }
  }
}

}  // namespace stepshift::store
