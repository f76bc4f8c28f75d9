#include "deploy/status_view.h"

#include <algorithm>
#include <cstdio>

#include "deploy/runner.h"
#include "deploy/verdict.h"

namespace stepshift::deploy {

namespace {

constexpr int kBarWidth = 20;  // one mark per 5 %

std::string Str(const json::Object& o, std::string_view key) {
  const json::Value* v = json::Find(o, key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

int64_t Int(const json::Object& o, std::string_view key) {
  const json::Value* v = json::Find(o, key);
  return v && v->is_number() ? v->to_number<int64_t>() : 0;
}

bool Bool(const json::Object& o, std::string_view key) {
  const json::Value* v = json::Find(o, key);
  return v && v->is_bool() && v->as_bool();
}

const json::Object* Obj(const json::Object& o, std::string_view key) {
  const json::Value* v = json::Find(o, key);
  return v && v->is_object() ? &v->as_object() : nullptr;
}

const json::Array& Arr(const json::Object& o, std::string_view key) {
  static const json::Array kNone;
  const json::Value* v = json::Find(o, key);
  return v && v->is_array() ? v->as_array() : kNone;
}

template <typename... Args>
std::string Printf(const char* format, Args... args) {
  char text[512];
  std::snprintf(text, sizeof text, format, args...);
  return text;
}

// Rows of a section: the section's name in a 12-column gutter on its first row only.
class Section {
 public:
  Section(std::vector<std::string>* lines, std::string name)
      : lines_(lines), name_(std::move(name)) {}

  void Row(const std::string& text) {
    lines_->push_back(Printf("%-12s", name_.c_str()) + text);
    name_.clear();
  }

 private:
  std::vector<std::string>* lines_;
  std::string name_;
};

std::string Label(const json::Object& o, std::string_view key) {
  const std::string arn = Str(o, key);
  return arn.empty() ? "(being published)" : VersionLabel(arn);
}

// "canary v1 -> v2"
std::string Versions(const json::Object& d) {
  return Str(d, "strategy") + " " + Label(d, "old_version") + " -> " + Label(d, "new_version");
}

Routing RoutingOf(const json::Object& snapshot) {
  Routing routing;
  for (const json::Value& e : Arr(snapshot, "routing")) {
    if (e.is_object()) {
      routing.push_back(
          {Str(e.as_object(), "version"), static_cast<int>(Int(e.as_object(), "weight"))});
    }
  }
  return routing;
}

std::optional<Time> TimeField(const json::Object& o, std::string_view key) {
  auto parsed = ParseIso8601(Str(o, key));
  return parsed.ok() ? std::optional<Time>(*parsed) : std::nullopt;
}

// "next step in 57s", or why the step is not counting down.
std::string Countdown(const json::Object& d, Time now) {
  if (!Bool(d, "controller_running"))
    return "stalled: controller gone";
  std::optional<Time> ends = TimeField(d, "step_ends");
  if (!ends)
    return "";
  if (now < *ends) {
    const bool last = Int(d, "step") == Int(d, "steps");
    return (last ? "done in " : "next step in ") + FormatCountdown(*ends - now);
  }
  const json::Object* verdict = Obj(d, "verdict");
  if (verdict && Bool(*verdict, "held") && Int(*verdict, "step") == Int(d, "step"))
    return "window over, held until the verdict is conclusive";
  return "window over: last check";
}

// "step 1/2, v2 at 10%, next step in 57s"
std::string StepText(const json::Object& d, Time now) {
  if (Int(d, "step") <= 0)
    return "claimed, no traffic moved yet";
  return "step " + std::to_string(Int(d, "step")) + "/" + std::to_string(Int(d, "steps")) + ", " +
         Label(d, "new_version") + " at " + std::to_string(Int(d, "new_weight")) + "%, " +
         Countdown(d, now);
}

void AddRouting(const json::Object& snapshot, std::vector<std::string>* lines) {
  Section section(lines, "routing");
  const Routing routing = RoutingOf(snapshot);
  if (routing.empty())
    section.Row("(no routing)");
  for (const aws::RoutingEntry& e : routing) {
    const int marks = std::clamp(e.weight, 0, 100) * kBarWidth / 100;
    section.Row(Printf("%-8s %3d%%  ", VersionLabel(e.version_arn).c_str(), e.weight) +
                std::string(marks, '#') + std::string(kBarWidth - marks, '.'));
  }
}

void AddDeployment(const json::Object& d, Time now, std::vector<std::string>* lines) {
  Section section(lines, "deployment");
  section.Row(Versions(d) + ": " + StepText(d, now));
  section.Row("schedule " + Str(d, "schedule") + ", started " + Str(d, "started") + " by " +
              Str(d, "controller") +
              (Bool(d, "controller_running")
                   ? " (running)"
                   : " (gone: resume with the same `stepshift deploy` command, or `stepshift "
                     "rollback`)"));
}

void AddAlarms(const json::Object& d, std::vector<std::string>* lines) {
  Section section(lines, "alarms");
  const json::Object* states = Obj(d, "alarm_states");
  if (states == nullptr || states->empty()) {
    section.Row(AlarmsText(d));
    return;
  }
  size_t width = 0;
  for (const auto& alarm : *states)
    width = std::max(width, alarm.key().size());
  for (const auto& alarm : *states) {
    const std::string name(alarm.key());
    section.Row(name + std::string(width - name.size() + 2, ' ') +
                (alarm.value().is_string() ? std::string(alarm.value().as_string()) : ""));
  }
}

void AddVerdict(const json::Object& d, Time now, std::vector<std::string>* lines) {
  const json::Object* verdict = Obj(d, "verdict");
  Section(lines, "verdict").Row(verdict ? VerdictText(*verdict, d, now) : "none recorded");
}

std::string ExecutionsRow(const json::Object& v) {
  const std::string label = VersionLabel(Str(v, "version"));
  if (json::Find(v, "error") != nullptr)
    return Printf("%-8s ", label.c_str()) + "unavailable: " + Str(v, "error");
  const json::Value* p90 = json::Find(v, "p90_ms");
  const std::string started = std::to_string(Int(v, "started")) + (Bool(v, "truncated") ? "+" : "");
  const json::Value* rate = json::Find(v, "failure_rate");
  return Printf(
      "%-8s %8s %8lld %8lld %8lld %7.1f%% %8s", label.c_str(), started.c_str(),
      static_cast<long long>(Int(v, "running")), static_cast<long long>(Int(v, "completed")),
      static_cast<long long>(Int(v, "failed")),
      rate && rate->is_number() ? 100 * rate->to_number<double>() : 0.0,
      p90 && p90->is_number() ? Printf("%.0fms", p90->to_number<double>()).c_str() : "n/a");
}

void AddExecutions(const json::Object& snapshot, std::vector<std::string>* lines) {
  Section section(lines, "executions");
  section.Row("started in the last " + std::to_string(Int(snapshot, "window_seconds")) + "s");
  section.Row(Printf("%-8s %8s %8s %8s %8s %8s %8s", "VERSION", "STARTED", "RUNNING", "ENDED",
                     "FAILED", "RATE", "P90"));
  for (const json::Value& v : Arr(snapshot, "executions")) {
    if (v.is_object())
      section.Row(ExecutionsRow(v.as_object()));
  }
}

}  // namespace

std::vector<std::string> ScreenLines(const json::Object& snapshot, Time now,
                                     const ScreenOptions& options) {
  std::vector<std::string> lines;
  lines.push_back("stepshift status --watch: every " + std::to_string(options.refresh_seconds) +
                  "s, Ctrl-C to quit    " + FormatIso8601(now));
  lines.push_back("");
  Section(&lines, "alias").Row(Str(snapshot, "alias"));
  AddRouting(snapshot, &lines);
  const json::Object* d = Obj(snapshot, "deployment");
  if (d == nullptr) {
    Section(&lines, "deployment").Row("none in progress");
  } else {
    AddDeployment(*d, now, &lines);
    AddAlarms(*d, &lines);
    AddVerdict(*d, now, &lines);
  }
  AddExecutions(snapshot, &lines);
  if (!options.error.empty()) {
    lines.push_back("");
    lines.push_back("refresh failed: " + options.error + " (showing " +
                    FormatIso8601(options.taken) + "; still watching)");
  }
  return lines;
}

json::Value ChangeKey(const json::Object& snapshot) {
  json::Object key;
  key["routing"] = json::Find(snapshot, "routing") ? *json::Find(snapshot, "routing") : nullptr;
  const json::Object* d = Obj(snapshot, "deployment");
  if (d == nullptr) {
    key["deployment"] = nullptr;
    return key;
  }
  json::Object deployment;
  for (const char* field : {"old_version", "new_version", "strategy", "step", "steps", "new_weight",
                            "controller_running", "alarms", "alarm_states", "alarms_error"}) {
    if (const json::Value* v = json::Find(*d, field))
      deployment[field] = *v;
  }
  if (const json::Object* verdict = Obj(*d, "verdict")) {
    deployment["verdict"] = json::Object{{"verdict", Str(*verdict, "verdict")},
                                         {"step", Int(*verdict, "step")},
                                         {"held", Bool(*verdict, "held")},
                                         {"dry_run", Bool(*verdict, "dry_run")}};
  }
  key["deployment"] = std::move(deployment);
  return key;
}

std::string ChangeLine(const json::Object& snapshot) {
  std::string line = "routing " + DescribeRouting(RoutingOf(snapshot));
  const json::Object* d = Obj(snapshot, "deployment");
  if (d == nullptr)
    return line + "; no deployment in progress";
  if (Int(*d, "step") <= 0) {
    line += "; " + Versions(*d) + " claimed, no traffic moved yet";
  } else {
    line += "; step " + std::to_string(Int(*d, "step")) + "/" + std::to_string(Int(*d, "steps")) +
            " of " + Versions(*d) + " (" + Label(*d, "new_version") + " at " +
            std::to_string(Int(*d, "new_weight")) + "%)";
  }
  if (!Bool(*d, "controller_running"))
    line += "; controller gone";
  const json::Value* alarms = json::Find(*d, "alarms");
  if (!alarms || !alarms->is_array() || !alarms->as_array().empty())
    line += "; alarms " + AlarmsText(*d);
  if (const json::Object* verdict = Obj(*d, "verdict")) {
    line += "; verdict " + Str(*verdict, "verdict") + " at step " +
            std::to_string(Int(*verdict, "step")) + (Bool(*verdict, "held") ? " (held)" : "") +
            (Bool(*verdict, "dry_run") ? " (dry run)" : "");
  }
  return line;
}

std::string AlarmsText(const json::Object& deployment) {
  const json::Value* names = json::Find(deployment, "alarms");
  if (names == nullptr || !names->is_array())
    return "not recorded (an older controller, or too many names for the alias description)";
  if (names->as_array().empty())
    return "none";
  if (json::Find(deployment, "alarms_error") != nullptr)
    return "unavailable: " + Str(deployment, "alarms_error");
  const json::Object* states = Obj(deployment, "alarm_states");
  std::string text;
  for (const json::Value& name : names->as_array()) {
    const std::string n = name.is_string() ? std::string(name.as_string()) : "";
    text += (text.empty() ? "" : " ") + n + (states ? "=" + Str(*states, n) : "");
  }
  return text;
}

std::string VerdictText(const json::Object& verdict, const json::Object& deployment, Time now) {
  const json::Object* fresh = Obj(verdict, "new");
  const json::Object* stable = Obj(verdict, "stable");
  auto side = [](const std::string& label, const json::Object* s) {
    return label + " " + std::to_string(s ? Int(*s, "failed") : 0) + "/" +
           std::to_string(s ? Int(*s, "completed") : 0) + " failed";
  };
  std::optional<Time> at = TimeField(verdict, "time");
  const json::Value* p = json::Find(verdict, "p_value");
  return Str(verdict, "verdict") + " at step " + std::to_string(Int(verdict, "step")) +
         (at ? ", " + FormatCountdown(now - *at) + " ago" : "") + ": " +
         side(Label(deployment, "new_version"), fresh) + " vs " +
         side(Label(deployment, "old_version"), stable) + ", " +
         FormatPValue(p && p->is_number() ? p->to_number<double>() : 1) +
         (Bool(verdict, "held") ? "; step held" : "") +
         (Bool(verdict, "dry_run") ? " (dry run: not acted on)" : "");
}

std::string FormatCountdown(Duration left) {
  const auto s = std::max<int64_t>(0, std::chrono::ceil<std::chrono::seconds>(left).count());
  if (s < 60)
    return std::to_string(s) + "s";
  if (s < 3600)
    return Printf("%lldm%02llds", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
  return Printf("%lldh%02lldm", static_cast<long long>(s / 3600),
                static_cast<long long>(s % 3600 / 60));
}

}  // namespace stepshift::deploy
