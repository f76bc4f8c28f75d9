#include "cloudwatch/state_reason.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace stepshift::cloudwatch {

namespace {

std::tm ToTm(Time t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return tm;
}

std::string Plural(int n, std::string_view word) {
  std::string s = std::to_string(n) + " " + std::string(word);
  if (n != 1) {
    s += "s";
  }
  return s;
}

std::string_view WasWere(int n) {
  return n == 1 ? "was" : "were";
}

std::string FillPhrase(const MetricAlarmSpec& spec, int filled) {
  if (filled == 0) {
    return "";
  }
  std::string_view as =
      spec.Treatment() == TreatMissingData::kBreaching ? "[Breaching]" : "[NonBreaching]";
  return " and " + Plural(filled, "missing datapoint") + " " + std::string(WasWere(filled)) +
         " treated as " + std::string(as);
}

std::string MinimumPhrase(const MetricAlarmSpec& spec, StateValue state) {
  if (!spec.datapoints_to_alarm) {
    return "";
  }
  int m = spec.DatapointsToAlarm();
  if (state == StateValue::kAlarm) {
    return " (minimum " + Plural(m, "datapoint") + " for OK -> ALARM transition)";
  }
  return " (minimum " + Plural(spec.evaluation_periods - m + 1, "datapoint") +
         " for ALARM -> OK transition)";
}

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

// The members StateReasonData starts with, in CloudWatch's order.
std::string ReasonDataHead(Time query_date) {
  return "{\"version\":\"1.0\",\"queryDate\":\"" + FormatReasonTimestamp(query_date) + "\"";
}

// Metric math alarms have no unit or statistic of their own, only the period.
std::string ReasonDataMiddle(const MetricAlarmSpec& spec) {
  std::string out;
  if (!spec.IsMath()) {
    if (spec.unit) {
      out += ",\"unit\":" + JsonString(*spec.unit);
    }
    out += ",\"statistic\":" + JsonString(spec.statistic.text);
  }
  out += ",\"period\":" + std::to_string(spec.period);
  return out;
}

}  // namespace

std::string FormatJavaDouble(double value) {
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "Infinity" : "-Infinity";
  }
  char buf[64];
  double magnitude = std::fabs(value);
  if (value == 0 || (magnitude >= 1e-3 && magnitude < 1e7)) {
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
    std::string s(buf, end);
    if (s.find('.') == std::string::npos) {
      s += ".0";
    }
    return s;
  }
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string s(buf, end);
  size_t e = s.find('e');
  std::string mantissa = s.substr(0, e);
  if (mantissa.find('.') == std::string::npos) {
    mantissa += ".0";
  }
  int exponent = std::stoi(s.substr(e + 1));
  return mantissa + "E" + std::to_string(exponent);
}

std::string FormatReasonDate(Time t) {
  std::tm tm = ToTm(t);
  char buf[32];
  std::strftime(buf, sizeof buf, "%d/%m/%y %H:%M:%S", &tm);
  return buf;
}

std::string FormatReasonTimestamp(Time t) {
  std::string iso = FormatIso8601(t);  // ...T..:..:...fffZ
  iso.pop_back();
  return iso + "+0000";
}

std::string FormatLongDate(Time t) {
  std::tm tm = ToTm(t);
  char buf[64];
  std::strftime(buf, sizeof buf, "%A %d %B, %Y %H:%M:%S UTC", &tm);
  return buf;
}

std::string ThresholdReason(const MetricAlarmSpec& spec, const ThresholdOutcome& outcome) {
  const int n = spec.evaluation_periods;
  std::string fill = FillPhrase(spec, outcome.filled);
  std::string minimum = MinimumPhrase(spec, outcome.state);
  if (outcome.listed.empty()) {
    std::string head = outcome.real_count == 0
                           ? "no datapoints were received for " + Plural(n, "period")
                           : Plural(outcome.real_count, "datapoint") + " " +
                                 std::string(WasWere(outcome.real_count)) + " received for " +
                                 Plural(n, "period");
    return "Threshold Crossed: " + head + fill + minimum + ".";
  }
  const int listed = static_cast<int>(outcome.listed.size());
  std::string head = spec.datapoints_to_alarm ? std::to_string(listed) + " out of the last " +
                                                    std::to_string(n) + " datapoints"
                                              : Plural(listed, "datapoint");
  std::string values;
  for (auto it = outcome.listed.rbegin(); it != outcome.listed.rend(); ++it) {
    if (!values.empty()) {
      values += ", ";
    }
    values += FormatJavaDouble(*it->value) + " (" + FormatReasonDate(it->start) + ")";
  }
  std::string comparison = outcome.state == StateValue::kAlarm ? "" : "not ";
  comparison += OperatorPhrase(spec.comparison);
  return "Threshold Crossed: " + head + " [" + values + "] " + std::string(WasWere(listed)) + " " +
         comparison + " the threshold (" + FormatJavaDouble(spec.threshold) + ")" + fill + minimum +
         ".";
}

std::string InsufficientDataReason(int unknown) {
  return "Insufficient Data: " + Plural(unknown, "datapoint") + " " +
         std::string(WasWere(unknown)) + " unknown.";
}

std::string ThresholdReasonData(const MetricAlarmSpec& spec, const ThresholdOutcome& outcome,
                                Time query_date) {
  std::string out = ReasonDataHead(query_date);
  Time oldest = outcome.evaluated.empty() ? Time::max() : outcome.evaluated.front().start;
  for (Time t : outcome.filled_starts) {
    oldest = std::min(oldest, t);
  }
  if (!outcome.evaluated.empty()) {
    out += ",\"startDate\":\"" + FormatReasonTimestamp(oldest) + "\"";
  }
  out += ReasonDataMiddle(spec) + ",\"recentDatapoints\":[";
  for (size_t i = 0; i < outcome.evaluated.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    out += FormatJavaDouble(*outcome.evaluated[i].value);
  }
  out += "],\"threshold\":" + FormatJavaDouble(spec.threshold) + ",\"evaluatedDatapoints\":[";
  // Newest first: real datapoints with their sample counts, filled ones with a timestamp only.
  std::vector<std::pair<Time, std::string>> items;
  for (const PeriodDatapoint& d : outcome.evaluated) {
    std::string count = spec.IsMath() ? "" : ",\"sampleCount\":" + FormatJavaDouble(d.sample_count);
    items.emplace_back(d.start, "{\"timestamp\":\"" + FormatReasonTimestamp(d.start) + "\"" +
                                    count + ",\"value\":" + FormatJavaDouble(*d.value) + "}");
  }
  for (Time t : outcome.filled_starts) {
    items.emplace_back(t, "{\"timestamp\":\"" + FormatReasonTimestamp(t) + "\"}");
  }
  std::sort(items.begin(), items.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    out += items[i].second;
  }
  return out + "]}";
}

std::string InsufficientReasonData(const MetricAlarmSpec& spec,
                                   const std::vector<Time>& unknown_starts, Time query_date) {
  std::string out = ReasonDataHead(query_date) + ReasonDataMiddle(spec);
  out += ",\"recentDatapoints\":[],\"threshold\":" + FormatJavaDouble(spec.threshold);
  out += ",\"evaluatedDatapoints\":[";
  for (size_t i = 0; i < unknown_starts.size(); ++i) {
    out += std::string(i ? "," : "") + "{\"timestamp\":\"" +
           FormatReasonTimestamp(unknown_starts[i]) + "\"}";
  }
  return out + "]}";
}

}  // namespace stepshift::cloudwatch
