// The raw samples of one metric in timestamp order. PutMetricData may carry any timestamp of the
// last two weeks, so samples arrive out of order; a sorted deque paid O(n) per such insert, and
// 200,000 random-time datapoints on one metric took 32 s (quadratic), holding the model's lock
// (and every DescribeAlarms behind it) all along. Here samples live in sorted chunks of at most
// 2 * kChunk: appending in order is O(1), an out-of-order insert O(log n + kChunk), and pruning
// the oldest drops whole chunks.
// Thread-safety: none; the owner (MetricStore) serialises calls.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include "cloudwatch/statistics.h"

namespace stepshift::cloudwatch {

class SampleLog {
 public:
  static constexpr size_t kChunk = 256;

  // Samples with equal timestamps keep their arrival order.
  void Insert(const Sample& sample);

  // Calls `f(sample)` for the samples with ts_ms >= from, in timestamp order, while it returns
  // true.
  template <typename F>
  void ForEachFrom(int64_t from, F&& f) const;

  // Drops the samples with ts_ms < before.
  void DropBefore(int64_t before);

  bool empty() const { return size_ == 0; }

  size_t size() const { return size_; }

 private:
  // Invariant: every chunk is sorted and non-empty, and each chunk's first sample is not older
  // than the previous chunk's last.
  std::deque<std::vector<Sample>> chunks_;
  size_t size_ = 0;
};

template <typename F>
void SampleLog::ForEachFrom(int64_t from, F&& f) const {
  // The first chunk whose newest sample is >= from.
  auto chunk = std::lower_bound(
      chunks_.begin(), chunks_.end(), from,
      [](const std::vector<Sample>& c, int64_t ts) { return c.back().ts_ms < ts; });
  for (bool first = true; chunk != chunks_.end(); ++chunk, first = false) {
    auto it = chunk->begin();
    if (first) {
      it = std::lower_bound(chunk->begin(), chunk->end(), from,
                            [](const Sample& s, int64_t ts) { return s.ts_ms < ts; });
    }
    for (; it != chunk->end(); ++it) {
      if (!f(*it)) {
        return;
      }
    }
  }
}

}  // namespace stepshift::cloudwatch
