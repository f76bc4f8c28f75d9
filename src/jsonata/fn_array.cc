// Boolean, array and object functions: $boolean $not $exists $keys $lookup $append $spread
// $merge $reverse $error $assert $type $shuffle $distinct $zip $clone.
#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "jsonata/builtins.h"
#include "jsonata/functions.h"
#include "jsonata/json.h"

namespace stepshift::jsonata::internal {

namespace {

void CollectKeys(const Value& arg, std::vector<std::string>* keys,
                 std::unordered_set<std::string>* seen) {
  if (arg.is_array()) {
    for (const Value& item : arg.arr().items)
      CollectKeys(item, keys, seen);
  } else if (arg.is_object()) {
    for (const auto& e : arg.obj().entries()) {
      if (seen->insert(e.key).second)
        keys->push_back(e.key);
    }
  }
}

Value Spread(const Value& arg) {
  if (arg.is_array()) {
    Value result = Value::NewSequence();
    for (const Value& item : arg.arr().items)
      result = Append(result, Spread(item));
    return result;
  }
  if (arg.is_object()) {
    Value result = Value::NewSequence();
    for (const auto& e : arg.obj().entries()) {
      Value one = Value::NewObject();
      one.obj().Set(e.key, e.value);
      result.push_back(std::move(one));
    }
    return result;
  }
  return arg;
}

// A key for hashing values in $distinct: equal values (DeepEqual) have equal keys.
std::string DistinctKey(const Value& v) {
  if (v.is_function())
    return "f" + std::to_string(reinterpret_cast<uintptr_t>(&v.fn()));
  if (v.is_object()) {
    // Objects are equal whatever their key order: hash the sorted members.
    std::vector<std::pair<std::string, std::string>> members;
    for (const auto& e : v.obj().entries())
      members.emplace_back(e.key, DistinctKey(e.value));
    std::sort(members.begin(), members.end());
    std::string out = "{";
    for (const auto& [k, m] : members) {
      AppendJsonString(k, &out);
      out += ":" + m + ",";
    }
    return out + "}";
  }
  if (v.is_array()) {
    std::string out = "[";
    for (const Value& item : v.arr().items)
      out += DistinctKey(item) + ",";
    return out + "]";
  }
  if (v.is_number() && v.number() == 0)
    return "0";  // -0 equals 0
  if (v.is_number() && std::isnan(v.number()))
    return "NaN" + std::to_string(reinterpret_cast<uintptr_t>(&v));  // NaN equals nothing
  return Stringify(v);
}

}  // namespace

Value FnBoolean(Call&, Args& a) {
  const Value& v = Arg(a, 0);
  return v.is_undefined() ? Value() : Value::Bool(ToBoolean(v));
}

Value FnNot(Call&, Args& a) {
  const Value& v = Arg(a, 0);
  return v.is_undefined() ? Value() : Value::Bool(!ToBoolean(v));
}

Value FnExists(Call&, Args& a) {
  return Value::Bool(!Arg(a, 0).is_undefined());
}

Value FnKeys(Call&, Args& a) {
  std::vector<std::string> keys;
  std::unordered_set<std::string> seen;
  CollectKeys(Arg(a, 0), &keys, &seen);
  Value result = Value::NewSequence();
  for (std::string& k : keys)
    result.push_back(Value::String(std::move(k)));
  return result;
}

Value FnLookup(Call&, Args& a) {
  const Value& key = Arg(a, 1);
  return Lookup(Arg(a, 0), key.is_string() ? key.str() : "undefined");
}

Value FnAppend(Call&, Args& a) {
  return Append(Arg(a, 0), Arg(a, 1));
}

Value FnSpread(Call&, Args& a) {
  return Spread(Arg(a, 0));
}

Value FnMerge(Call&, Args& a) {
  const Value& arr = Arg(a, 0);
  if (arr.is_undefined())
    return Value();
  Value result = Value::NewObject();
  for (const Value& obj : arr.arr().items) {
    if (!obj.is_object())
      continue;
    for (const auto& e : obj.obj().entries())
      result.obj().Set(e.key, e.value);
  }
  return result;
}

Value FnReverse(Call&, Args& a) {
  const Value& arr = Arg(a, 0);
  if (arr.is_undefined())
    return Value();
  if (arr.size() <= 1)
    return arr;
  Value result = Value::NewArray();
  result.arr().items.assign(arr.arr().items.rbegin(), arr.arr().items.rend());
  return result;
}

Value FnError(Call&, Args& a) {
  Failure f("D3137");
  const Value& message = Arg(a, 0);
  f.message =
      message.is_string() && !message.str().empty() ? message.str() : "$error() function evaluated";
  Throw(std::move(f));
}

Value FnAssert(Call&, Args& a) {
  if (!(Arg(a, 0).is_bool() && Arg(a, 0).boolean())) {
    Failure f("D3141");
    const Value& message = Arg(a, 1);
    f.message = message.is_string() && !message.str().empty() ? message.str()
                                                              : "$assert() statement failed";
    Throw(std::move(f));
  }
  return Value();
}

Value FnType(Call&, Args& a) {
  const Value& v = Arg(a, 0);
  switch (v.type()) {
    case Type::kUndefined:
      return Value();
    case Type::kNull:
      return Value::String("null");
    case Type::kNumber:
      return Value::String(IsNumeric(v) ? "number" : "object");
    case Type::kString:
      return Value::String("string");
    case Type::kBoolean:
      return Value::String("boolean");
    case Type::kArray:
      return Value::String("array");
    case Type::kFunction:
      return Value::String("function");
    default:
      return Value::String("object");
  }
}

Value FnShuffle(Call& c, Args& a) {
  const Value& arr = Arg(a, 0);
  if (arr.is_undefined())
    return Value();
  if (arr.size() <= 1)
    return arr;
  // The "inside-out" Fisher-Yates shuffle.
  const auto& in = arr.arr().items;
  Value result = Value::NewArray();
  auto& out = result.arr().items;
  out.resize(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    size_t j = std::uniform_int_distribution<size_t>(0, i)(c.ev.random());
    if (i != j)
      out[i] = out[j];
    out[j] = in[i];
  }
  return result;
}

Value FnDistinct(Call&, Args& a) {
  const Value& arr = Arg(a, 0);
  if (arr.is_undefined())
    return Value();
  if (!arr.is_array() || arr.size() <= 1)
    return arr;
  Value result = arr.is_sequence() ? Value::NewSequence() : Value::NewArray();
  std::unordered_set<std::string> seen;
  for (const Value& v : arr.arr().items) {
    if (seen.insert(DistinctKey(v)).second)
      result.push_back(v);
  }
  return result;
}

Value FnZip(Call&, Args& a) {
  Value result = Value::NewArray();
  size_t length = a.empty() ? 0 : SIZE_MAX;
  for (const Value& arg : a)
    length = std::min(length, arg.is_array() ? arg.size() : 0);
  for (size_t i = 0; i < length; ++i) {
    Value tuple = Value::NewArray();
    for (const Value& arg : a)
      tuple.push_back(arg[i]);
    result.push_back(std::move(tuple));
  }
  return result;
}

Value FnClone(Call&, Args& a) {
  const Value& v = Arg(a, 0);
  return v.is_undefined() ? Value() : Clone(v);
}

}  // namespace stepshift::jsonata::internal
