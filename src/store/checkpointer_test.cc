#include "store/checkpointer.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <thread>

#include "base/ids.h"

namespace stepshift::store {
namespace {

namespace fs = std::filesystem;

// A WAL database with automatic checkpoints off and ~1 MB of rows still only in the WAL.
std::string WriteWalOnlyDatabase(const fs::path& dir, sqlite3** writer) {
  std::string path = (dir / "db").string();
  EXPECT_EQ(sqlite3_open(path.c_str(), writer), SQLITE_OK);
  const char* sql =
      "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE t (x);"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)"
      " INSERT INTO t SELECT randomblob(1000) FROM n;";
  EXPECT_EQ(sqlite3_exec(*writer, sql, nullptr, nullptr, nullptr), SQLITE_OK);
  return path;
}

TEST(CheckpointerTest, CheckpointMovesWalPagesIntoTheDatabaseFile) {
  fs::path dir = fs::temp_directory_path() / ("stepshift-ckpt-" + NewUuid());
  fs::create_directories(dir);
  sqlite3* writer = nullptr;
  std::string path = WriteWalOnlyDatabase(dir, &writer);
  auto before = fs::file_size(path);
  {
    auto checkpointer = Checkpointer::Start(path, {.interval = std::chrono::hours(1)});
    ASSERT_TRUE(checkpointer.ok()) << checkpointer.status().ToString();
    ASSERT_TRUE((*checkpointer)->CheckpointNow().ok());
  }
  EXPECT_GT(fs::file_size(path), before + 900 * 1000);
  sqlite3_close(writer);
  fs::remove_all(dir);
}

// The writer reports a WAL past the bound; the thread (which would otherwise sleep for an hour)
// copies it into the database file and rewinds it, once the write gate lets it.
TEST(CheckpointerTest, AWalPastItsBoundIsTruncatedThroughTheWriteGate) {
  fs::path dir = fs::temp_directory_path() / ("stepshift-ckpt-" + NewUuid());
  fs::create_directories(dir);
  sqlite3* writer = nullptr;
  std::string path = WriteWalOnlyDatabase(dir, &writer);
  ASSERT_GT(fs::file_size(path + "-wal"), 1000u * 1000);
  WriteGate gate;
  {
    auto checkpointer = Checkpointer::Start(
        path,
        {.interval = std::chrono::hours(1), .truncate_above_frames = 64, .write_gate = &gate});
    ASSERT_TRUE(checkpointer.ok()) << checkpointer.status().ToString();
    gate.Enter();  // a transaction in progress
    (*checkpointer)->WalGrew(300);
    gate.Leave();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (fs::file_size(path + "-wal") > 0 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_EQ(fs::file_size(path + "-wal"), 0u);
    EXPECT_GT(fs::file_size(path), 1000u * 1000);
  }
  sqlite3_close(writer);
  fs::remove_all(dir);
}

TEST(CheckpointerTest, MissingFileIsAnError) {
  EXPECT_FALSE(Checkpointer::Start("/nonexistent/dir/db").ok());
}

}  // namespace
}  // namespace stepshift::store
