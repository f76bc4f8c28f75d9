// Between the state machine's JSON (Boost.JSON values) and JSONata's values, and the functions
// Step Functions adds to JSONata ($partition, $range, $hash, $random with a seed, $uuid, $parse)
// or takes away ($eval). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "asl/json_util.h"
#include "jsonata/jsonata.h"

namespace stepshift::asl {

jsonata::Value ToJsonata(const Value& v);

// The JSON a JSONata result stands for: whole numbers as integers, non-finite numbers as the
// strings JavaScript names them by ("Infinity", "NaN"), as AWS writes them. Returns false for a
// result JSON cannot hold (a function), with *what naming its type.
bool FromJsonata(const jsonata::Value& v, Value* out, std::string* what);

// Where $uuid() and $random() without a seed get their randomness: the execution's sources.
struct AwsFunctionSources {
  std::function<std::string()> uuid;
  std::function<uint64_t()> random_bits;
};

// Makes `sources` the ones Step Functions' functions use on this thread while it lives.
class AwsFunctionScope {
 public:
  explicit AwsFunctionScope(const AwsFunctionSources* sources);
  ~AwsFunctionScope();
  AwsFunctionScope(const AwsFunctionScope&) = delete;
  AwsFunctionScope& operator=(const AwsFunctionScope&) = delete;

 private:
  const AwsFunctionSources* saved_;
};

// Adds Step Functions' functions to `bindings`, and hides $eval as AWS does (calling it is
// T1006, "Attempted to invoke a non-function").
void BindAwsFunctions(jsonata::Bindings* bindings);

}  // namespace stepshift::asl
