// `stepshift status --watch`: takes a status snapshot (status_snapshot.h) at every refresh until
// interrupted, and shows it
//  - on a terminal, as text: the screen (status_view.h) redrawn in place;
//  - otherwise (CI logs, pipes) or with --output json: one line per change (ChangeKey()), a
//    timestamped text line or a JSON object, never repeating an unchanged state.
// A refresh that fails is shown (under the last good screen, or as one line per distinct
// error) and the watch goes on. Waiting goes through the Clock and the snapshots come from
// `fetch`, so the loop runs in tests on a FakeClock with scripted snapshots. Not thread-safe.
#pragma once

#include <atomic>
#include <functional>
#include <iosfwd>
#include <utility>

#include "base/clock.h"
#include "base/json.h"
#include "base/result.h"

namespace stepshift::deploy {

struct WatchOptions {
  Duration refresh = std::chrono::seconds(2);
  bool redraw = false;  // a terminal with text output: redraw the screen in place
  bool json = false;    // with one line per change: a JSON object, not a text line
  Duration wait_slice = std::chrono::milliseconds(100);  // how often a wait checks for signals
};

struct WatchIo {
  std::ostream* out = nullptr;
  Clock* clock = nullptr;
  const std::atomic<bool>* interrupted = nullptr;  // set by SIGINT/SIGTERM
  std::function<Result<json::Object>(Time now)> fetch;
  // The terminal's rows and columns, asked at every redraw so that a resized terminal is
  // followed; the screen is clipped to them. Unset, or a zero: no clipping.
  std::function<std::pair<int, int>()> terminal_size;
};

// Runs until *io.interrupted, then leaves the terminal as it found it (the cursor shown, the last
// screen in place) and returns OK. The first refresh's error is returned at once with nothing
// printed, so that the caller answers it as plain `status` does; later errors never end the
// watch.
Status RunWatch(const WatchOptions& options, const WatchIo& io);

// `line` cut to `columns` characters (UTF-8 sequences kept whole); 0: not cut.
std::string ClipToWidth(const std::string& line, int columns);

}  // namespace stepshift::deploy
