// The fixture of the CloudWatchModel tests: a model over SQLite (":memory:" or a file) with a
// FakeClock starting on a minute boundary, and shorthands for the requests the tests repeat.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "cloudwatch/cloudwatch_model.h"

namespace stepshift::cloudwatch::test_support {

// A metric query on App/`name` {Service=api} that returns no data of its own.
inline MetricDataQuery MetricQuery(const std::string& id, const std::string& name,
                                   int period = 60) {
  MetricDataQuery q;
  q.id = id;
  q.metric_stat = MetricStatQuery{{"App", name, {{"Service", "api"}}}, period, "Sum", {}};
  q.return_data = false;
  return q;
}

inline MetricDataQuery ExpressionQuery(const std::string& id, const std::string& text) {
  MetricDataQuery q;
  q.id = id;
  q.expression = text;
  return q;
}

// A minute boundary, so 10- and 60-second periods start exactly here.
inline const Time kStart = Time(std::chrono::seconds(1'700'000'040));

class ModelTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(":memory:"); }

  void Open(const std::string& path, ModelOptions options = {}) {
    model_.reset();
    db_.reset();
    auto db = store::Database::Open(path);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(*db);
    auto model = CloudWatchModel::Open(db_.get(), &clock_, options);
    ASSERT_TRUE(model.ok()) << model.status().ToString();
    model_ = std::move(*model);
  }

  void Put(const std::string& metric, double value, std::optional<Time> at = std::nullopt) {
    PutMetricDataRequest r;
    r.namespace_name = "App";
    MetricDatum d;
    d.metric_name = metric;
    d.value = value;
    d.timestamp = at;
    d.dimensions = {{"Service", "api"}};
    r.metric_data.push_back(d);
    ASSERT_TRUE(model_->PutMetricData(r).ok());
  }

  PutMetricAlarmRequest AlarmRequest(const std::string& name, int period = 60) {
    PutMetricAlarmRequest r;
    r.alarm_name = name;
    r.metric_name = "Errors";
    r.namespace_name = "App";
    r.dimensions = {{"Service", "api"}};
    r.statistic = "Sum";
    r.period = period;
    r.evaluation_periods = 1;
    r.threshold = 1;
    r.comparison_operator = "GreaterThanThreshold";
    return r;
  }

  void PutAlarm(const PutMetricAlarmRequest& r) {
    Status s = model_->PutMetricAlarm(r, RequestContext{});
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  Alarm Get(const std::string& name) {
    DescribeAlarmsRequest r;
    r.alarm_names = {name};
    r.alarm_types = {"MetricAlarm", "CompositeAlarm"};
    auto result = model_->DescribeAlarms(r);
    EXPECT_TRUE(result.ok());
    if (!result->metric_alarms.empty()) {
      return result->metric_alarms[0];
    }
    EXPECT_FALSE(result->composite_alarms.empty()) << name;
    return result->composite_alarms.empty() ? Alarm{} : result->composite_alarms[0];
  }

  int Evaluate() {
    auto changed = model_->EvaluateDue(clock_.Now());
    EXPECT_TRUE(changed.ok()) << changed.status().ToString();
    return changed.ok() ? *changed : -1;
  }

  void Set(const std::string& name, const std::string& state) {
    ASSERT_TRUE(model_->SetAlarmState({name, state, "testing", std::nullopt}).ok());
  }

  FakeClock clock_{kStart};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<CloudWatchModel> model_;
};

}  // namespace stepshift::cloudwatch::test_support
