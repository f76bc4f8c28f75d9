// JSONata semantics the evaluator and the built-in functions share (jsonata-js's utils.js and the
// helpers in functions.js that the evaluator calls): truthiness, $string, lookup, append.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "jsonata/value.h"

namespace stepshift::jsonata::internal {

// utils.isNumeric: a number that is not NaN. Throws Failure D1001 for an infinite number.
bool IsNumeric(const Value& v);
bool IsArrayOfNumbers(const Value& v);
bool IsArrayOfStrings(const Value& v);
// fn.boolean (undefined -> false here; $boolean itself keeps undefined).
bool ToBoolean(const Value& v);
// fn.string: undefined for undefined. Throws D3001 for a non-finite number.
Value ToJsonataString(const Value& v, bool prettify = false);
// fn.lookup: a field of an object, or of every object in an array (flattened one level).
Value Lookup(const Value& input, std::string_view key);
// fn.append: concatenates, treating single values as one-item arrays; the result is a plain
// array (JavaScript's concat drops the sequence flags).
Value Append(const Value& a, const Value& b);
// Every non-array leaf of nested arrays, in order.
void Flatten(const Value& v, Value* out);
// createSequence(v): a sequence holding v (even when v is undefined).
Value SequenceOf(Value v);
// A JavaScript value's `length`: an array's size, a string's UTF-16 length, else -1.
int64_t JsLength(const Value& v);
// jsonata-js's $sort: a stable top-down merge sort where `swap(a, b)` says b goes first. Arrays
// of one item or none come back as they are; others as a new plain array.
Value MergeSort(const Value& arr, const std::function<bool(const Value&, const Value&)>& swap);
// Deep copy through JSON, as $clone does (numbers rounded as $string rounds them).
Value Clone(const Value& v);

}  // namespace stepshift::jsonata::internal
