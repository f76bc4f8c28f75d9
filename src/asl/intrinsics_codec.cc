// States.Base64Encode, Base64Decode, Hash, MathRandom and MathAdd.
#include <openssl/evp.h>

#include <climits>
#include <cmath>
#include <cstring>

#include "asl/intrinsics.h"
#include "base/base64.h"

namespace stepshift::asl::internal {

namespace {

constexpr size_t kMaxCodecInput = 10000;

bool Hash(std::string_view data, std::string_view algorithm, std::string* hex) {
  const EVP_MD* md = algorithm == "MD5"       ? EVP_md5()
                     : algorithm == "SHA-1"   ? EVP_sha1()
                     : algorithm == "SHA-256" ? EVP_sha256()
                     : algorithm == "SHA-384" ? EVP_sha384()
                     : algorithm == "SHA-512" ? EVP_sha512()
                                              : nullptr;
  if (md == nullptr)
    return false;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &len, md, nullptr) != 1)
    return false;
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned int i = 0; i < len; ++i) {
    hex->push_back(kHex[digest[i] >> 4]);
    hex->push_back(kHex[digest[i] & 15]);
  }
  return true;
}

// java.util.Random, which AWS's seeded States.MathRandom is reported to use.
class JavaRandom {
 public:
  explicit JavaRandom(int64_t seed) : seed_((seed ^ 0x5DEECE66DLL) & ((1LL << 48) - 1)) {}

  int32_t Next(int bits) {
    seed_ = (seed_ * 0x5DEECE66DLL + 0xBLL) & ((1LL << 48) - 1);
    return static_cast<int32_t>(seed_ >> (48 - bits));
  }

  int32_t NextInt(int32_t bound) {
    if ((bound & -bound) == bound) {
      return static_cast<int32_t>((bound * static_cast<int64_t>(Next(31))) >> 31);
    }
    int32_t bits, val;
    do {
      bits = Next(31);
      val = bits % bound;
    } while (bits - val + (bound - 1) < 0);
    return val;
  }

 private:
  int64_t seed_;
};

}  // namespace

bool CallCodecFn(IntrinsicFn fn, std::vector<Value>& args, Value* out, std::string* detail) {
  if (!args[0].is_string()) {
    *detail = "The input argument must be a string";
    return false;
  }
  std::string_view in = args[0].get_string();
  if (in.size() > kMaxCodecInput) {
    *detail = "The input argument exceeds the maximum length of 10000 characters";
    return false;
  }
  if (fn == IntrinsicFn::kBase64Encode) {
    *out = Value(Base64Encode(in));
    return true;
  }
  if (fn == IntrinsicFn::kBase64Decode) {
    std::string decoded;
    if (!Base64Decode(in, &decoded)) {
      *detail = "The input argument is not a valid base64 string";
      return false;
    }
    *out = Value(decoded);
    return true;
  }
  std::string hex;
  if (!args[1].is_string() || !Hash(in, args[1].get_string(), &hex)) {
    *detail = "The hash algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512";
    return false;
  }
  *out = Value(hex);
  return true;
}

// A math argument as AWS reads it: a fractional number is rounded half up, like Java's
// Math.round (recorded: MathAdd(1.49, 1.5) = 3, MathAdd(-1.5, -1.51) = -3; localstack
// intrinsic_functions/test_math_operations.snapshot.json).
bool MathArgument(const Value& v, int64_t* out) {
  if (!v.is_double())
    return AsInteger(v, out);
  double d = std::floor(v.get_double() + 0.5);
  if (!std::isfinite(d) || std::fabs(d) > 9.2e18)
    return false;
  *out = static_cast<int64_t>(d);
  return true;
}

bool CallMathFn(IntrinsicFn fn, std::vector<Value>& args, EvalEnv* env, Value* out,
                std::string* detail) {
  int64_t a, b;
  if (!MathArgument(args[0], &a) || !MathArgument(args[1], &b) || a < INT_MIN || a > INT_MAX ||
      b < INT_MIN || b > INT_MAX) {
    *detail = "The arguments must be integers between -2147483648 and 2147483647";
    return false;
  }
  if (fn == IntrinsicFn::kMathAdd) {
    *out = a + b;
    return true;
  }
  // MathRandom(start, end[, seed]): start inclusive, end exclusive.
  if (b <= a) {
    *detail = "The end argument must be greater than the start argument";
    return false;
  }
  int64_t span = b - a;
  if (args.size() == 3) {
    int64_t seed;
    if (!AsInteger(args[2], &seed)) {
      *detail = "The seed argument must be an integer";
      return false;
    }
    JavaRandom rnd(seed);
    *out = a + (span <= INT_MAX ? rnd.NextInt(static_cast<int32_t>(span)) : 0);
    return true;
  }
  *out = a + static_cast<int64_t>(env->NextRandom() % static_cast<uint64_t>(span));
  return true;
}

}  // namespace stepshift::asl::internal
