#include "cloudwatch/sample_log.h"

#include <algorithm>

namespace stepshift::cloudwatch {

void SampleLog::Insert(const Sample& sample) {
  ++size_;
  if (chunks_.empty() || chunks_.back().back().ts_ms <= sample.ts_ms) {
    if (chunks_.empty() || chunks_.back().size() >= kChunk) {
      chunks_.emplace_back().reserve(kChunk);
    }
    chunks_.back().push_back(sample);
    return;
  }
  // The last chunk whose first sample is <= the new one (else the first chunk): inserting there
  // keeps the chunks ordered.
  auto chunk = std::upper_bound(
      chunks_.begin(), chunks_.end(), sample.ts_ms,
      [](int64_t ts, const std::vector<Sample>& c) { return ts < c.front().ts_ms; });
  if (chunk != chunks_.begin()) {
    --chunk;
  }
  auto pos = std::upper_bound(chunk->begin(), chunk->end(), sample.ts_ms,
                              [](int64_t ts, const Sample& s) { return ts < s.ts_ms; });
  chunk->insert(pos, sample);
  if (chunk->size() > 2 * kChunk) {
    // Split in halves; only chunk headers move in the deque.
    std::vector<Sample> upper(chunk->begin() + kChunk, chunk->end());
    chunk->resize(kChunk);
    chunks_.insert(chunk + 1, std::move(upper));
  }
}

void SampleLog::DropBefore(int64_t before) {
  while (!chunks_.empty() && chunks_.front().back().ts_ms < before) {
    size_ -= chunks_.front().size();
    chunks_.pop_front();
  }
  if (chunks_.empty()) {
    return;
  }
  std::vector<Sample>& first = chunks_.front();
  auto keep = std::lower_bound(first.begin(), first.end(), before,
                               [](const Sample& s, int64_t ts) { return s.ts_ms < ts; });
  size_ -= static_cast<size_t>(keep - first.begin());
  first.erase(first.begin(), keep);
}

}  // namespace stepshift::cloudwatch
