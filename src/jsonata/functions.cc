#include "jsonata/functions.h"

#include <cmath>

#include "jsonata/errors.h"
#include "jsonata/json.h"
#include "jsonata/number.h"
#include "jsonata/stack_guard.h"
#include "jsonata/utf8.h"

namespace stepshift::jsonata::internal {

bool IsNumeric(const Value& v) {
  if (!v.is_number() || std::isnan(v.number()))
    return false;
  if (std::isinf(v.number()))
    ThrowWithValue("D1001", v);
  return true;
}

bool IsArrayOfNumbers(const Value& v) {
  if (!v.is_array())
    return false;
  for (const Value& item : v.arr().items) {
    if (!IsNumeric(item))
      return false;
  }
  return true;
}

bool IsArrayOfStrings(const Value& v) {
  if (!v.is_array())
    return false;
  for (const Value& item : v.arr().items) {
    if (!item.is_string())
      return false;
  }
  return true;
}

bool ToBoolean(const Value& v) {
  switch (v.type()) {
    case Type::kArray: {
      const auto& items = v.arr().items;
      if (items.size() == 1)
        return ToBoolean(items[0]);
      for (const Value& item : items) {
        if (ToBoolean(item))
          return true;
      }
      return false;
    }
    case Type::kString:
      return !v.str().empty();
    case Type::kNumber:
      return IsNumeric(v) && v.number() != 0;
    case Type::kObject:
      return !v.obj().empty();
    case Type::kBoolean:
      return v.boolean();
    default:
      return false;
  }
}

Value ToJsonataString(const Value& v, bool prettify) {
  switch (v.type()) {
    case Type::kUndefined:
      return Value();
    case Type::kString:
      return v;
    case Type::kFunction:
      return Value::String("");
    case Type::kNumber:
      if (!std::isfinite(v.number()))
        ThrowWithValue("D3001", v);
      break;
    default:
      break;
  }
  StringifyOptions options;
  options.jsonata_string = true;
  options.indent = prettify ? 2 : 0;
  const Value& target = v.is_array() && v.arr().outer_wrapper && v.size() > 0 ? v[0] : v;
  return Value::String(Stringify(target, options));
}

Value Lookup(const Value& input, std::string_view key) {
  if (input.is_array()) {
    Value result = Value::NewSequence();
    for (const Value& item : input.arr().items) {
      Value res = Lookup(item, key);
      if (res.is_undefined())
        continue;
      if (res.is_array()) {
        for (const Value& r : res.arr().items)
          result.push_back(r);
      } else {
        result.push_back(std::move(res));
      }
    }
    return result;
  }
  if (input.is_object()) {
    if (const Value* found = input.obj().Find(key))
      return *found;
  }
  return Value();
}

Value Append(const Value& a, const Value& b) {
  if (a.is_undefined())
    return b;
  if (b.is_undefined())
    return a;
  Value out = Value::NewArray();
  auto& items = out.arr().items;
  size_t na = a.is_array() ? a.size() : 1;
  size_t nb = b.is_array() ? b.size() : 1;
  items.reserve(na + nb);
  if (a.is_array())
    items.insert(items.end(), a.arr().items.begin(), a.arr().items.end());
  else
    items.push_back(a);
  if (b.is_array())
    items.insert(items.end(), b.arr().items.begin(), b.arr().items.end());
  else
    items.push_back(b);
  return out;
}

void Flatten(const Value& v, Value* out) {
  CheckStack();
  if (v.is_array()) {
    for (const Value& item : v.arr().items)
      Flatten(item, out);
  } else {
    out->push_back(v);
  }
}

Value SequenceOf(Value v) {
  Value seq = Value::NewSequence();
  seq.push_back(std::move(v));
  return seq;
}

int64_t JsLength(const Value& v) {
  if (v.is_array())
    return static_cast<int64_t>(v.size());
  if (v.is_string())
    return static_cast<int64_t>(Utf16Offset(v.str(), v.str().size()));
  return -1;
}

namespace {

void Merge(std::vector<Value>& items, size_t lo, size_t mid, size_t hi,
           const std::function<bool(const Value&, const Value&)>& swap, std::vector<Value>* tmp) {
  tmp->clear();
  size_t i = lo;
  size_t j = mid;
  while (i < mid && j < hi) {
    if (swap(items[i], items[j]))
      tmp->push_back(items[j++]);
    else
      tmp->push_back(items[i++]);
  }
  while (i < mid)
    tmp->push_back(items[i++]);
  while (j < hi)
    tmp->push_back(items[j++]);
  for (size_t k = 0; k < tmp->size(); ++k)
    items[lo + k] = std::move((*tmp)[k]);
}

// The reference splits at floor(n / 2) and merges left before right; the same order of
// comparisons keeps results identical for comparators that are not consistent.
void SortRange(std::vector<Value>& items, size_t lo, size_t hi,
               const std::function<bool(const Value&, const Value&)>& swap,
               std::vector<Value>* tmp) {
  if (hi - lo <= 1)
    return;
  size_t mid = lo + (hi - lo) / 2;
  SortRange(items, lo, mid, swap, tmp);
  SortRange(items, mid, hi, swap, tmp);
  Merge(items, lo, mid, hi, swap, tmp);
}

}  // namespace

Value MergeSort(const Value& arr, const std::function<bool(const Value&, const Value&)>& swap) {
  if (arr.size() <= 1)
    return arr;
  Value out = Value::NewArray();
  out.arr().items = arr.arr().items;
  std::vector<Value> tmp;
  SortRange(out.arr().items, 0, out.size(), swap, &tmp);
  return out;
}

Value Clone(const Value& v) {
  Value s = ToJsonataString(v);
  Value out;
  std::string error;
  if (!s.is_string() || !ParseJson(s.str(), &out, &error))
    return Value();
  return out;
}

}  // namespace stepshift::jsonata::internal
