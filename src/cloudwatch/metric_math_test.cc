// Metric math through QueryPlan: table-driven expressions over fixed series, CloudWatch's
// alignment rules, FILL and IF edge cases, and the errors for bad expressions.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "cloudwatch/metric_queries.h"
#include "cloudwatch/model_test_fixture.h"

namespace stepshift::cloudwatch {
namespace {

// 2023-11-14T22:14:00Z, a Tuesday, on a minute boundary.
constexpr int64_t kT0 = 1'700'000'040'000;
constexpr int64_t kMinute = 60'000;
constexpr int kSlots = 5;

using Slots = std::vector<std::optional<double>>;
constexpr std::nullopt_t _ = std::nullopt;

// The metrics every case can use, one value (or none) per minute of the window.
const std::map<std::string, Slots>& Metrics() {
  static const std::map<std::string, Slots> metrics = {
      {"c", {1, 1, 0, 0, _}},    {"a", {30, _, 0, 0, 30}},  {"b", {0, 0, 20, _, 20}},
      {"m1", {30, 20, 0, 0, _}}, {"m2", {20, _, 20, _, _}}, {"none", {_, _, _, _, _}},
  };
  return metrics;
}

MetricDataQuery MetricQuery(const std::string& id) {
  return test_support::MetricQuery(id, "Metric_" + id);
}

MetricDataQuery Expression(const std::string& id, const std::string& text) {
  return test_support::ExpressionQuery(id, text);
}

TimeSeries Fetch(const MetricDataQuery& q, const MathWindow&) {
  TimeSeries s;
  const Slots& slots = Metrics().at(q.id);
  for (int i = 0; i < kSlots; ++i) {
    if (slots[i]) {
      s.points[kT0 + i * kMinute] = *slots[i];
    }
  }
  return s;
}

std::vector<MetricDataQuery> WithMetrics(std::vector<MetricDataQuery> expressions) {
  std::vector<MetricDataQuery> all;
  for (const auto& [id, slots] : Metrics()) {
    all.push_back(MetricQuery(id));
  }
  all.insert(all.end(), expressions.begin(), expressions.end());
  return all;
}

// Evaluates the last query of `queries` over the five minutes.
Result<MathValue> Evaluate(std::vector<MetricDataQuery> queries) {
  Result<QueryPlan> plan = QueryPlan::Compile(WithMetrics(std::move(queries)));
  if (!plan.ok()) {
    return plan.status();
  }
  std::vector<bool> wanted(plan->queries().size());
  wanted.back() = true;
  auto values = plan->Evaluate(wanted, kT0, kT0 + kSlots * kMinute, &Fetch);
  if (!values.ok()) {
    return values.status();
  }
  return *values->back();
}

Slots ToSlots(const TimeSeries& s) {
  Slots slots(kSlots);
  for (const auto& [t, v] : s.points) {
    EXPECT_EQ((t - kT0) % kMinute, 0);
    slots.at((t - kT0) / kMinute) = v;
  }
  return slots;
}

struct Case {
  std::string expression;
  Slots expected;
};

const Case kCases[] = {
    // Arithmetic: the union of timestamps, a missing value counting as 0, x/0 dropped.
    {"a + b", {30, 0, 20, 0, 50}},
    {"a / b", {_, _, 0, _, 1.5}},
    {"100*m1/m2", {150, _, 0, _, _}},
    {"m1 * 2 + 1", {61, 41, 1, 1, _}},
    {"-m1 + 0", {-30, -20, 0, 0, _}},
    {"m1 - 2^3", {22, 12, -8, -8, _}},
    {"2 * (m1 + 1) ^ 0.5 * 0 + m1 / 10", {3, 2, 0, 0, _}},
    // Comparison and logic, as "Comparison and logical operators" documents them.
    {"m1 < m2", {0, 0, 1, 0, _}},
    {"m1 >= 30", {1, 0, 0, 0, _}},
    {"m1 > 15 AND m2 > 15", {1, 0, 0, 0, _}},
    {"m1 > 15 && m2 > 15", {1, 0, 0, 0, _}},
    {"m1 > 15 || m2 > 15", {1, 1, 1, 0, _}},
    {"m1 == 0 OR m1 != 20", {1, 0, 1, 1, _}},
    // IF, as "Using IF expressions" tabulates each form.
    {"IF(c, a, b)", {30, 0, 20, _, _}},
    {"IF(c, 5, b)", {5, 5, 20, _, _}},
    {"IF(c, a, 5)", {30, 0, 5, 5, _}},
    {"IF(c, 1, 2)", {1, 1, 2, 2, _}},
    {"IF(m1 < 25, m1)", {_, 20, 0, 0, _}},
    {"IF(1, m1, m2)", {30, 20, 0, 0, _}},
    {"IF(0, m1, m2)", {20, _, 20, _, _}},
    {"IF(0, m1)", {_, _, _, _, _}},
    // FILL.
    {"FILL(a, 0)", {30, 0, 0, 0, 30}},
    {"FILL(a, -1.5)", {30, -1.5, 0, 0, 30}},
    {"FILL(a, b)", {30, 0, 0, 0, 30}},
    {"FILL(b, REPEAT)", {0, 0, 20, 20, 20}},
    {"FILL(m2, REPEAT)", {20, 20, 20, 20, 20}},
    {"FILL(a, LINEAR)", {30, 15, 0, 0, 30}},
    {"FILL(m2, LINEAR)", {20, 20, 20, _, _}},
    {"FILL(none, LINEAR)", {_, _, _, _, _}},
    {"FILL(none, 7)", {7, 7, 7, 7, 7}},
    {"100 * FILL(m2, 0) / FILL(m1, 1)", {200.0 / 3, 0, _, _, 0}},
    // Functions over one series.
    {"ABS(m1 - 25)", {5, 5, 25, 25, _}},
    {"FLOOR(m1 / 7)", {4, 2, 0, 0, _}},
    {"CEIL(m1 / 7)", {5, 3, 0, 0, _}},
    {"LOG10(m1 * 10) - 1", {std::log10(30.0), std::log10(20.0), _, _, _}},
    {"LOG(m2)", {std::log(20.0), _, std::log(20.0), _, _}},
    {"DIFF(m1)", {_, -10, -20, 0, _}},
    {"RATE(m1)", {_, -10.0 / 60, -20.0 / 60, 0, _}},
    {"RATE(m2)", {_, _, 0, _, _}},
    {"DIFF_TIME(m2)", {_, _, 120, _, _}},
    {"RUNNING_SUM(m1)", {30, 50, 50, 50, _}},
    {"m1 - AVG(m1)", {17.5, 7.5, -12.5, -12.5, _}},
    {"m1 / MAX(m1)", {1, 2.0 / 3, 0, 0, _}},
    {"m1 + MIN(m2) + SUM(b) * 0", {50, 40, 20, 20, _}},
    {"m1 * 0 + DATAPOINT_COUNT(m2)", {2, 2, 2, 2, _}},
    {"m1 * 0 + STDDEV(m2)", {0, 0, 0, 0, _}},
    {"m1 * 0 + PERIOD(m1)", {60, 60, 60, 60, _}},
    {"TIME_SERIES(7)", {7, 7, 7, 7, 7}},
    {"TIME_SERIES(MAX(m1) + 1)", {31, 31, 31, 31, 31}},
    {"MINUTE(m1)", {14, 15, 16, 17, 18}},
    {"HOUR(m2)", {22, 22, 22, 22, 22}},
    {"DAY(m1) + DATE(m1) * 100", {1402, 1402, 1402, 1402, 1402}},
    {"MONTH(none) * 10000 + YEAR(none)", {112023, 112023, 112023, 112023, 112023}},
    {"EPOCH(m1) - 1700000000", {40, 100, 160, 220, 280}},
    // Arrays: METRICS(), [a, b], and the functions that reduce or reorder them.
    {"SUM(METRICS(\"m\"))", {50, 20, 20, 0, _}},
    {"SUM([m1, m2])", {50, 20, 20, 0, _}},
    {"AVG([m1, m2])", {25, 10, 10, 0, _}},
    {"MAX([m1, m2])", {30, 20, 20, 0, _}},
    {"MIN([m1, m2])", {20, 20, 0, 0, _}},
    {"DATAPOINT_COUNT([m1, m2, none])", {2, 1, 2, 1, _}},
    {"SUM(METRICS(\"m\") * 2)", {100, 40, 40, 0, _}},
    {"SUM(100 / [METRICS(\"m\"), b])", {100.0 / 30 + 5, 5, 10, _, 5}},
    {"SUM(FILL(METRICS(\"m\"), 1))", {50, 21, 20, 1, 2}},
    {"FIRST(SORT(METRICS(\"m\"), MAX, ASC))", {20, _, 20, _, _}},
    {"FIRST(SORT(METRICS(\"m\"), MAX, DESC, 1))", {30, 20, 0, 0, _}},
    {"LAST(SLICE(METRICS(), 0, 2))", {0, 0, 20, _, 20}},
    {"m1 * 0 + METRIC_COUNT(METRICS())", {6, 6, 6, 6, _}},
    {"m1 * 0 + METRIC_COUNT(REMOVE_EMPTY(METRICS()))", {5, 5, 5, 5, _}},
    {"m1 * 0 + METRIC_COUNT(METRICS(\"zzz\"))", {0, 0, 0, 0, _}},
};

TEST(MetricMathTest, ExpressionsFollowCloudWatchRules) {
  for (const Case& c : kCases) {
    Result<MathValue> v = Evaluate({Expression("e1", c.expression)});
    ASSERT_TRUE(v.ok()) << c.expression << ": " << v.status().ToString();
    ASSERT_EQ(v->kind, MathValue::Kind::kSeries) << c.expression;
    Slots got = ToSlots(v->series[0]);
    for (int i = 0; i < kSlots; ++i) {
      ASSERT_EQ(got[i].has_value(), c.expected[i].has_value()) << c.expression << " slot " << i;
      if (got[i]) {
        EXPECT_NEAR(*got[i], *c.expected[i], 1e-9) << c.expression << " slot " << i;
      }
    }
  }
}

TEST(MetricMathTest, ExpressionsReferToOtherExpressions) {
  Result<MathValue> v =
      Evaluate({Expression("rate", "100*errors/requests"), Expression("errors", "FILL(m2, 0)"),
                Expression("requests", "m1"), Expression("e4", "IF(rate > 50, 1, 0)")});
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(ToSlots(v->series[0]), (Slots{1, 0, _, _, _}));  // x/0 dropped before IF
}

TEST(MetricMathTest, LabelsComeFromQueriesAndArraysKeepTheirMembersLabels) {
  MetricDataQuery doubled = Expression("e1", "METRICS(\"m\") * 2");
  doubled.label = "Doubled";
  Result<MathValue> v = Evaluate({doubled});
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  ASSERT_EQ(v->kind, MathValue::Kind::kArray);
  ASSERT_EQ(v->series.size(), 2u);
  EXPECT_EQ(v->series[0].label, "Doubled Metric_m1");
  EXPECT_EQ(v->series[1].label, "Doubled Metric_m2");
  v = Evaluate({Expression("rate", "m1 / m2")});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->series[0].label, "rate");
}

TEST(MetricMathTest, PeriodsComeFromTheMetricsAnExpressionUses) {
  std::vector<MetricDataQuery> queries = {
      MetricQuery("m1"), MetricQuery("m2"), Expression("e1", "m1 + m2"),
      Expression("e2", "TIME_SERIES(1)"), Expression("e3", "e1")};
  queries[1].metric_stat->period = 300;
  queries[3].period = 120;
  Result<QueryPlan> plan = QueryPlan::Compile(queries);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->PeriodOf(2), 300);
  EXPECT_EQ(plan->PeriodOf(3), 120);
  EXPECT_EQ(plan->PeriodOf(4), 300);
  queries[3].period.reset();
  plan = QueryPlan::Compile(queries);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->PeriodOf(3), 0);
}

struct ErrorCase {
  std::vector<MetricDataQuery> queries;
  std::string message;
};

TEST(MetricMathTest, BadExpressionsGetValidationErrors) {
  const ErrorCase cases[] = {
      {{Expression("e1", "m1 +")}, "Error in expression e1 [Invalid syntax]"},
      {{Expression("e1", "(m1 * 2")}, "Error in expression e1 [Invalid syntax]"},
      {{Expression("e1", "m1 $ 2")}, "Error in expression e1 [Invalid syntax]"},
      {{Expression("e1", "M1 * 2")}, "Error in expression e1 [Invalid syntax]"},
      {{Expression("e1", "m9 * 2")},
       "Error in expression e1 [Unknown metric or expression id: m9]"},
      {{Expression("e1", "FOO(m1)")}, "Error in expression e1 [Unrecognized function FOO]"},
      {{Expression("e1", "sum(m1)")}, "Error in expression e1 [Unrecognized function sum]"},
      {{Expression("e1", "SEARCH('{AWS/EC2} CPUUtilization', 'Average', 300)")},
       "Error in expression e1 [SEARCH is not supported by stepshift serve]"},
      {{Expression("e1", "ANOMALY_DETECTION_BAND(m1, 2)")},
       "Error in expression e1 [ANOMALY_DETECTION_BAND is not supported by stepshift serve]"},
      {{Expression("q1", "SELECT AVG(CPUUtilization) FROM SCHEMA(\"AWS/EC2\")")},
       "Error in expression q1 [Metrics Insights queries (SELECT) are not supported by "
       "stepshift serve]"},
      {{Expression("e1", "AVG(m1)")},
       "Error in expression e1 [The expression must return a time series or an array of time "
       "series]"},
      {{Expression("e1", "FILL(m1)")}, "Error in expression e1 [FILL expects 2 arguments]"},
      {{Expression("e1", "FILL(m1, SOMETIMES)")},
       "Error in expression e1 [FILL expects a number, a time series, REPEAT or LINEAR]"},
      {{Expression("e1", "ABS(REPEAT)")},
       "Error in expression e1 [ABS expects a time series or an array of time series]"},
      {{Expression("e1", "METRICS() + METRICS()")},
       "Error in expression e1 [The operator + cannot be applied to two arrays of time series]"},
      {{Expression("e1", "FIRST(m1)")},
       "Error in expression e1 [FIRST expects an array of time series]"},
      {{Expression("e1", "IF(METRICS(), 1, 0)")},
       "Error in expression e1 [IF expects time series or numbers]"},
      {{Expression("e1", "m1 * 0 + PERIOD(e0)"), Expression("e0", "m1")},
       "Error in expression e1 [PERIOD expects the id of a metric]"},
      {{Expression("e1", "METRICS(m1)")}, "Error in expression e1 [METRICS expects a string]"},
      {{Expression("e1", "e1 + 1")}, "Error in expression e1 [Circular reference: e1 -> e1]"},
      {{Expression("e1", "e2 + 1"), Expression("e2", "e1 * 2")},
       "Error in expression e2 [Circular reference: e1 -> e2 -> e1]"},
      {{Expression("e1", "e2 + 1"), Expression("e2", "m1 +")},
       "Error in expression e2 [Invalid syntax]"},
      {{Expression("e1", "e2 + 1"), Expression("e2", "AVG(m1)")},
       "Error in expression e2 [The expression must return a time series or an array of time "
       "series]"},
      {{Expression("e1", std::string(70, '(') + "m1" + std::string(70, ')'))},
       "Error in expression e1 [Invalid syntax]"},
  };
  for (const ErrorCase& c : cases) {
    Result<MathValue> v = Evaluate(c.queries);
    ASSERT_FALSE(v.ok()) << c.message;
    EXPECT_EQ(v.status().kind(), "ValidationError");
    EXPECT_EQ(v.status().message(), c.message);
  }
}

TEST(MetricMathTest, LongChainsAndDeepNestingWithinLimitsEvaluate) {
  std::string sum = "m1";
  for (int i = 0; i < 600; ++i) {
    sum += "+1";
  }
  Result<MathValue> v = Evaluate({Expression("e1", sum)});
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(ToSlots(v->series[0])[0], 630);
  v = Evaluate({Expression("e1", std::string(60, '(') + "m1" + std::string(60, ')'))});
  ASSERT_TRUE(v.ok()) << v.status().ToString();
}

}  // namespace
}  // namespace stepshift::cloudwatch
