#include "store/dir_lock.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "base/ids.h"

namespace stepshift::store {
namespace {

// Issue 14 item 7: before, a second server on the same directory started and lost writes.
TEST(DirectoryLockTest, ASecondHolderIsRefusedNamingTheFirstsPid) {
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("stepshift-lock-" + NewUuid())).string();
  std::filesystem::create_directories(dir);
  {
    auto first = DirectoryLock::Acquire(dir);
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    // flock locks belong to the open file, so a second open in this process contends too.
    auto second = DirectoryLock::Acquire(dir);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_EQ(second.status().message(),
              "data directory " + dir + " is in use by pid " + std::to_string(getpid()));
  }
  // Released with its holder.
  EXPECT_TRUE(DirectoryLock::Acquire(dir).ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace stepshift::store
