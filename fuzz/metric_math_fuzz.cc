// libFuzzer target for CloudWatch metric math: the input is an expression over two metrics and
// another expression, compiled and then evaluated over a few minutes of data. Compiling must
// fail cleanly or succeed; an expression that compiles must evaluate (the plan's invariant).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "cloudwatch/metric_queries.h"

namespace {

using stepshift::cloudwatch::MathWindow;
using stepshift::cloudwatch::MetricDataQuery;
using stepshift::cloudwatch::MetricStatQuery;
using stepshift::cloudwatch::QueryPlan;
using stepshift::cloudwatch::TimeSeries;

constexpr int64_t kStart = 1'700'000'040'000;

std::vector<MetricDataQuery> Queries(std::string expression) {
  std::vector<MetricDataQuery> queries;
  for (const char* id : {"m1", "m2"}) {
    MetricDataQuery q;
    q.id = id;
    q.metric_stat = MetricStatQuery{{"Fuzz", id, {}}, id[1] == '1' ? 60 : 120, "Sum", {}};
    queries.push_back(q);
  }
  MetricDataQuery e0;
  e0.id = "e0";
  e0.expression = "m1 * 2";
  queries.push_back(e0);
  MetricDataQuery e1;
  e1.id = "e1";
  e1.expression = std::move(expression);
  queries.push_back(e1);
  return queries;
}

TimeSeries Fetch(const MetricDataQuery& q, const MathWindow& w) {
  TimeSeries s;
  const int64_t step = int64_t{q.metric_stat->period} * 1000;
  int i = 0;
  for (int64_t t = w.start_ms / step * step; t < w.end_ms; t += step, ++i) {
    if (i % 3 != 1) {
      s.points[t] = i % 5 - 2.0;
    }
  }
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 2048) {
    return 0;  // the API's limit on Expression
  }
  auto plan = QueryPlan::Compile(Queries(std::string(reinterpret_cast<const char*>(data), size)));
  if (!plan.ok()) {
    return 0;
  }
  std::vector<bool> wanted(plan->queries().size(), true);
  auto values = plan->Evaluate(wanted, kStart, kStart + 600'000, &Fetch);
  if (!values.ok() || values->back()->kind != plan->KindOf(3)) {
    std::abort();
  }
  return 0;
}
