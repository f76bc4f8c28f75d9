// Metric math in the model: alarms on Metrics (checks, evaluation with a FakeClock on the same
// M-of-N and missing-data machinery as metric alarms, state reasons, persistence) and
// GetMetricData with expressions.
#include <gtest/gtest.h>

#include <filesystem>

#include "cloudwatch/cloudwatch_model.h"
#include "cloudwatch/model_test_fixture.h"

namespace stepshift::cloudwatch {
namespace {

using std::chrono::seconds;

MetricDataQuery Metric(const std::string& id, const std::string& name, int period = 60) {
  return test_support::MetricQuery(id, name, period);
}

MetricDataQuery Expression(const std::string& id, const std::string& text) {
  return test_support::ExpressionQuery(id, text);
}

class MathAlarmTest : public test_support::ModelTest {
 protected:
  // The canary alarm users write: the error rate of the new version, in percent.
  PutMetricAlarmRequest ErrorRateAlarm(const std::string& name = "canary") {
    PutMetricAlarmRequest r;
    r.alarm_name = name;
    r.metrics = {Metric("failed", "Failed"), Metric("started", "Started"),
                 Expression("rate", "100*failed/started")};
    r.metrics[2].label = "Error rate";
    r.metrics[2].return_data = true;
    r.evaluation_periods = 1;
    r.threshold = 10;
    r.comparison_operator = "GreaterThanThreshold";
    return r;
  }

  Status TryPut(const PutMetricAlarmRequest& r) {
    return model_->PutMetricAlarm(r, RequestContext{});
  }

  void Minute(double started, std::optional<double> failed) {
    Put("Started", started);
    if (failed) {
      Put("Failed", *failed);
    }
    clock_.Advance(seconds(60));
  }
};

TEST_F(MathAlarmTest, CanaryErrorRateGoesToAlarmFromDatapoints) {
  PutAlarm(ErrorRateAlarm());
  EXPECT_EQ(Evaluate(), 0);  // no data yet: stays INSUFFICIENT_DATA
  Minute(10, 3);
  EXPECT_EQ(Evaluate(), 1);
  Alarm a = Get("canary");
  EXPECT_EQ(a.state.value, StateValue::kAlarm);
  EXPECT_EQ(a.state.reason,
            "Threshold Crossed: 1 datapoint [30.0 (14/11/23 22:14:00)] was greater than the "
            "threshold (10.0).");
  EXPECT_EQ(a.state.reason_data,
            "{\"version\":\"1.0\",\"queryDate\":\"2023-11-14T22:15:00.000+0000\","
            "\"startDate\":\"2023-11-14T22:14:00.000+0000\",\"period\":60,"
            "\"recentDatapoints\":[30.0],\"threshold\":10.0,\"evaluatedDatapoints\":["
            "{\"timestamp\":\"2023-11-14T22:14:00.000+0000\",\"value\":30.0}]}");
  // No failures published: a missing datapoint counts as 0 in the division, so the rate is 0.
  Minute(20, std::nullopt);
  EXPECT_EQ(Evaluate(), 1);
  a = Get("canary");
  EXPECT_EQ(a.state.value, StateValue::kOk);
  EXPECT_EQ(a.state.reason,
            "Threshold Crossed: 1 datapoint [0.0 (14/11/23 22:15:00)] was not greater than the "
            "threshold (10.0).");
}

TEST_F(MathAlarmTest, MOfNAndMissingDataWorkAsForMetricAlarms) {
  PutMetricAlarmRequest r = ErrorRateAlarm();
  r.evaluation_periods = 3;
  r.datapoints_to_alarm = 2;
  r.treat_missing_data = "breaching";
  PutAlarm(r);
  Minute(10, 5);                // 50%
  Minute(10, 0);                // 0%
  clock_.Advance(seconds(60));  // nothing: no rate at all, treated as breaching
  EXPECT_EQ(Evaluate(), 1);
  Alarm a = Get("canary");
  EXPECT_EQ(a.state.value, StateValue::kAlarm);
  EXPECT_EQ(a.state.reason,
            "Threshold Crossed: 1 out of the last 3 datapoints [50.0 (14/11/23 22:14:00)] was "
            "greater than the threshold (10.0) and 1 missing datapoint was treated as "
            "[Breaching] (minimum 2 datapoints for OK -> ALARM transition).");
}

TEST_F(MathAlarmTest, NoDataMakesInsufficientDataWithoutStatisticInTheReasonData) {
  PutAlarm(ErrorRateAlarm());
  Minute(10, 0);
  EXPECT_EQ(Evaluate(), 1);
  EXPECT_EQ(Get("canary").state.value, StateValue::kOk);
  clock_.Advance(seconds(60 * 3));  // the datapoint leaves the evaluation range
  EXPECT_EQ(Evaluate(), 1);
  Alarm a = Get("canary");
  EXPECT_EQ(a.state.value, StateValue::kInsufficientData);
  EXPECT_EQ(a.state.reason, "Insufficient Data: 1 datapoint was unknown.");
  EXPECT_EQ(a.state.reason_data,
            "{\"version\":\"1.0\",\"queryDate\":\"2023-11-14T22:18:00.000+0000\",\"period\":60,"
            "\"recentDatapoints\":[],\"threshold\":10.0,\"evaluatedDatapoints\":["
            "{\"timestamp\":\"2023-11-14T22:17:00.000+0000\"}]}");
}

TEST_F(MathAlarmTest, MetricsAreDescribedAsPutAndSurviveReopening) {
  std::string path = ::testing::TempDir() + "math_alarm_test.db";
  std::filesystem::remove(path);
  Open(path);
  PutMetricAlarmRequest r = ErrorRateAlarm();
  r.metrics[0].metric_stat->metric.dimensions = {{"Service", "api"}};
  r.metrics[1].metric_stat->unit = "None";  // what data put without a unit has
  r.metrics[2].period = 60;
  PutAlarm(r);
  Minute(10, 2);
  EXPECT_EQ(Evaluate(), 1);
  Open(path);
  Alarm a = Get("canary");
  EXPECT_EQ(a.metric.metrics, r.metrics);
  EXPECT_EQ(a.metric.period, 60);
  EXPECT_EQ(a.state.value, StateValue::kAlarm);
  Minute(10, 0);
  EXPECT_EQ(Evaluate(), 1);  // reloaded alarms are evaluated like new ones
  EXPECT_EQ(Get("canary").state.value, StateValue::kOk);
  std::filesystem::remove(path);
}

TEST_F(MathAlarmTest, ASingleMetricInMetricsIsWatchedToo) {
  PutMetricAlarmRequest r = ErrorRateAlarm("started");
  r.metrics = {Metric("m1", "Started")};
  r.metrics[0].return_data = true;
  PutAlarm(r);
  Minute(11, std::nullopt);
  EXPECT_EQ(Evaluate(), 1);
  EXPECT_EQ(Get("started").state.value, StateValue::kAlarm);
  DescribeAlarmsForMetricRequest q;
  q.namespace_name = "App";
  q.metric_name = "Started";
  EXPECT_TRUE(model_->DescribeAlarmsForMetric(q)->empty());  // not a single-metric alarm
}

TEST_F(MathAlarmTest, AnUpdateTurnsAMathAlarmIntoAMetricAlarmAndBack) {
  PutAlarm(ErrorRateAlarm("x"));
  PutMetricAlarmRequest single = AlarmRequest("x");  // Errors > 1
  PutAlarm(single);
  Put("Errors", 5);
  Minute(10, 0);  // a 0% error rate would be OK; the updated alarm watches Errors
  EXPECT_EQ(Evaluate(), 1);
  EXPECT_EQ(Get("x").state.value, StateValue::kAlarm);
  EXPECT_FALSE(Get("x").metric.IsMath());
  PutAlarm(ErrorRateAlarm("x"));
  Minute(10, 0);
  EXPECT_EQ(Evaluate(), 1);
  EXPECT_EQ(Get("x").state.value, StateValue::kOk);
  EXPECT_TRUE(Get("x").metric.IsMath());
}

TEST_F(MathAlarmTest, PeriodComesFromTheMetrics) {
  PutMetricAlarmRequest r = ErrorRateAlarm();
  r.metrics[0].metric_stat->period = 300;
  r.metrics[1].metric_stat->period = 300;
  PutAlarm(r);
  EXPECT_EQ(Get("canary").metric.period, 300);
}

struct BadAlarm {
  std::string name;
  std::function<void(PutMetricAlarmRequest&)> change;
  std::string kind;
  std::string message;
};

TEST_F(MathAlarmTest, BadMetricsGetCloudWatchErrors) {
  const BadAlarm cases[] = {
      {"metric name too", [](auto& r) { r.metric_name = "Errors"; }, "ValidationError",
       "MetricName should not be set if list of Metrics is set."},
      {"statistic too", [](auto& r) { r.statistic = "Sum"; }, "ValidationError",
       "Statistic should not be set if list of Metrics is set."},
      {"period too", [](auto& r) { r.period = 60; }, "ValidationError",
       "Period should not be set if list of Metrics is set."},
      {"dimensions too",
       [](auto& r) {
         r.dimensions = {{"a", "b"}};
       },
       "ValidationError", "Dimensions should not be set if list of Metrics is set."},
      {"two return data", [](auto& r) { r.metrics[0].return_data = true; }, "ValidationError",
       "Exactly one element of the metrics list should return data."},
      {"none returns data", [](auto& r) { r.metrics[2].return_data = false; }, "ValidationError",
       "Exactly one element of the metrics list should return data."},
      {"omitted return data is true", [](auto& r) { r.metrics[0].return_data.reset(); },
       "ValidationError", "Exactly one element of the metrics list should return data."},
      {"both", [](auto& r) { r.metrics[2].metric_stat = r.metrics[0].metric_stat; },
       "ValidationError",
       "The parameters MetricDataQuery Expression and MetricStat are mutually exclusive and you "
       "have specified both."},
      {"neither", [](auto& r) { r.metrics[2].expression.reset(); }, "ValidationError",
       "Invalid metrics list"},
      {"bad id", [](auto& r) { r.metrics[0].id = "Failed"; }, "ValidationError",
       "Invalid metrics list"},
      {"same id", [](auto& r) { r.metrics[1].id = "failed"; }, "ValidationError",
       "Invalid metrics list"},
      {"unknown id", [](auto& r) { r.metrics[2].expression = "100*failed/strted"; },
       "ValidationError", "Error in expression rate [Unknown metric or expression id: strted]"},
      {"array", [](auto& r) { r.metrics[2].expression = "METRICS()"; }, "ValidationError",
       "Error in expression rate [An alarm must watch a single time series, not an array]"},
      {"search", [](auto& r) { r.metrics[2].expression = "SEARCH('x', 'Sum', 60)"; },
       "ValidationError", "Error in expression rate [SEARCH is not supported by stepshift serve]"},
      {"no period", [](auto& r) { r.metrics = {Expression("e1", "TIME_SERIES(1)")}; },
       "ValidationError", "Period must not be null"},
      {"long expression", [](auto& r) { r.metrics[2].expression = std::string(1025, '1'); },
       "ValidationError",
       "The parameter Metrics.member.3.Expression must be shorter than 1025 "
       "characters."},
      {"period 45", [](auto& r) { r.metrics[0].metric_stat->period = 45; }, "InvalidParameterValue",
       "The parameter Metrics.member.1.MetricStat.Period must be 10, 20, 30, or a multiple of 60."},
      {"bad stat", [](auto& r) { r.metrics[0].metric_stat->stat = "Total"; },
       "InvalidParameterValue", ""},
      {"21 queries", [](auto& r) { r.metrics.resize(21, r.metrics[0]); }, "ValidationError",
       "The collection Metrics must not have a size greater than 20."},
      {"no threshold", [](auto& r) { r.threshold.reset(); }, "MissingParameter",
       "The parameter Threshold is required."},
      {"too long", [](auto& r) { r.evaluation_periods = 10081; }, "InvalidParameterValue",
       "The product of EvaluationPeriods and Period must not exceed 604800 seconds (7 days)."},
  };
  for (const BadAlarm& c : cases) {
    PutMetricAlarmRequest r = ErrorRateAlarm();
    c.change(r);
    Status s = TryPut(r);
    EXPECT_EQ(s.kind(), c.kind) << c.name << ": " << s.ToString();
    if (!c.message.empty()) {
      EXPECT_EQ(s.message(), c.message) << c.name;
    }
  }
}

class MetricDataTest : public test_support::ModelTest {
 protected:
  Result<GetMetricDataResult> Query(std::vector<MetricDataQuery> queries,
                                    std::optional<int> max_datapoints = std::nullopt) {
    GetMetricDataRequest r;
    r.queries = std::move(queries);
    r.start_time = test_support::kStart;
    r.end_time = test_support::kStart + seconds(300);
    r.scan_by = "TimestampAscending";
    r.max_datapoints = max_datapoints;
    return model_->GetMetricData(r);
  }

  void PutMinutes() {
    for (int i = 0; i < 3; ++i) {
      Put("Started", 10, test_support::kStart + seconds(60 * i));
      Put("Failed", i, test_support::kStart + seconds(60 * i));
    }
  }
};

TEST_F(MetricDataTest, ExpressionsReturnSeriesAndArrays) {
  PutMinutes();
  MetricDataQuery started = Metric("started", "Started");
  started.return_data = true;
  MetricDataQuery doubled = Expression("doubled", "METRICS() * 2");
  doubled.label = "x2";
  auto result = Query(
      {Metric("failed", "Failed"), started, Expression("rate", "100*failed/started"), doubled});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const auto& r = result->results;
  ASSERT_EQ(r.size(), 4u);  // failed is not returned; the array gives one result per metric
  EXPECT_EQ(r[0].id, "started");
  EXPECT_EQ(r[0].label, "Started");
  EXPECT_EQ(r[1].id, "rate");
  EXPECT_EQ(r[1].label, "rate");
  EXPECT_EQ(r[1].values, (std::vector<double>{0, 10, 20}));
  EXPECT_EQ(r[1].timestamps.front(), test_support::kStart);
  EXPECT_EQ(r[2].id, "doubled");
  EXPECT_EQ(r[2].label, "x2 Failed");
  EXPECT_EQ(r[3].label, "x2 Started");
  EXPECT_EQ(r[3].values, (std::vector<double>{20, 20, 20}));
  EXPECT_EQ(r[3].status_code, "Complete");
}

TEST_F(MetricDataTest, MathResultsAreCutAtMaxDatapointsWithoutNextToken) {
  PutMinutes();
  auto result = Query({Metric("failed", "Failed"), Expression("e1", "FILL(failed, 0)")}, 2);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->results.size(), 1u);
  EXPECT_EQ(result->results[0].values.size(), 2u);
  EXPECT_EQ(result->results[0].status_code, "PartialData");
  EXPECT_FALSE(result->next_token);
}

TEST_F(MetricDataTest, QueriesAreCheckedTogether) {
  MetricDataQuery both = Metric("m1", "Started");
  both.expression = "m1";
  MetricDataQuery neither;
  neither.id = "Bad";
  MetricDataQuery bad_stat = Metric("m3", "Started");
  bad_stat.metric_stat->stat = "Total";
  auto result = Query({both, neither, bad_stat});
  EXPECT_EQ(result.status().kind(), "ValidationError");
  EXPECT_EQ(result.status().message(),
            "The parameters MetricDataQueries.member.1.Expression and "
            "MetricDataQueries.member.1.MetricStat are mutually exclusive and you have specified "
            "both.\n"
            "The value Bad for parameter MetricDataQueries.member.2.Id is not matching the "
            "expected pattern ^[a-z][a-zA-Z0-9_]*$.\n"
            "The parameter MetricDataQueries.member.2.MetricStat is required.\n"
            "The value Total for parameter MetricDataQueries.member.3.MetricStat.Stat is not a "
            "valid statistic.\n");
  result = Query({Metric("m1", "A"), Metric("m1", "B")});
  EXPECT_EQ(result.status().message(),
            "The values for parameter id in MetricDataQueries are not unique.");
  result = Query({Expression("e1", std::string(2049, '1'))});
  EXPECT_EQ(result.status().message(),
            "1 validation error detected: Value '" + std::string(2049, '1') +
                "' at 'metricDataQueries.1.member.expression' failed to satisfy constraint: "
                "Member must have length less than or equal to 2048");
  result = Query({Expression("e1", "")});
  EXPECT_EQ(result.status().message(),
            "1 validation error detected: Value '' at 'metricDataQueries.1.member.expression' "
            "failed to satisfy constraint: Member must have length greater than or equal to 1");
  result = Query({Expression("e1", "m1 / ")});
  EXPECT_EQ(result.status().message(), "Error in expression e1 [Invalid syntax]");
}

// The budget is taken before the datapoints are made, so the test allocates little.
TEST_F(MetricDataTest, SeriesMadeFromNothingAreBounded) {
  GetMetricDataRequest r;
  for (int i = 0; i < 11; ++i) {
    r.queries.push_back(Metric("m" + std::to_string(i), "Started", 1));
  }
  r.queries.push_back(Expression("filled", "FILL(METRICS(), 0)"));
  r.start_time = test_support::kStart;
  r.end_time = test_support::kStart + std::chrono::hours(28);  // 100,800 seconds
  auto result = model_->GetMetricData(r);
  EXPECT_EQ(result.status().message(),
            "Error in expression filled [The expression would create more than 1008000 "
            "datapoints; use a shorter time range or a longer period]");
  r.queries = {Expression("e1", "TIME_SERIES(1)")};
  r.queries[0].period = 1;
  result = model_->GetMetricData(r);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->results[0].values.size(), 100800u);  // the newest 100,800 periods
}

}  // namespace
}  // namespace stepshift::cloudwatch
