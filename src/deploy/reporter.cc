#include "deploy/reporter.h"

#include <cstdio>
#include <ostream>
#include <sstream>

namespace stepshift::deploy {

Reporter::Reporter(std::ostream* out, OutputMode mode, bool tty, Clock* clock)
    : out_(out), mode_(mode), tty_(tty), clock_(clock) {}

void Reporter::Event(const std::string& type, json::Object fields, const std::string& text) {
  if (out_ == nullptr)
    return;
  const std::string stamp = FormatIso8601(clock_->Now());
  if (mode_ == OutputMode::kJson) {
    json::Object line;
    line["time"] = stamp;
    line["event"] = type;
    for (auto& field : fields)
      line[field.key()] = field.value();
    *out_ << json::Serialize(line) << std::endl;
    return;
  }
  if (text.empty())
    return;  // a fact for machines only; the human line is printed elsewhere (stderr)
  if (live_pending_) {
    *out_ << "\r\033[K";
    live_pending_ = false;
  }
  if (relative_start_) {
    char relative[24];
    std::snprintf(relative, sizeof relative, "[%5.1fs]",
                  std::chrono::duration<double>(clock_->Now() - *relative_start_).count());
    *out_ << relative << " " << text << std::endl;
    return;
  }
  *out_ << stamp << " " << text << std::endl;
}

void Reporter::Live(const std::string& text) {
  if (out_ == nullptr || !live_enabled())
    return;
  if (live_pending_ && text == live_text_)
    return;  // unchanged: no redraw
  live_text_ = text;
  *out_ << "\r\033[K" << text << std::flush;
  live_pending_ = true;
}

void Reporter::Flush() {
  if (out_ != nullptr && live_pending_) {
    *out_ << "\r\033[K" << std::flush;
    live_pending_ = false;
  }
}

Reporter& NullReporter() {
  static Reporter reporter(nullptr, OutputMode::kText, false, &SystemClock());
  return reporter;
}

}  // namespace stepshift::deploy
