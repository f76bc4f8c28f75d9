// Higher-order functions: $map $filter $single $reduce $sift $each $sort.
#include <cmath>

#include "jsonata/builtins.h"
#include "jsonata/functions.h"
#include "jsonata/utf8.h"

namespace stepshift::jsonata::internal {

namespace {

// JavaScript truthiness of a comparator's answer ($sort takes `if (await comp(a, b))`).
bool Truthy(const Value& v) {
  switch (v.type()) {
    case Type::kUndefined:
    case Type::kNull:
      return false;
    case Type::kBoolean:
      return v.boolean();
    case Type::kNumber:
      return v.number() != 0 && !std::isnan(v.number());
    case Type::kString:
      return !v.str().empty();
    default:
      return true;
  }
}

// $map keeps every defined result; $filter keeps the items whose result is truthy.
Value MapOrFilter(Call& c, Args& a, bool filter) {
  const Value& arr = Arg(a, 0);
  if (arr.is_undefined())
    return Value();
  const Value& func = Arg(a, 1);
  Value result = Value::NewSequence();
  for (size_t i = 0; i < arr.size(); ++i) {
    Value res = c.ev.CallFunction(
        c, func, HofArgs(func, arr[i], Value::Number(static_cast<double>(i)), arr));
    if (filter && ToBoolean(res))
      result.push_back(arr[i]);
    else if (!filter && !res.is_undefined())
      result.push_back(std::move(res));
  }
  return result;
}

}  // namespace

Value FnMap(Call& c, Args& a) {
  return MapOrFilter(c, a, false);
}

Value FnFilter(Call& c, Args& a) {
  return MapOrFilter(c, a, true);
}

Value FnSingle(Call& c, Args& a) {
  const Value& arr = Arg(a, 0);
  if (arr.is_undefined())
    return Value();
  const Value& func = Arg(a, 1);
  bool found = false;
  Value result;
  for (size_t i = 0; i < arr.size(); ++i) {
    bool positive = true;
    if (!func.is_undefined()) {
      Value res = c.ev.CallFunction(
          c, func, HofArgs(func, arr[i], Value::Number(static_cast<double>(i)), arr));
      positive = ToBoolean(res);
    }
    if (!positive)
      continue;
    if (found) {
      Failure f("D3138");
      f.index = static_cast<int>(i);
      Throw(std::move(f));
    }
    result = arr[i];
    found = true;
  }
  if (!found)
    Throw(Failure("D3139"));
  return result;
}

Value FnReduce(Call& c, Args& a) {
  const Value& seq = Arg(a, 0);
  if (seq.is_undefined())
    return Value();
  const Value& func = Arg(a, 1);
  int arity = func.is_function() ? AsFunction(func).Arity() : 0;
  if (arity < 2) {
    Failure f("D3050");
    f.index = 1;
    Throw(std::move(f));
  }
  const Value& init = Arg(a, 2);
  size_t index = 0;
  Value result;
  if (init.is_undefined() && seq.size() > 0) {
    result = seq[0];
    index = 1;
  } else {
    result = init;
  }
  for (; index < seq.size(); ++index) {
    std::vector<Value> args{result, seq[index]};
    if (arity >= 3)
      args.push_back(Value::Number(static_cast<double>(index)));
    if (arity >= 4)
      args.push_back(seq);
    result = c.ev.CallFunction(c, func, std::move(args));
  }
  return result;
}

Value FnSift(Call& c, Args& a) {
  const Value& obj = Arg(a, 0);
  const Value& func = Arg(a, 1);
  Value result = Value::NewObject();
  if (obj.is_object()) {
    for (const auto& e : obj.obj().entries()) {
      Value res = c.ev.CallFunction(c, func, HofArgs(func, e.value, Value::String(e.key), obj));
      if (ToBoolean(res))
        result.obj().Set(e.key, e.value);
    }
  }
  if (result.obj().empty())
    return Value();
  return result;
}

Value FnEach(Call& c, Args& a) {
  const Value& obj = Arg(a, 0);
  const Value& func = Arg(a, 1);
  Value result = Value::NewSequence();
  if (obj.is_object()) {
    for (const auto& e : obj.obj().entries()) {
      Value res = c.ev.CallFunction(c, func, HofArgs(func, e.value, Value::String(e.key), obj));
      if (!res.is_undefined())
        result.push_back(std::move(res));
    }
  }
  return result;
}

Value FnSort(Call& c, Args& a) {
  const Value& arr = Arg(a, 0);
  if (arr.is_undefined())
    return Value();
  if (arr.size() <= 1)
    return arr;
  const Value& comparator = Arg(a, 1);
  if (comparator.is_undefined()) {
    if (!IsArrayOfNumbers(arr) && !IsArrayOfStrings(arr)) {
      Failure f("D3070");
      f.index = 1;
      Throw(std::move(f));
    }
    return MergeSort(arr, [](const Value& x, const Value& y) {
      if (x.is_string())
        return CompareUtf16(x.str(), y.str()) > 0;
      return x.number() > y.number();
    });
  }
  return MergeSort(arr, [&](const Value& x, const Value& y) {
    return Truthy(c.ev.CallFunction(c, comparator, {x, y}));
  });
}

}  // namespace stepshift::jsonata::internal
