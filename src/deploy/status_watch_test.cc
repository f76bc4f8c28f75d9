#include "deploy/status_watch.h"

#include <gtest/gtest.h>

#include <sstream>

#include "deploy/status_view.h"

namespace stepshift::deploy {
namespace {

using std::chrono::seconds;

constexpr char kV1[] = "arn:aws:states:us-east-1:123456789012:stateMachine:m:1";
constexpr char kV2[] = "arn:aws:states:us-east-1:123456789012:stateMachine:m:2";

json::Object Snapshot(int new_weight, int started = 0) {
  json::Array routing{json::Object{{"version", kV1}, {"weight", 100 - new_weight}}};
  if (new_weight > 0)
    routing.push_back(json::Object{{"version", kV2}, {"weight", new_weight}});
  return json::Object{{"alias", "arn:aws:states:us-east-1:123456789012:stateMachine:m:live"},
                      {"routing", routing},
                      {"deployment", nullptr},
                      {"window_seconds", 300},
                      {"executions", json::Array{json::Object{{"version", kV1},
                                                              {"started", started},
                                                              {"running", 0},
                                                              {"completed", started},
                                                              {"failed", 0},
                                                              {"failure_rate", 0.0},
                                                              {"p90_ms", nullptr}}}}};
}

// Plays `script` (one refresh each; a Status is a failed refresh), then interrupts the watch.
class StatusWatchTest : public ::testing::Test {
 protected:
  Status Watch(std::vector<Result<json::Object>> script) {
    WatchIo io;
    io.out = &out_;
    io.clock = &clock_;
    io.interrupted = &interrupted_;
    io.fetch = [this, script = std::move(script)](Time now) -> Result<json::Object> {
      fetched_at_.push_back(now);
      const size_t i = fetched_at_.size() - 1;
      if (i + 1 >= script.size())
        interrupted_ = true;  // as Ctrl-C during the wait after the last refresh
      return script[std::min(i, script.size() - 1)];
    };
    io.terminal_size = [this] { return terminal_; };
    return RunWatch(options_, io);
  }

  std::vector<std::string> Lines() const {
    std::vector<std::string> lines;
    std::istringstream in(out_.str());
    for (std::string line; std::getline(in, line);)
      lines.push_back(line);
    return lines;
  }

  FakeClock clock_;
  const Time start_ = clock_.Now();
  std::atomic<bool> interrupted_{false};
  std::ostringstream out_;
  WatchOptions options_;
  std::pair<int, int> terminal_{40, 120};
  std::vector<Time> fetched_at_;
};

TEST_F(StatusWatchTest, PipedOutputHasOneLinePerChange) {
  const Status unavailable(StatusCode::kUnavailable, "connection refused", "RequestError");
  ASSERT_TRUE(Watch({Snapshot(0), Snapshot(0, 7), Snapshot(10), Snapshot(10, 9), unavailable,
                     unavailable, Snapshot(10), Snapshot(100)})
                  .ok());
  const std::vector<std::string> lines = Lines();
  ASSERT_EQ(lines.size(), 5u) << out_.str();
  EXPECT_EQ(lines[0], FormatIso8601(start_) + " " + ChangeLine(Snapshot(0)));
  EXPECT_EQ(lines[1], FormatIso8601(start_ + seconds(4)) + " " + ChangeLine(Snapshot(10)));
  EXPECT_EQ(lines[2], FormatIso8601(start_ + seconds(8)) +
                          " refresh failed: " + unavailable.ToString() + " (still watching)");
  EXPECT_EQ(lines[3], FormatIso8601(start_ + seconds(12)) + " " + ChangeLine(Snapshot(10)));
  EXPECT_EQ(lines[4], FormatIso8601(start_ + seconds(14)) + " " + ChangeLine(Snapshot(100)));
  EXPECT_EQ(out_.str().find('\033'), std::string::npos);  // nothing for a terminal
}

TEST_F(StatusWatchTest, RefreshesKeepTheirCadence) {
  options_.refresh = seconds(5);
  ASSERT_TRUE(Watch({Snapshot(0), Snapshot(0), Snapshot(0)}).ok());
  EXPECT_EQ(fetched_at_, (std::vector<Time>{start_, start_ + seconds(5), start_ + seconds(10)}));
}

TEST_F(StatusWatchTest, JsonOutputHasOneObjectPerChange) {
  options_.json = true;
  ASSERT_TRUE(Watch({Snapshot(0), Snapshot(0, 3), Snapshot(50)}).ok());
  const std::vector<std::string> lines = Lines();
  ASSERT_EQ(lines.size(), 2u) << out_.str();
  auto first = json::Parse(lines[0]);
  ASSERT_TRUE(first.ok()) << lines[0];
  EXPECT_EQ(first->as_object().at("time").as_string(), FormatIso8601(start_));
  auto second = json::Parse(lines[1]);
  ASSERT_TRUE(second.ok()) << lines[1];
  EXPECT_EQ(second->as_object().at("routing").as_array().size(), 2u);
  EXPECT_EQ(second->as_object().at("executions"), Snapshot(50).at("executions"));
}

TEST_F(StatusWatchTest, FirstRefreshErrorIsReturnedWithNothingPrinted) {
  Status watched = Watch({Status::NotFound("alias m:live does not exist")});
  EXPECT_TRUE(watched.IsNotFound());
  EXPECT_EQ(out_.str(), "");
  EXPECT_EQ(fetched_at_.size(), 1u);
}

TEST_F(StatusWatchTest, TerminalIsRedrawnInPlaceAndRestored) {
  options_.redraw = true;
  ASSERT_TRUE(Watch({Snapshot(10), Snapshot(10)}).ok());
  const std::string out = out_.str();
  EXPECT_EQ(out.rfind("\033[?25l\033[2J\033[H", 0), 0u) << out;  // cursor hidden, screen cleared
  EXPECT_NE(out.find("\033[H", 10), std::string::npos);          // the second frame: home again
  EXPECT_NE(out.find("v2        10%  ##.................."), std::string::npos) << out;
  EXPECT_TRUE(out.ends_with("\033[J\033[?25h")) << out;  // the cursor is shown again
}

TEST_F(StatusWatchTest, ScreenIsClippedToTheTerminal) {
  options_.redraw = true;
  terminal_ = {4, 30};
  ASSERT_TRUE(Watch({Snapshot(10)}).ok());
  std::string frame = out_.str().substr(out_.str().find("\033[H") + 3);
  frame = frame.substr(0, frame.find("\033[J"));
  std::vector<std::string> rows;
  for (size_t at = 0; (at = frame.find("\033[K\n")) != std::string::npos; frame.erase(0, at + 4))
    rows.push_back(frame.substr(0, at));
  ASSERT_EQ(rows.size(), 3u) << out_.str();  // a row short of the height: never scrolls
  for (const std::string& row : rows)
    EXPECT_LE(row.size(), 30u) << row;
}

TEST_F(StatusWatchTest, ClipKeepsUtf8SequencesWhole) {
  EXPECT_EQ(ClipToWidth("v1 90% · v2 10%", 8), "v1 90% ·");
  EXPECT_EQ(ClipToWidth("abc", 0), "abc");
  EXPECT_EQ(ClipToWidth("abc", 5), "abc");
}

}  // namespace
}  // namespace stepshift::deploy
