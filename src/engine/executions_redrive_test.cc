// RedriveExecution of an execution whose history has left memory: while the redrive reads it back
// from the file, other calls see the closed execution, and a failed read leaves it as it was.
#include <algorithm>
#include <filesystem>
#include <thread>

#include "engine/executions_test_util.h"

namespace stepshift::engine {
namespace {

class ExecutionsRedriveTest : public ExecutionsTest {
 protected:
  // A failed execution whose history is durable and released from memory, in a file of its own.
  std::string FailedOnDisk(const std::string& dir_name) {
    path_ = ::testing::TempDir() + "/" + dir_name;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
    path_ += "/executions.db";
    OpenExecutions(path_);
    CreateMachine(kTaskMachine);
    std::string arn = StartOk(kArn, "e", R"({"fail":1})");
    executions_->RunPending();
    EXPECT_TRUE(executions_->WaitDurable(executions_->WriteBarrier()).ok());
    executions_->RunPending();  // releases the history: a redrive reads it back
    return arn;
  }

  // Runs `sql` on a connection of its own to the executions file.
  void Exec(const std::string& sql) {
    auto db = store::Database::Open(path_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    Status done = (*db)->Exec(sql);
    ASSERT_TRUE(done.ok()) << done.ToString();
  }

  // What a concurrent DescribeExecution and StopExecution see of `closed`'s execution while a
  // redrive reads its history: the closed execution, unchanged.
  void ExpectClosed(const ExecutionDescription& closed) {
    ExecutionDescription during = DescribeOk(closed.execution_arn);
    EXPECT_EQ(during.status, closed.status);
    EXPECT_EQ(during.stop_date, closed.stop_date);
    EXPECT_EQ(during.error, closed.error);
    EXPECT_EQ(during.redrive_count, closed.redrive_count);
    EXPECT_EQ(during.redrive_status, "REDRIVABLE");
    if (during.status == "RUNNING")
      return;  // a StopExecution would wait for this very thread
    Result<Time> stopped = executions_->Stop(closed.execution_arn, "Halt", "during the read");
    ASSERT_TRUE(stopped.ok()) << stopped.status().ToString();
    EXPECT_EQ(*stopped, *closed.stop_date);
  }

  std::string path_;
};

TEST_F(ExecutionsRedriveTest, CallsDuringTheReadBackSeeTheClosedExecutionThenTheRedrivenOne) {
  std::string arn = FailedOnDisk("redrive-read-back");
  ExecutionDescription closed = DescribeOk(arn);
  ASSERT_EQ(closed.status, "FAILED");
  tasks_.fail_marked = false;
  bool read_back = false;
  std::thread second;
  Result<Time> second_answer = Status::Internal("not called");
  before_redrive_read_ = [&](const std::string& read_arn) {
    read_back = read_arn == arn;
    ExpectClosed(closed);
    // A second redrive waits for this one's read, then finds the execution running.
    second = std::thread([&] { second_answer = executions_->Redrive(arn, "second"); });
  };
  Result<Time> redriven = executions_->Redrive(arn, "first");
  ASSERT_TRUE(redriven.ok()) << redriven.status().ToString();
  second.join();
  EXPECT_TRUE(read_back);
  ASSERT_FALSE(second_answer.ok());
  EXPECT_EQ(second_answer.status().kind(), "ExecutionNotRedrivable");
  EXPECT_EQ(second_answer.status().message(), "Execution is RUNNING and cannot be redriven");
  EXPECT_EQ(DescribeOk(arn).redrive_count, 1);
  // The StopExecution during the read stopped nothing: it found the execution closed.
  executions_->RunPending();
  ExecutionDescription after = DescribeOk(arn);
  EXPECT_EQ(after.status, "SUCCEEDED");
  EXPECT_EQ(after.redrive_date, *redriven);
  std::vector<std::string> types = EventTypes(arn);
  EXPECT_EQ(types.front(), "ExecutionStarted");
  EXPECT_NE(std::find(types.begin(), types.end(), "ExecutionRedriven"), types.end());
  EXPECT_EQ(types.back(), "ExecutionSucceeded");
}

TEST_F(ExecutionsRedriveTest, AFailedReadBackLeavesTheExecutionAsItWas) {
  std::string arn = FailedOnDisk("redrive-read-fails");
  ExecutionDescription closed = DescribeOk(arn);
  ASSERT_EQ(closed.status, "FAILED");
  tasks_.fail_marked = false;
  // The history's first events go missing from the file: reading it back is a store error.
  Exec("UPDATE sfn_events SET first_id = first_id + 1000 WHERE first_id = 1");
  before_redrive_read_ = [&](const std::string&) { ExpectClosed(closed); };
  Result<Time> redriven = executions_->Redrive(arn, "token");
  ASSERT_FALSE(redriven.ok());
  EXPECT_NE(redriven.status().message().find("event ids"), std::string::npos)
      << redriven.status().ToString();
  ExecutionDescription after = DescribeOk(arn);
  EXPECT_EQ(after.status, closed.status);
  EXPECT_EQ(after.stop_date, closed.stop_date);
  EXPECT_EQ(after.error, closed.error);
  EXPECT_EQ(after.cause, closed.cause);
  EXPECT_EQ(after.redrive_count, 0);
  EXPECT_EQ(after.redrive_date, std::nullopt);
  EXPECT_EQ(after.redrive_status, "REDRIVABLE");
  // Nothing of the failed attempt stays: not its clientToken, nor the Stop made during it.
  before_redrive_read_ = nullptr;
  Exec("UPDATE sfn_events SET first_id = first_id - 1000 WHERE first_id = 1001");
  redriven = executions_->Redrive(arn, "token");
  ASSERT_TRUE(redriven.ok()) << redriven.status().ToString();
  executions_->RunPending();
  EXPECT_EQ(DescribeOk(arn).status, "SUCCEEDED");
  EXPECT_EQ(DescribeOk(arn).redrive_count, 1);
}

}  // namespace
}  // namespace stepshift::engine
