#include "cloudwatch/sample_log.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace stepshift::cloudwatch {
namespace {

std::vector<int64_t> Timestamps(const SampleLog& log, int64_t from = INT64_MIN) {
  std::vector<int64_t> out;
  log.ForEachFrom(from, [&](const Sample& s) {
    out.push_back(s.ts_ms);
    return true;
  });
  return out;
}

Sample At(int64_t ts, double value = 0) {
  Sample s;
  s.ts_ms = ts;
  s.value = value;
  return s;
}

TEST(SampleLogTest, RandomInsertsComeOutSortedAcrossManyChunks) {
  SampleLog log;
  std::mt19937 random(7);
  std::vector<int64_t> expected;
  for (int i = 0; i < 20000; ++i) {
    int64_t ts = random() % 5000;  // many equal timestamps too
    log.Insert(At(ts));
    expected.push_back(ts);
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(Timestamps(log), expected);
  EXPECT_EQ(log.size(), expected.size());
  // From the middle: exactly the samples at or after it.
  std::vector<int64_t> tail(std::lower_bound(expected.begin(), expected.end(), 2500),
                            expected.end());
  EXPECT_EQ(Timestamps(log, 2500), tail);
}

TEST(SampleLogTest, EqualTimestampsKeepArrivalOrder) {
  SampleLog log;
  log.Insert(At(10, 1));
  log.Insert(At(20, 2));
  log.Insert(At(10, 3));  // out of order, equal to the first
  std::vector<double> values;
  log.ForEachFrom(0, [&](const Sample& s) {
    values.push_back(s.value);
    return true;
  });
  EXPECT_EQ(values, (std::vector<double>{1, 3, 2}));
}

TEST(SampleLogTest, DropBeforeRemovesWholeChunksAndAPartialOne) {
  SampleLog log;
  for (int64_t ts = 0; ts < 3000; ++ts)
    log.Insert(At(ts));
  log.DropBefore(1000);
  EXPECT_EQ(log.size(), 2000u);
  EXPECT_EQ(Timestamps(log).front(), 1000);
  log.DropBefore(5000);
  EXPECT_TRUE(log.empty());
  log.Insert(At(7));
  EXPECT_EQ(Timestamps(log), (std::vector<int64_t>{7}));
}

TEST(SampleLogTest, ForEachStopsWhenAsked) {
  SampleLog log;
  for (int64_t ts = 0; ts < 1000; ++ts)
    log.Insert(At(ts));
  int seen = 0;
  log.ForEachFrom(100, [&](const Sample& s) { return ++seen, s.ts_ms < 109; });
  EXPECT_EQ(seen, 10);
}

}  // namespace
}  // namespace stepshift::cloudwatch
