// Where a deployment tells its story: one event per step, alarm check and decision.
//  - text on a terminal: a timestamped line per event plus a live status line (weights,
//    countdown to the next shift, alarm states) rewritten in place;
//  - text without a terminal (CI logs): one timestamped line per event, nothing rewritten;
//  - json: one JSON object per line ({"time":…,"event":…, fields…}), for machines.
// Not thread-safe.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/json.h"

namespace stepshift::deploy {

enum class OutputMode { kText, kJson };

class Reporter {
 public:
  // Does not own `out` or `clock`.
  Reporter(std::ostream* out, OutputMode mode, bool tty, Clock* clock);

  // `text` is the human line; `fields` the event's data (both modes get the same facts). An
  // empty `text` prints nothing in text mode: for an event whose message goes to stderr once.
  void Event(const std::string& type, json::Object fields, const std::string& text);
  // A status line rewritten in place; ignored unless text mode on a terminal.
  void Live(const std::string& text);
  // Ends a pending live line.
  void Flush();

  // Text lines get "[  1.2s]" (seconds since `start`) instead of an ISO timestamp (the demo).
  void set_relative_start(Time start) { relative_start_ = start; }

  bool live_enabled() const { return mode_ == OutputMode::kText && tty_; }

  // Routine events (an alarm check that saw nothing new) get their own line unless a live
  // status line already shows them, or they are turned off (the demo tells only what changes).
  bool wants_routine_events() const { return routine_events_ && !live_enabled(); }

  void set_routine_events(bool on) { routine_events_ = on; }

 private:
  std::ostream* out_;
  OutputMode mode_;
  bool tty_;
  Clock* clock_;
  bool routine_events_ = true;
  bool live_pending_ = false;
  std::string live_text_;
  std::optional<Time> relative_start_;
};

// A Reporter that writes nothing (for callers that only want the outcome).
Reporter& NullReporter();

}  // namespace stepshift::deploy
