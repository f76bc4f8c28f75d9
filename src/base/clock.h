// Clock: the one source of time. Everything that waits or timestamps takes a Clock, so tests can
// run hours of deployment or alarm history in milliseconds with a FakeClock.
// Thread-safe: both implementations may be used from several threads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>

#include "base/result.h"

namespace stepshift {

using Time = std::chrono::system_clock::time_point;
using Duration = std::chrono::system_clock::duration;

// Milliseconds since the Unix epoch: how CloudWatch stores and aligns timestamps.
inline int64_t UnixMillis(Time t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Time Now() const = 0;
  // Blocks until Now() >= deadline.
  virtual void SleepUntil(Time deadline) = 0;
};

// The wall clock. One shared instance.
Clock& SystemClock();

// A clock that moves only when told to. SleepUntil advances it to the deadline at once, so a
// single-threaded test of a long wait finishes immediately.
class FakeClock : public Clock {
 public:
  explicit FakeClock(Time start = Time(std::chrono::seconds(1'700'000'000)));

  Time Now() const override;
  void SleepUntil(Time deadline) override;
  void Advance(Duration d);
  void Set(Time t);

 private:
  mutable std::mutex mu_;
  Time now_;
};

// Epoch seconds with millisecond precision, as AWS's JSON protocols send timestamps.
double ToEpochSeconds(Time t);
Time FromEpochSeconds(double seconds);

// "2024-01-01T00:00:00.000Z", as the query protocol and ISO fields use.
std::string FormatIso8601(Time t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)". Returns InvalidArgument otherwise.
Result<Time> ParseIso8601(std::string_view text);

}  // namespace stepshift
