// Execution history in GetExecutionHistory's shape. The executor numbers every event (AWS's
// 25,000-event limit counts them) but builds event objects only when a sink is attached, so a
// run without history pays nothing for it.
#pragma once

#include <string_view>

#include "asl/json_util.h"
#include "base/clock.h"

namespace stepshift::asl {

class EventSink {
 public:
  virtual ~EventSink() = default;
  // `event` is {"timestamp", "type", "id", "previousEventId", "<x>EventDetails": {...}}, with
  // input/output payloads as JSON strings, as on the wire, and the timestamp as ISO-8601 text
  // (the AWS CLI's rendering) or epoch seconds (ExecutionOptions::epoch_timestamps).
  virtual void OnEvent(Value event) = 0;
};

// Collects events in memory (`stepshift run --history`, tests).
class VectorEventSink : public EventSink {
 public:
  void OnEvent(Value event) override { events_.push_back(std::move(event)); }

  const Array& events() const { return events_; }

  // {"events": [...]}
  Value ToValue() const {
    Object o;
    o["events"] = events_;
    return o;
  }

 private:
  Array events_;
};

}  // namespace stepshift::asl
