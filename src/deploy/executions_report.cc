#include "deploy/executions_report.h"

#include <algorithm>
#include <cstdio>

#include "base/status_macros.h"
#include "deploy/hook_executions.h"
#include "deploy/runner.h"
#include "deploy/verdict_source.h"
#include "deploy/verdict_stats.h"

namespace stepshift::deploy {

namespace {

// Enough for any rollback worth reporting; beyond it the counts say "at least".
constexpr size_t kReportLimit = 100000;

std::string Number(int64_t n, bool at_least) {
  return (at_least ? "at least " : "") + std::to_string(n);
}

}  // namespace

Result<BadVersionReport> ReportBadVersion(ExecutionsApi* api, const std::string& version_arn,
                                          Time since, bool stop, Reporter* reporter) {
  ExecutionsQuery query;
  query.arn = version_arn;
  query.since = since;
  query.limit = kReportLimit;
  auto listed = api->ListExecutions(query);
  if (!listed.ok()) {
    const std::string text = "warning: cannot count the executions of version " +
                             VersionNumber(version_arn) + ": " + listed.status().ToString();
    reporter->Event("warning", json::Object{{"message", text}}, text);
    return listed.status();
  }
  BadVersionReport report;
  report.truncated = listed->truncated;
  std::vector<std::string> running;
  int64_t hook_runs = 0;
  for (const ListedExecution& e : listed->executions) {
    if (IsHookExecution(e.arn)) {
      ++hook_runs;  // a hook's test, not traffic
      continue;
    }
    ++report.total;
    if (e.status == "FAILED" || e.status == "TIMED_OUT")
      ++report.failed;
    if (e.status == "RUNNING")
      running.push_back(e.arn);
  }
  report.running = static_cast<int64_t>(running.size());
  int64_t stop_errors = 0;
  for (const std::string& arn : stop ? running : std::vector<std::string>{}) {
    Status stopped = api->StopExecution(arn, "stepshift: version " + VersionNumber(version_arn) +
                                                 " was rolled back (--stop-on-rollback)");
    stopped.ok() ? ++report.stopped : ++stop_errors;
  }
  json::Object fields{{"version", version_arn},        {"executions", report.total},
                      {"failed", report.failed},       {"running", report.running},
                      {"stopped", report.stopped},     {"stop_errors", stop_errors},
                      {"truncated", report.truncated}, {"hook_executions", hook_runs}};
  std::string text = "version " + VersionNumber(version_arn) + " ran " +
                     Number(report.total, report.truncated) +
                     " executions during the deployment: " + std::to_string(report.failed) +
                     " failed, " + std::to_string(report.running) + " still running";
  if (stop) {
    text += "; stopped " + std::to_string(report.stopped) +
            (stop_errors ? " (" + std::to_string(stop_errors) + " could not be stopped)" : "");
  } else if (report.running > 0) {
    text += " (they finish on version " + VersionNumber(version_arn) +
            "; --stop-on-rollback stops them)";
  }
  reporter->Event("rollback_report", std::move(fields), text);
  return report;
}

Result<bool> HasRunningExecutions(ExecutionsApi* api, const std::string& version_arn) {
  ExecutionsQuery query;
  query.arn = version_arn;
  query.status_filter = "RUNNING";
  query.limit = 0;  // one found is enough: it comes back as `truncated`
  auto listed = api->ListExecutions(query);
  if (!listed.ok() && listed.status().kind() == "StateMachineTypeNotSupported")
    return false;
  if (!listed.ok())
    return listed.status();
  return listed->truncated || !listed->executions.empty();
}

json::Array VersionExecutions(ExecutionsApi* api, const std::vector<std::string>& version_arns,
                              Time now, Duration window) {
  json::Array out;
  for (const std::string& arn : version_arns) {
    ExecutionsQuery query;
    query.arn = arn;
    query.since = now - window;
    auto listed = api->ListExecutions(query);
    if (!listed.ok()) {
      out.push_back(json::Object{{"version", arn}, {"error", listed.status().ToString()}});
      continue;
    }
    VersionSample s = SampleExecutions(listed->executions, now - window, now);
    std::sort(s.durations_ms.begin(), s.durations_ms.end());
    out.push_back(json::Object{
        {"version", arn},
        {"started", s.started},
        {"running", s.running},
        {"completed", s.completed},
        {"failed", s.failed},
        {"failure_rate", s.completed ? static_cast<double>(s.failed) / s.completed : 0.0},
        {"p90_ms", s.durations_ms.empty() ? json::Value(nullptr)
                                          : json::Value(Quantile(s.durations_ms, 0.9))},
        {"truncated", listed->truncated}});
  }
  return out;
}

std::string FormatVersionExecutions(const json::Array& versions, Duration window) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(window).count();
  std::string text = "executions (started in the last " + std::to_string(seconds) + "s):\n";
  for (const json::Value& item : versions) {
    const json::Object& v = item.as_object();
    const std::string label = "  v" + VersionNumber(std::string(v.at("version").as_string()));
    if (v.contains("error")) {
      text += label + ": unavailable (" + std::string(v.at("error").as_string()) + ")\n";
      continue;
    }
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.1f%%", 100 * v.at("failure_rate").as_double());
    std::string p90 = "n/a";
    if (!v.at("p90_ms").is_null()) {
      char ms[32];
      std::snprintf(ms, sizeof ms, "%.0fms", v.at("p90_ms").as_double());
      p90 = ms;
    }
    text += label + ": " + std::to_string(v.at("started").as_int64()) + " started, " +
            std::to_string(v.at("failed").as_int64()) + " failed of " +
            std::to_string(v.at("completed").as_int64()) + " ended (" + rate + "), " +
            std::to_string(v.at("running").as_int64()) + " running, p90 " + p90 + "\n";
  }
  return text;
}

}  // namespace stepshift::deploy
