#include "deploy/owner.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace stepshift::deploy {
namespace {

using std::chrono::seconds;

const Time kNow = FromEpochSeconds(1'700'000'000);

OwnerCheck Check(const std::string& owner, Time heartbeat = kNow) {
  return OwnerCheck{owner, heartbeat, kNow, seconds(90)};
}

// A child process that waits to be killed.
pid_t SpawnSleeper() {
  pid_t pid = fork();
  if (pid == 0) {
    pause();
    _exit(0);
  }
  return pid;
}

std::string HostOf(const std::string& owner) {
  return owner.substr(0, owner.find(':'));
}

TEST(OwnerTest, ThisProcessIsNeverTheRunningOwner) {
  EXPECT_FALSE(OwnerIsRunning(Check(DefaultOwner())));
}

TEST(OwnerTest, ALiveProcessOnThisHostRunsUntilItDies) {
  pid_t child = SpawnSleeper();
  ASSERT_GT(child, 0);
  const std::string owner = OwnerOf(child);
  // A stale heartbeat does not matter on this host: the process is there.
  EXPECT_TRUE(OwnerIsRunning(Check(owner, kNow - seconds(3600))));
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  // A fresh heartbeat does not matter either: the process is gone.
  EXPECT_FALSE(OwnerIsRunning(Check(owner)));
}

// Fails with the PID-only check this replaced: PID 1 always runs, but it is not the process that
// wrote the record when the start times differ (the PID was reused).
TEST(OwnerTest, AReusedPidIsNotTheOwner) {
  const std::string host = HostOf(DefaultOwner());
  const std::string pid1 = OwnerOf(1);
  ASSERT_NE(pid1.back(), ':') << "no /proc/1/stat";
  EXPECT_TRUE(OwnerIsRunning(Check(pid1)));
  EXPECT_FALSE(OwnerIsRunning(Check(host + ":1:1")));
  EXPECT_TRUE(OwnerIsRunning(Check(host + ":1")));  // an old record: the PID alone decides
  EXPECT_FALSE(OwnerIsRunning(Check(host + ":999999999:5")));
}

// Fails with the PID-only check this replaced, which counted every owner on another host as not
// running (and so resumed a live deployment from a second CI runner).
TEST(OwnerTest, AnotherHostIsJudgedByItsHeartbeat) {
  EXPECT_TRUE(OwnerIsRunning(Check("ci-runner-7:4242:99", kNow - seconds(30))));
  EXPECT_FALSE(OwnerIsRunning(Check("ci-runner-7:4242:99", kNow - seconds(91))));
  EXPECT_NE(DescribeOwner(Check("ci-runner-7:4242:99", kNow - seconds(30))).find("30 s ago"),
            std::string::npos);
}

TEST(OwnerTest, GarbageIsNotRunning) {
  EXPECT_FALSE(OwnerIsRunning(Check("garbage")));
  EXPECT_FALSE(OwnerIsRunning(Check("")));
  EXPECT_FALSE(OwnerIsRunning(Check("host:x:1")));
}

}  // namespace
}  // namespace stepshift::deploy
