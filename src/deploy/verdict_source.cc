#include "deploy/verdict_source.h"

#include <cmath>
#include <map>

#include "base/status_macros.h"

namespace stepshift::deploy {

namespace {

// "arn:…:stateMachine:orders:7" -> ("arn:…:stateMachine:orders", "7").
std::pair<std::string, std::string> SplitVersionArn(const std::string& arn) {
  const size_t colon = arn.rfind(':');
  return {arn.substr(0, colon), arn.substr(colon + 1)};
}

struct MetricQuery {
  const char* id;
  const char* metric;
  const char* stat;
};

constexpr MetricQuery kQueries[] = {
    {"started", "ExecutionsStarted", "Sum"}, {"succeeded", "ExecutionsSucceeded", "Sum"},
    {"failed", "ExecutionsFailed", "Sum"},   {"timedout", "ExecutionsTimedOut", "Sum"},
    {"p50", "ExecutionTime", "p50"},         {"p90", "ExecutionTime", "p90"},
    {"p99", "ExecutionTime", "p99"},
};

}  // namespace

VersionSample SampleExecutions(const std::vector<ListedExecution>& executions, Time from, Time to) {
  VersionSample s;
  s.durations_ms.reserve(executions.size());
  for (const ListedExecution& e : executions) {
    if (e.start < from || e.start > to)
      continue;
    ++s.started;
    if (e.status == "RUNNING") {
      ++s.running;
    } else if (e.status == "SUCCEEDED") {
      ++s.completed;
      if (e.stop) {
        s.durations_ms.push_back(
            std::chrono::duration<double, std::milli>(*e.stop - e.start).count());
      }
    } else if (e.status == "FAILED" || e.status == "TIMED_OUT") {
      ++s.completed;
      ++s.failed;
    }
  }
  return s;
}

Result<WindowSamples> VerdictSource::Sample(const std::string& old_arn, const std::string& new_arn,
                                            Time from, Time to) {
  if (choice_ == SourceChoice::kMetrics || metrics_)
    return FromMetrics(old_arn, new_arn, from, to);
  std::string switch_reason;
  auto exact = FromExecutions(old_arn, new_arn, from, to, &switch_reason);
  if (choice_ == SourceChoice::kExecutions || switch_reason.empty())
    return exact;
  metrics_ = true;
  ASSIGN_OR_RETURN(WindowSamples samples, FromMetrics(old_arn, new_arn, from, to));
  samples.note = "switched to the AWS/States metrics: " + switch_reason;
  return samples;
}

Result<WindowSamples> VerdictSource::FromExecutions(const std::string& old_arn,
                                                    const std::string& new_arn, Time from, Time to,
                                                    std::string* switch_reason) {
  WindowSamples samples;
  samples.source = "executions";
  for (const std::string* arn : {&old_arn, &new_arn}) {
    ExecutionsQuery query;
    query.arn = *arn;
    query.since = from;
    query.limit = max_listed_;
    auto listed = api_->ListExecutions(query);
    if (!listed.ok() && listed.status().kind() == "StateMachineTypeNotSupported") {
      *switch_reason = "the state machine is EXPRESS (no ListExecutions)";
      return listed.status();
    }
    if (!listed.ok())
      return listed.status();
    if (listed->truncated) {
      *switch_reason = "more than " + std::to_string(max_listed_) + " executions in the window";
    }
    (arn == &old_arn ? samples.stable : samples.canary) =
        SampleExecutions(listed->executions, from, to);
  }
  return samples;
}

json::Object MetricsRequest(const std::string& old_arn, const std::string& new_arn, Time from,
                            Time to) {
  // One period of whole minutes ending now and covering the window: the metrics' resolution.
  const double seconds = std::max(1.0, std::chrono::duration<double>(to - from).count());
  const int64_t period = static_cast<int64_t>(std::ceil(seconds / 60)) * 60;
  const int64_t end = static_cast<int64_t>(std::ceil(ToEpochSeconds(to)));
  json::Array queries;
  for (const auto& [side, arn] : {std::pair{"old", &old_arn}, std::pair{"new", &new_arn}}) {
    const auto [machine, version] = SplitVersionArn(*arn);
    json::Array dimensions{json::Object{{"Name", "StateMachineArn"}, {"Value", machine}},
                           json::Object{{"Name", "Version"}, {"Value", version}}};
    for (const MetricQuery& q : kQueries) {
      json::Object metric{
          {"Namespace", "AWS/States"}, {"MetricName", q.metric}, {"Dimensions", dimensions}};
      queries.push_back(json::Object{
          {"Id", std::string(q.id) + "_" + side},
          {"MetricStat", json::Object{{"Metric", metric}, {"Period", period}, {"Stat", q.stat}}},
          {"ReturnData", true}});
    }
  }
  return json::Object{
      {"MetricDataQueries", queries}, {"StartTime", end - period}, {"EndTime", end}};
}

WindowSamples SamplesFromMetrics(const json::Value& response) {
  std::map<std::string, double> sums;  // id -> sum of its values (quantiles: one period)
  const json::Value* results =
      response.is_object() ? json::Find(response.as_object(), "MetricDataResults") : nullptr;
  if (results != nullptr && results->is_array()) {
    for (const json::Value& r : results->as_array()) {
      const json::Value* id = r.is_object() ? json::Find(r.as_object(), "Id") : nullptr;
      const json::Value* values = r.is_object() ? json::Find(r.as_object(), "Values") : nullptr;
      if (id == nullptr || !id->is_string() || values == nullptr || !values->is_array())
        continue;
      double sum = 0;
      for (const json::Value& v : values->as_array())
        sum += v.is_number() ? v.to_number<double>() : 0;
      sums[std::string(id->as_string())] = sum;
    }
  }
  WindowSamples samples;
  samples.source = "metrics";
  for (const char* side : {"old", "new"}) {
    auto get = [&](const char* id) { return sums[std::string(id) + "_" + side]; };
    VersionSample s;
    s.has_quantiles_only = true;
    s.started = std::llround(get("started"));
    s.failed = std::llround(get("failed") + get("timedout"));
    s.completed = std::llround(get("succeeded")) + s.failed;
    s.running = std::max<int64_t>(0, s.started - s.completed);
    s.p50_ms = get("p50");
    s.p90_ms = get("p90");
    s.p99_ms = get("p99");
    (std::string(side) == "old" ? samples.stable : samples.canary) = std::move(s);
  }
  return samples;
}

Result<WindowSamples> VerdictSource::FromMetrics(const std::string& old_arn,
                                                 const std::string& new_arn, Time from, Time to) {
  ASSIGN_OR_RETURN(json::Value response,
                   api_->GetMetricData(MetricsRequest(old_arn, new_arn, from, to)));
  return SamplesFromMetrics(response);
}

}  // namespace stepshift::deploy
