// Test fixture shared by the executions tests: executions driven by hand (no background threads)
// over the control plane fixture, with a task runner that echoes and a metrics sink that records.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "engine/control_plane_test_util.h"
#include "engine/executions.h"

namespace stepshift::engine {

inline const std::string kArn = "arn:aws:states:us-east-1:123456789012:stateMachine:sm";

inline std::string WaitThenPass(int seconds, const std::string& result) {
  return R"({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":)" + std::to_string(seconds) +
         R"(,"Next":"P"},"P":{"Type":"Pass","Result":")" + result + R"(","End":true}}})";
}

inline const std::string kTaskMachine =
    R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage",
        "End":true}}})";

// Answers tasks with their input, or (while `fail_marked`) fails those whose input has "fail";
// counts calls.
class EchoTasks : public asl::TaskRunner {
 public:
  asl::TaskOutcome Run(const asl::TaskRequest& request) override {
    ++calls;
    if (fail_marked && request.input->is_object() && request.input->as_object().contains("fail"))
      return asl::TaskOutcome::Failure("Boom", "asked to fail");
    return asl::TaskOutcome::Success(*request.input);
  }

  std::atomic<int> calls{0};
  std::atomic<bool> fail_marked{true};
};

class RecordingSink : public MetricsSink {
 public:
  void Publish(std::vector<MetricPoint> points) override {
    for (MetricPoint& p : points)
      this->points.push_back(std::move(p));
  }

  // The sum of `name` over the points with exactly these dimensions; for a time, how many
  // values it has.
  double Sum(const std::string& name, const MetricDimensions& dims) const {
    double sum = 0;
    for (const MetricPoint& p : points) {
      if (p.name != name || p.dimensions != dims)
        continue;
      sum += p.values.empty() ? p.sum : std::accumulate(p.counts.begin(), p.counts.end(), 0.0);
    }
    return sum;
  }

  std::vector<MetricPoint> points;
};

class ExecutionsTest : public ControlPlaneTest {
 protected:
  void SetUp() override {
    ControlPlaneTest::SetUp();
    OpenExecutions(":memory:");
  }

  // A file path also opens a reader: closed histories are then read back from the file.
  void OpenExecutions(const std::string& path) {
    executions_.reset();
    reader_.reset();
    exec_db_.reset();
    auto db = store::Database::Open(path);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    exec_db_ = std::move(db).value();
    if (path != ":memory:") {
      auto reader = store::Database::OpenReader(path);
      ASSERT_TRUE(reader.ok()) << reader.status().ToString();
      reader_ = std::move(reader).value();
    }
    ExecutionsOptions options;
    options.clock = &clock_;
    options.tasks = &tasks_;
    options.metrics = &sink_;
    options.seed = 7;
    options.background = false;
    options.reader = reader_.get();
    options.before_redrive_read = [this](const std::string& arn) {
      if (before_redrive_read_)
        before_redrive_read_(arn);
    };
    auto opened = Executions::Open(exec_db_.get(), plane_.get(), options);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    executions_ = std::move(opened).value();
  }

  std::string CreateMachine(const std::string& definition, const std::string& type = "STANDARD") {
    CreateStateMachineRequest r = Request("sm", true);
    r.config.definition = definition;
    r.type = type;
    auto created = plane_->CreateStateMachine(ctx_, r);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? *created->state_machine_version_arn : "";
  }

  std::string Publish(const std::string& definition) {
    UpdateStateMachineRequest update = Update(kArn);
    update.definition = definition;
    update.publish = true;
    auto updated = plane_->UpdateStateMachine(update);
    EXPECT_TRUE(updated.ok()) << updated.status().ToString();
    return updated.ok() ? *updated->state_machine_version_arn : "";
  }

  std::string StartOk(const std::string& arn, const std::string& name,
                      const std::string& input = "{}") {
    auto started = executions_->Start({arn, name, input, std::nullopt});
    EXPECT_TRUE(started.ok()) << started.status().ToString();
    return started.ok() ? started->execution_arn : "";
  }

  ExecutionDescription DescribeOk(const std::string& arn) {
    auto d = executions_->Describe(arn);
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? *d : ExecutionDescription{};
  }

  std::vector<std::string> EventTypes(const std::string& arn) {
    HistoryRequest request;
    request.execution_arn = arn;
    request.page.max_results = 1000;
    auto history = executions_->History(request);
    EXPECT_TRUE(history.ok()) << history.status().ToString();
    std::vector<std::string> types;
    for (const json::Value& e : history->events)
      types.emplace_back(e.at("type").as_string());
    return types;
  }

  EchoTasks tasks_;
  RecordingSink sink_;
  std::unique_ptr<store::Database> exec_db_;
  std::unique_ptr<store::Database> reader_;
  std::unique_ptr<Executions> executions_;
  // Called where RedriveExecution has claimed an execution and is about to read its history.
  std::function<void(const std::string&)> before_redrive_read_;
};

}  // namespace stepshift::engine
