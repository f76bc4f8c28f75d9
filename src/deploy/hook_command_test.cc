// Hook commands run for real (/bin/sh); their timeout is judged on a FakeClock that each test
// moves itself, so a timeout takes as long as the test says, not the timeout's real length.
#include "deploy/hook_command.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <thread>

namespace stepshift::deploy {
namespace {

using std::chrono::seconds;

class HookCommandTest : public ::testing::Test {
 protected:
  CommandOptions Options() {
    CommandOptions o;
    o.clock = &clock_;
    o.interrupted = &interrupted_;
    o.timeout = seconds(30);
    o.wait_slice = std::chrono::milliseconds(10);
    o.echo_fd = -1;
    return o;
  }

  FakeClock clock_;
  std::atomic<bool> interrupted_{false};
};

// Whether `pid` is gone (or a zombie nobody reaped: it runs no more).
bool Gone(const std::string& pid) {
  std::ifstream stat("/proc/" + pid + "/stat");
  std::string line;
  if (!std::getline(stat, line))
    return true;
  const size_t paren = line.rfind(')');
  return paren != std::string::npos && line.size() > paren + 2 && line[paren + 2] == 'Z';
}

TEST_F(HookCommandTest, ExitZeroPassesWithTheFactsInItsEnvironment) {
  CommandOptions o = Options();
  o.environment = {{"STEPSHIFT_PHASE", "PreTraffic"}, {"HOME", "/replaced"}};
  auto run = RunHookCommand(R"(echo "$STEPSHIFT_PHASE $HOME" >&2; echo out)", o);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->end, WaitEnd::kDone);
  EXPECT_EQ(run->exit_code, 0);
  EXPECT_EQ(run->stderr_tail, "PreTraffic /replaced\n");  // stdout is not captured
}

TEST_F(HookCommandTest, ANonZeroExitKeepsTheLastLinesOfStderr) {
  auto run = RunHookCommand("for i in 1 2 3 4 5; do echo line $i >&2; done; exit 3", Options());
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->exit_code, 3);
  EXPECT_EQ(run->signal, 0);
  EXPECT_EQ(LastLines(run->stderr_tail, 3), "line 3 | line 4 | line 5");
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  std::getline(in, text);
  return text;
}

// Waits (briefly, in real time) for the kernel to finish a SIGKILL delivered to `pid`.
bool EventuallyGone(const std::string& pid) {
  for (int i = 0; i < 2000 && !Gone(pid); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return Gone(pid);
}

TEST_F(HookCommandTest, ATimeoutKillsTheWholeProcessGroup) {
  const std::string pid_file = ::testing::TempDir() + "/hook-command-timeout.pid";
  std::remove(pid_file.c_str());
  CommandOptions o = Options();
  o.timeout = seconds(5);
  o.while_waiting = [&] {
    if (!ReadFile(pid_file).empty())  // time passes once the command started its child
      clock_.Advance(seconds(1));
  };
  auto run = RunHookCommand("sleep 60 & echo $! > " + pid_file + "; wait", o);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->end, WaitEnd::kTimedOut);
  EXPECT_EQ(run->signal, SIGKILL);
  const std::string child = ReadFile(pid_file);
  ASSERT_FALSE(child.empty());
  EXPECT_TRUE(EventuallyGone(child)) << "the background sleep " << child << " survived";
}

TEST_F(HookCommandTest, AnInterruptionKillsIt) {
  CommandOptions o = Options();
  o.while_waiting = [&] { interrupted_ = true; };
  auto run = RunHookCommand("sleep 60", o);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->end, WaitEnd::kInterrupted);
  EXPECT_EQ(run->signal, SIGKILL);
}

// The controller catches SIGINT to restore the alias; a command must not inherit that (or an
// ignored SIGINT): it gets the default disposition, so it can be stopped like any program.
TEST_F(HookCommandTest, SignalsAreDefaultInTheCommand) {
  struct sigaction ignore = {}, old = {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGINT, &ignore, &old);
  auto run = RunHookCommand("kill -INT $$; sleep 5; exit 0", Options());
  sigaction(SIGINT, &old, nullptr);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->end, WaitEnd::kDone);
  EXPECT_EQ(run->signal, SIGINT);
  EXPECT_EQ(run->exit_code, 128 + SIGINT);
}

TEST_F(HookCommandTest, ACommandLeftRunningInTheBackgroundDoesNotHoldTheHook) {
  auto run = RunHookCommand("sleep 60 & echo $! >&2; exit 0", Options());
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->end, WaitEnd::kDone);
  EXPECT_EQ(run->exit_code, 0);
  const std::string child = LastLines(run->stderr_tail, 1);
  ASSERT_FALSE(child.empty());
  EXPECT_FALSE(Gone(child));  // still running: the hook did not wait for it
  kill(std::stoi(child), SIGKILL);
}

TEST(LastLinesTest, SkipsBlankLinesAndJoins) {
  EXPECT_EQ(LastLines("a\n\nb\r\nc\n\n", 2), "b | c");
  EXPECT_EQ(LastLines("", 3), "");
  EXPECT_EQ(LastLines("only", 3), "only");
}

}  // namespace
}  // namespace stepshift::deploy
