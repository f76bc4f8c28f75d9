#include "deploy/status_watch.h"

#include <optional>
#include <ostream>

#include "deploy/status_view.h"

namespace stepshift::deploy {

namespace {

// ANSI/VT100: what every terminal the watch may meet understands.
constexpr char kHideCursor[] = "\033[?25l";
constexpr char kShowCursor[] = "\033[?25h";
constexpr char kClearScreen[] = "\033[2J";
constexpr char kHome[] = "\033[H";
constexpr char kClearToEol[] = "\033[K";
constexpr char kClearBelow[] = "\033[J";

class Watch {
 public:
  Watch(const WatchOptions& options, const WatchIo& io) : o_(options), io_(io) {}

  Status Run();

 private:
  bool Interrupted() const { return io_.interrupted != nullptr && io_.interrupted->load(); }

  // Waits until `deadline`; false when interrupted first.
  bool WaitUntil(Time deadline);
  void Take(Result<json::Object> fetched, Time now);
  void Draw(Time now);
  void PrintIfChanged(json::Value key, const std::string& line);

  const WatchOptions& o_;
  const WatchIo& io_;
  std::optional<json::Object> shown_;  // the latest good snapshot
  Time taken_{};
  std::string error_;  // the latest refresh's error; empty when it succeeded
  std::optional<json::Value> last_key_;
};

Status Watch::Run() {
  Time now = io_.clock->Now();
  Result<json::Object> fetched = io_.fetch(now);
  if (!fetched.ok())
    return fetched.status();
  if (o_.redraw)
    *io_.out << kHideCursor << kClearScreen;
  Time next = now;
  while (true) {
    Take(std::move(fetched), now);
    if (o_.redraw)
      Draw(io_.clock->Now());
    // Refreshes keep their cadence; one that overran its slot is followed at once.
    next = std::max(next + o_.refresh, io_.clock->Now());
    if (!WaitUntil(next))
      break;
    now = io_.clock->Now();
    fetched = io_.fetch(now);
  }
  if (o_.redraw)
    *io_.out << kShowCursor;
  *io_.out << std::flush;
  return Status::Ok();
}

bool Watch::WaitUntil(Time deadline) {
  while (!Interrupted()) {
    const Time now = io_.clock->Now();
    if (now >= deadline)
      return true;
    io_.clock->SleepUntil(std::min(deadline, now + o_.wait_slice));
  }
  return false;
}

void Watch::Take(Result<json::Object> fetched, Time now) {
  if (!fetched.ok()) {
    error_ = fetched.status().ToString();
    if (!o_.redraw) {
      PrintIfChanged(
          json::Object{{"error", error_}},
          o_.json ? json::Serialize(json::Object{{"time", FormatIso8601(now)}, {"error", error_}})
                  : FormatIso8601(now) + " refresh failed: " + error_ + " (still watching)");
    }
    return;
  }
  error_.clear();
  shown_ = std::move(fetched).value();
  taken_ = now;
  if (o_.redraw)
    return;
  json::Object line{{"time", FormatIso8601(now)}};
  for (const auto& field : *shown_)
    line[field.key()] = field.value();
  PrintIfChanged(ChangeKey(*shown_),
                 o_.json ? json::Serialize(line) : FormatIso8601(now) + " " + ChangeLine(*shown_));
}

void Watch::PrintIfChanged(json::Value key, const std::string& line) {
  if (last_key_ && *last_key_ == key)
    return;
  last_key_ = std::move(key);
  *io_.out << line << std::endl;  // flushed: a pipe's reader sees each change as it happens
}

void Watch::Draw(Time now) {
  ScreenOptions options;
  options.refresh_seconds =
      static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(o_.refresh).count());
  options.taken = taken_;
  options.error = error_;
  const std::vector<std::string> lines = ScreenLines(*shown_, now, options);
  const auto [rows, columns] = io_.terminal_size ? io_.terminal_size() : std::pair<int, int>{};
  // One row short of the terminal's height: a newline on its last row would scroll the screen.
  const size_t fits = rows > 1 ? static_cast<size_t>(rows - 1) : lines.size();
  std::string frame = kHome;
  for (size_t i = 0; i < lines.size() && i < fits; ++i)
    frame += ClipToWidth(lines[i], columns) + kClearToEol + "\n";
  frame += kClearBelow;
  *io_.out << frame << std::flush;
}

}  // namespace

Status RunWatch(const WatchOptions& options, const WatchIo& io) {
  Watch watch(options, io);
  return watch.Run();
}

std::string ClipToWidth(const std::string& line, int columns) {
  if (columns <= 0)
    return line;
  int shown = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const bool continuation = (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80;
    if (!continuation && shown++ == columns)
      return line.substr(0, i);
  }
  return line;
}

}  // namespace stepshift::deploy
