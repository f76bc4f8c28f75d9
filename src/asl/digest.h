// Hashes and seeded random numbers as Step Functions computes them, for the States.Hash and
// States.MathRandom intrinsics and their JSONata counterparts $hash and $random.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace stepshift::asl {

// The lower-case hex digest of `data` with MD5, SHA-1, SHA-256, SHA-384 or SHA-512 (AWS's
// spelling). False for any other algorithm name.
bool HashHex(std::string_view data, std::string_view algorithm, std::string* hex);

// java.util.Random, which AWS's seeded random numbers are reported to come from.
class JavaRandom {
 public:
  explicit JavaRandom(int64_t seed) : seed_((seed ^ 0x5DEECE66DLL) & ((1LL << 48) - 1)) {}

  int32_t Next(int bits) {
    seed_ = (seed_ * 0x5DEECE66DLL + 0xBLL) & ((1LL << 48) - 1);
    return static_cast<int32_t>(seed_ >> (48 - bits));
  }

  int32_t NextInt(int32_t bound) {
    if ((bound & -bound) == bound)
      return static_cast<int32_t>((bound * static_cast<int64_t>(Next(31))) >> 31);
    int32_t bits;
    int32_t val;
    do {
      bits = Next(31);
      val = bits % bound;
    } while (bits - val + (bound - 1) < 0);
    return val;
  }

  double NextDouble() {
    return static_cast<double>((static_cast<int64_t>(Next(26)) << 27) + Next(27)) * 0x1.0p-53;
  }

 private:
  int64_t seed_;
};

}  // namespace stepshift::asl
