#include "cloudwatch/cloudwatch_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "cloudwatch/alarm_scheduler.h"
#include "cloudwatch/model_test_fixture.h"

namespace stepshift::cloudwatch {
namespace {

using std::chrono::seconds;
using test_support::kStart;
using test_support::ModelTest;

TEST_F(ModelTest, NewAlarmStartsInsufficientData) {
  PutAlarm(AlarmRequest("errors"));
  Alarm a = Get("errors");
  EXPECT_EQ(a.state.value, StateValue::kInsufficientData);
  EXPECT_EQ(a.state.reason, "Unchecked: Initial alarm creation");
  EXPECT_EQ(a.arn, "arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors");
  EXPECT_EQ(Evaluate(), 0);  // no data: still INSUFFICIENT_DATA, nothing recorded
}

TEST_F(ModelTest, AlarmFollowsDatapointsPeriodByPeriod) {
  PutAlarm(AlarmRequest("errors"));
  EXPECT_EQ(Evaluate(), 0);
  Put("Errors", 5);
  clock_.Advance(seconds(59));
  EXPECT_EQ(Evaluate(), 0);  // the period is not complete yet
  clock_.Advance(seconds(1));
  EXPECT_EQ(Evaluate(), 1);
  Alarm a = Get("errors");
  EXPECT_EQ(a.state.value, StateValue::kAlarm);
  EXPECT_EQ(a.state.reason,
            "Threshold Crossed: 1 datapoint [5.0 (14/11/23 22:14:00)] was greater than the "
            "threshold (1.0).");
  EXPECT_EQ(a.state.transitioned, clock_.Now());
  Put("Errors", 0);
  clock_.Advance(seconds(60));
  EXPECT_EQ(Evaluate(), 1);
  EXPECT_EQ(Get("errors").state.value, StateValue::kOk);

  DescribeAlarmHistoryRequest query;
  query.alarm_name = "errors";
  auto history = model_->DescribeAlarmHistory(query);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->items.size(), 3u);  // newest first
  EXPECT_EQ(history->items[0].summary, "Alarm updated from ALARM to OK");
  EXPECT_EQ(history->items[1].summary, "Alarm updated from INSUFFICIENT_DATA to ALARM");
  EXPECT_EQ(history->items[2].summary, "Alarm \"errors\" created");
  EXPECT_EQ(history->items[2].item_type, "ConfigurationUpdate");
}

// As recorded from AWS (LocalStack's snapshots): an alarm with a Unit names it in its reason data,
// between startDate and statistic.
TEST_F(ModelTest, ReasonDataNamesTheAlarmUnit) {
  PutMetricAlarmRequest r = AlarmRequest("errors");
  r.unit = "None";
  PutAlarm(r);
  Put("Errors", 5);
  clock_.Advance(seconds(60));
  EXPECT_EQ(Evaluate(), 1);
  EXPECT_EQ(Get("errors").state.reason_data,
            "{\"version\":\"1.0\",\"queryDate\":\"2023-11-14T22:15:00.000+0000\","
            "\"startDate\":\"2023-11-14T22:14:00.000+0000\",\"unit\":\"None\","
            "\"statistic\":\"Sum\",\"period\":60,\"recentDatapoints\":[5.0],"
            "\"threshold\":1.0,\"evaluatedDatapoints\":[{\"timestamp\":"
            "\"2023-11-14T22:14:00.000+0000\",\"sampleCount\":1.0,\"value\":5.0}]}");
}

TEST_F(ModelTest, HoursOfTenSecondAlarmHistoryWithFakeClock) {
  PutMetricAlarmRequest r = AlarmRequest("fast", 10);
  r.treat_missing_data = "notBreaching";
  PutAlarm(r);
  int transitions = 0;
  // Three hours: one breaching datapoint every 10 minutes, nothing otherwise.
  for (int tick = 0; tick < 3 * 360; ++tick) {
    if (tick % 60 == 0) {
      Put("Errors", 10);
    }
    clock_.Advance(seconds(10));
    transitions += Evaluate();
  }
  // Each breach: OK -> ALARM, then ALARM -> OK once the datapoint leaves the window. The very
  // first evaluation goes INSUFFICIENT_DATA -> ALARM.
  EXPECT_EQ(transitions, 18 * 2);
  DescribeAlarmHistoryRequest query;
  query.alarm_name = "fast";
  auto history = model_->DescribeAlarmHistory(query);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->items.size(), 37u);
}

TEST_F(ModelTest, SetAlarmStateHoldsUntilTheNextEvaluation) {
  PutAlarm(AlarmRequest("errors"));
  Put("Errors", 0);
  clock_.Advance(seconds(60));
  EXPECT_EQ(Evaluate(), 1);
  Set("errors", "ALARM");
  EXPECT_EQ(Get("errors").state.value, StateValue::kAlarm);
  EXPECT_EQ(Get("errors").state.reason, "testing");
  clock_.Advance(seconds(30));
  EXPECT_EQ(Evaluate(), 0);  // not due: the manual state holds
  EXPECT_EQ(Get("errors").state.value, StateValue::kAlarm);
  clock_.Advance(seconds(30));
  EXPECT_EQ(Evaluate(), 1);  // the old OK datapoint is still in range
  EXPECT_EQ(Get("errors").state.value, StateValue::kOk);
}

// A new alarm's first evaluation is due at once; the scheduler thread may run it only after a
// SetAlarmState that followed the put. It must not undo that state.
TEST_F(ModelTest, SetAlarmStateRightAfterPutHoldsUntilThePeriodEnds) {
  clock_.Advance(seconds(10));
  PutAlarm(AlarmRequest("errors"));
  Set("errors", "ALARM");
  EXPECT_EQ(Evaluate(), 0);
  EXPECT_EQ(Get("errors").state.value, StateValue::kAlarm);
  clock_.Advance(seconds(50));
  EXPECT_EQ(Evaluate(), 1);  // the period boundary: no data, so INSUFFICIENT_DATA again
  EXPECT_EQ(Get("errors").state.value, StateValue::kInsufficientData);
}

TEST_F(ModelTest, CompositeFollowsItsChildren) {
  PutAlarm(AlarmRequest("a"));
  PutAlarm(AlarmRequest("b"));
  PutCompositeAlarmRequest c;
  c.alarm_name = "both";
  c.alarm_rule = "ALARM(a) AND ALARM(\"arn:aws:cloudwatch:us-east-1:123456789012:alarm:b\")";
  ASSERT_TRUE(model_->PutCompositeAlarm(c, RequestContext{}).ok());
  EXPECT_EQ(Get("both").state.value, StateValue::kOk);  // evaluated at creation
  Set("a", "ALARM");
  EXPECT_EQ(Get("both").state.value, StateValue::kOk);
  clock_.Advance(seconds(5));
  Set("b", "ALARM");
  Alarm both = Get("both");
  EXPECT_EQ(both.state.value, StateValue::kAlarm);
  EXPECT_EQ(both.state.reason,
            "arn:aws:cloudwatch:us-east-1:123456789012:alarm:b transitioned to ALARM at Tuesday "
            "14 November, 2023 22:14:05 UTC");
  EXPECT_NE(both.state.reason_data.find("\"triggeringAlarms\":[{\"arn\":\"arn:aws:cloudwatch:"
                                        "us-east-1:123456789012:alarm:b\""),
            std::string::npos);
  Set("a", "OK");
  EXPECT_EQ(Get("both").state.value, StateValue::kOk);
  DescribeAlarmsRequest parents;
  parents.parents_of_alarm_name = "a";
  parents.alarm_types = {"CompositeAlarm"};
  EXPECT_EQ(model_->DescribeAlarms(parents)->composite_alarms.size(), 1u);
}

struct ErrorCase {
  std::string name;
  std::function<Status(CloudWatchModel*, PutMetricAlarmRequest)> call;
  std::string kind;
};

TEST_F(ModelTest, AnAlarmNameBelongsToOneAlarmType) {
  PutAlarm(AlarmRequest("metric"));
  PutCompositeAlarmRequest c;
  c.alarm_name = "composite";
  c.alarm_rule = "ALARM(metric)";
  ASSERT_TRUE(model_->PutCompositeAlarm(c, RequestContext{}).ok());
  c.alarm_name = "metric";
  Status taken = model_->PutCompositeAlarm(c, RequestContext{});
  EXPECT_EQ(taken.message(), "The alarm metric already exists as a metric alarm.");
  taken = model_->PutMetricAlarm(AlarmRequest("composite"), RequestContext{});
  EXPECT_EQ(taken.message(), "The alarm composite already exists as a composite alarm.");
  PutAlarm(AlarmRequest("metric"));  // updating within the same type is fine
}

TEST_F(ModelTest, BadInputGetsCloudWatchErrors) {
  PutAlarm(AlarmRequest("existing"));
  auto put = [](auto mutate) {
    return [mutate](CloudWatchModel* m, PutMetricAlarmRequest r) {
      mutate(r);
      return m->PutMetricAlarm(r, RequestContext{});
    };
  };
  auto composite = [](std::string rule) {
    return [rule](CloudWatchModel* m, PutMetricAlarmRequest) {
      PutCompositeAlarmRequest c;
      c.alarm_name = "c";
      c.alarm_rule = rule;
      return m->PutCompositeAlarm(c, RequestContext{});
    };
  };
  const ErrorCase cases[] = {
      {"period 15", put([](auto& r) { r.period = 15; }), "InvalidParameterValue"},
      {"period 90", put([](auto& r) { r.period = 90; }), "InvalidParameterValue"},
      {"no period", put([](auto& r) { r.period.reset(); }), "MissingParameter"},
      {"bad stat", put([](auto& r) { r.statistic = "Mean"; }), "InvalidParameterValue"},
      {"both stats", put([](auto& r) { r.extended_statistic = "p99"; }),
       "InvalidParameterCombination"},
      {"bad percentile", put([](auto& r) {
         r.statistic.reset();
         r.extended_statistic = "p101";
       }),
       "InvalidParameterValue"},
      {"long name", put([](auto& r) { r.alarm_name = std::string(256, 'x'); }),
       "InvalidParameterValue"},
      {"31 dimensions", put([](auto& r) {
         r.dimensions.clear();
         for (int i = 0; i < 31; ++i) {
           r.dimensions.push_back({"d" + std::to_string(i), "v"});
         }
       }),
       "InvalidParameterValue"},
      {"m > n", put([](auto& r) { r.datapoints_to_alarm = 2; }), "InvalidParameterValue"},
      {"band operator",
       put([](auto& r) { r.comparison_operator = "LessThanLowerOrGreaterThanUpperThreshold"; }),
       "InvalidParameterValue"},
      {"treat", put([](auto& r) { r.treat_missing_data = "sometimes"; }), "InvalidParameterValue"},
      {"metrics beside MetricName", put([](auto& r) { r.metrics.resize(1); }), "ValidationError"},
      {"six actions", put([](auto& r) { r.alarm_actions.assign(6, "arn:aws:sns:us-east-1:1:t"); }),
       "InvalidParameterValue"},
      {"bad rule", composite("ALARM(existing"), "InvalidParameterValue"},
      {"missing child", composite("ALARM(nope)"), "InvalidParameterValue"},
      {"self reference", composite("ALARM(c)"), "InvalidParameterValue"},
      {"unknown alarm state",
       [](CloudWatchModel* m, PutMetricAlarmRequest) {
         return m->SetAlarmState({"nope", "ALARM", "r", std::nullopt});
       },
       "ResourceNotFound"},
      {"bad reason data",
       [](CloudWatchModel* m, PutMetricAlarmRequest) {
         return m->SetAlarmState({"existing", "ALARM", "r", "{not json"});
       },
       "InvalidFormat"},
  };
  for (const ErrorCase& c : cases) {
    Status s = c.call(model_.get(), AlarmRequest("new"));
    EXPECT_EQ(s.kind(), c.kind) << c.name << ": " << s.ToString();
  }
}

TEST_F(ModelTest, PutMetricDataRejectsBadCombinations) {
  PutMetricDataRequest r;
  r.namespace_name = "App";
  MetricDatum d;
  d.metric_name = "M";
  d.value = 1;
  d.values = std::vector<double>{1, 2};
  r.metric_data = {d};
  EXPECT_EQ(model_->PutMetricData(r).kind(), "InvalidParameterCombination");
  r.metric_data[0].value.reset();
  r.metric_data[0].counts = std::vector<double>{1};
  EXPECT_EQ(model_->PutMetricData(r).kind(), "InvalidParameterValue");
  r.metric_data[0].counts.reset();
  r.namespace_name = "AWS/States";
  EXPECT_EQ(model_->PutMetricData(r).kind(), "InvalidParameterValue");
  r.allow_reserved_namespace = true;
  EXPECT_TRUE(model_->PutMetricData(r).ok());
}

TEST_F(ModelTest, StatisticsOverValuesCountsAndStatisticSets) {
  PutMetricDataRequest r;
  r.namespace_name = "App";
  MetricDatum values;
  values.metric_name = "Latency";
  values.values = std::vector<double>{10, 20, 30};
  values.counts = std::vector<double>{1, 2, 7};
  values.unit = "Milliseconds";
  MetricDatum set;
  set.metric_name = "Latency";
  set.statistic_values = StatisticSet{10, 1000, 5, 500};
  set.unit = "Milliseconds";
  set.timestamp = kStart - seconds(120);
  r.metric_data = {values, set};
  ASSERT_TRUE(model_->PutMetricData(r).ok());
  GetMetricStatisticsRequest q;
  q.metric = {"App", "Latency", {}};
  q.start_time = kStart - seconds(600);
  q.end_time = kStart + seconds(600);
  q.period = 60;
  q.statistics = {"Sum", "SampleCount", "Average", "Maximum"};
  auto result = model_->GetMetricStatistics(q);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->datapoints.size(), 2u);
  EXPECT_EQ(*result->datapoints[0].sum, 1000);
  EXPECT_EQ(*result->datapoints[1].sum, 260);
  EXPECT_EQ(*result->datapoints[1].sample_count, 10);
  EXPECT_EQ(*result->datapoints[1].average, 26);
  EXPECT_EQ(result->datapoints[1].unit, "Milliseconds");
  q.statistics.clear();
  q.extended_statistics = {"p50", "p10"};
  result = model_->GetMetricStatistics(q);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->datapoints[0].extended.empty());  // statistic sets have no percentiles
  EXPECT_EQ(result->datapoints[1].extended,
            (std::vector<std::pair<std::string, double>>{{"p50", 30}, {"p10", 10}}));
  q.unit = "Seconds";
  EXPECT_TRUE(model_->GetMetricStatistics(q)->datapoints.empty());
}

TEST_F(ModelTest, DescribeAlarmsFiltersAndPages) {
  for (const char* name : {"e", "d", "c", "b", "a"}) {
    PutAlarm(AlarmRequest(name));
  }
  PutCompositeAlarmRequest c;
  c.alarm_name = "ca";
  c.alarm_rule = "ALARM(a)";
  ASSERT_TRUE(model_->PutCompositeAlarm(c, RequestContext{}).ok());
  DescribeAlarmsRequest r;
  EXPECT_EQ(model_->DescribeAlarms(r)->metric_alarms.size(), 5u);
  EXPECT_TRUE(model_->DescribeAlarms(r)->composite_alarms.empty());
  r.max_records = 2;
  std::vector<std::string> seen;
  do {
    auto page = model_->DescribeAlarms(r);
    ASSERT_TRUE(page.ok());
    for (const Alarm& a : page->metric_alarms) {
      seen.push_back(a.name);
    }
    r.next_token = page->next_token;
  } while (r.next_token);
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  DescribeAlarmsRequest prefix;
  prefix.alarm_name_prefix = "c";
  prefix.alarm_types = {"CompositeAlarm", "MetricAlarm"};
  auto result = model_->DescribeAlarms(prefix);
  EXPECT_EQ(result->metric_alarms.size(), 1u);
  EXPECT_EQ(result->composite_alarms.size(), 1u);
  DescribeAlarmsRequest bad;
  bad.next_token = "garbage";
  EXPECT_EQ(model_->DescribeAlarms(bad).status().kind(), "InvalidNextToken");
}

TEST_F(ModelTest, StateAndDataSurviveReopening) {
  std::string path = ::testing::TempDir() + "cw_model_test.db";
  std::filesystem::remove(path);
  Open(path);
  PutAlarm(AlarmRequest("errors"));
  Put("Errors", 5);
  clock_.Advance(seconds(60));
  EXPECT_EQ(Evaluate(), 1);
  ASSERT_TRUE(model_->TagResource(Get("errors").arn, {{"team", "core"}}).ok());
  Open(path);
  Alarm a = Get("errors");
  EXPECT_EQ(a.state.value, StateValue::kAlarm);
  EXPECT_EQ(a.tags.size(), 1u);
  EXPECT_EQ(Evaluate(), 0);  // the datapoint was reloaded, so the state still holds
  ListMetricsRequest list;
  EXPECT_EQ(model_->ListMetrics(list)->metrics.size(), 1u);
  std::filesystem::remove(path);
}

// Issue 14 item 11: samples are kept in time order whatever order they arrive in, in memory
// (SampleLog) and on disk (indexed by hour), and expire by their own timestamps.
TEST_F(ModelTest, OutOfOrderDatapointsAggregateSurviveReopeningAndExpire) {
  std::string path = ::testing::TempDir() + "cw_model_ooo_test.db";
  std::filesystem::remove(path);
  Open(path, ModelOptions{std::chrono::hours(3)});
  // One datapoint per minute for the last 3 hours, in a scrambled order; value = minutes ago.
  for (int i = 0; i < 180; ++i) {
    const int minutes_ago = (i * 77) % 180;
    Put("Errors", minutes_ago, kStart - std::chrono::minutes(minutes_ago));
  }
  GetMetricStatisticsRequest q;
  q.metric = {"App", "Errors", {{"Service", "api"}}};
  q.start_time = kStart - std::chrono::hours(4);
  q.end_time = kStart + seconds(60);
  q.period = 60;
  q.statistics = {"Sum"};
  // The minutes ago of every datapoint, oldest first.
  auto minutes_ago = [&] {
    std::vector<std::pair<Time, double>> points;
    auto result = model_->GetMetricStatistics(q);
    for (const Datapoint& d : result->datapoints)
      points.emplace_back(d.timestamp, *d.sum);
    std::sort(points.begin(), points.end());
    std::vector<double> out;
    for (const auto& [at, value] : points)
      out.push_back(value);
    return out;
  };
  std::vector<double> expected;
  for (int m = 179; m >= 0; --m)
    expected.push_back(m);
  EXPECT_EQ(minutes_ago(), expected);
  Open(path, ModelOptions{std::chrono::hours(3)});
  EXPECT_EQ(minutes_ago(), expected);
  // 90 minutes on, the 90 oldest are past the 3-hour retention.
  clock_.Advance(std::chrono::minutes(90) + seconds(30));
  Evaluate();  // prunes
  expected.erase(expected.begin(), expected.begin() + 90);
  EXPECT_EQ(minutes_ago(), expected);
  Open(path, ModelOptions{std::chrono::hours(3)});
  EXPECT_EQ(minutes_ago(), expected);
  std::filesystem::remove(path);
}

// A data directory of the build before samples were indexed by hour keeps its datapoints.
TEST_F(ModelTest, SamplesOfTheTimestampIndexedSchemaAreMigrated) {
  std::string path = ::testing::TempDir() + "cw_model_v1_test.db";
  std::filesystem::remove(path);
  {
    auto db = store::Database::Open(path);
    ASSERT_TRUE(db.ok());
    const std::string ts = std::to_string(UnixMillis(kStart - seconds(30)));
    ASSERT_TRUE((*db)
                    ->Exec(R"sql(
      CREATE TABLE schema_migrations (component TEXT PRIMARY KEY, applied INTEGER NOT NULL);
      INSERT INTO schema_migrations VALUES ('cloudwatch_metrics', 1);
      CREATE TABLE cw_metrics (id INTEGER PRIMARY KEY, metric_key TEXT NOT NULL UNIQUE,
        namespace TEXT NOT NULL, name TEXT NOT NULL, dimensions TEXT NOT NULL,
        last_ts INTEGER NOT NULL);
      CREATE TABLE cw_samples (metric_id INTEGER NOT NULL, ts INTEGER NOT NULL,
        count REAL NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL,
        value REAL, unit INTEGER NOT NULL);
      CREATE INDEX cw_samples_ts ON cw_samples(ts);)sql")
                    .ok());
    MetricId metric{"App", "Errors", {{"Service", "api"}}};
    metric.Normalize();
    ASSERT_TRUE((*db)
                    ->Exec("INSERT INTO cw_metrics VALUES (1, '" + metric.Key() +
                           R"(', 'App', 'Errors', '[["Service","api"]]', )" + ts +
                           "); INSERT INTO cw_samples VALUES (1, " + ts + ", 1, 7, 7, 7, 7, 0)")
                    .ok());
  }
  Open(path);
  GetMetricStatisticsRequest q;
  q.metric = {"App", "Errors", {{"Service", "api"}}};
  q.start_time = kStart - seconds(60);
  q.end_time = kStart;
  q.period = 60;
  q.statistics = {"Sum"};
  auto result = model_->GetMetricStatistics(q);
  ASSERT_EQ(result->datapoints.size(), 1u);
  EXPECT_EQ(*result->datapoints[0].sum, 7);
  std::filesystem::remove(path);
}

TEST_F(ModelTest, DatapointsExpireAfterTheRetention) {
  Open(":memory:", ModelOptions{std::chrono::hours(1)});
  Put("Errors", 5);
  clock_.Advance(std::chrono::hours(2));
  Evaluate();  // prunes
  GetMetricStatisticsRequest q;
  q.metric = {"App", "Errors", {{"Service", "api"}}};
  q.start_time = kStart - seconds(60);
  q.end_time = kStart + seconds(60);
  q.statistics = {"Sum"};
  EXPECT_TRUE(model_->GetMetricStatistics(q)->datapoints.empty());
  EXPECT_EQ(model_->ListMetrics({})->metrics.size(), 1u);  // still listed for two weeks
}

TEST_F(ModelTest, SchedulerEvaluatesOnPeriodBoundaries) {
  AlarmScheduler scheduler(model_.get());
  scheduler.Start();
  PutAlarm(AlarmRequest("fast", 10));
  Put("Errors", 5);
  clock_.Advance(seconds(10));
  for (int i = 0; i < 300 && Get("fast").state.value != StateValue::kAlarm; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(Get("fast").state.value, StateValue::kAlarm);
  scheduler.Stop();
}

}  // namespace
}  // namespace stepshift::cloudwatch
