// Limits shared by the JSONPath and JSONata forms of the Map state.
#pragma once

#include <cstdint>

namespace stepshift::asl {

// "In Inline mode, the Map state supports up to 40 concurrent iterations" (AWS developer guide,
// Using Map state in Inline mode): MaxConcurrency 0 (no limit) or above that still runs 40.
inline constexpr int32_t kInlineMaxConcurrency = 40;

// How many iterations may run at once for a MaxConcurrency of `n`; 0 for no limit.
inline int32_t ConcurrencyLimit(double n, bool distributed) {
  int32_t limit = n >= 1 && n < 2147483647.0 ? static_cast<int32_t>(n) : 0;
  if (!distributed && (limit == 0 || limit > kInlineMaxConcurrency))
    limit = kInlineMaxConcurrency;
  return limit;
}

}  // namespace stepshift::asl
