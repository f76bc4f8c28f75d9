// JSONata's standard library, one function per built-in, registered with its signature in
// builtins.cc. Each receives validated arguments (see signature.h) and returns the result or
// undefined; errors are thrown as Failure with the reference's codes.
#pragma once

#include <string>
#include <vector>

#include "jsonata/evaluator.h"

namespace stepshift::jsonata::internal {

using Args = std::vector<Value>;

// The argument at i, or undefined when fewer were given.
inline const Value& Arg(const Args& args, size_t i) {
  static const Value kUndefined;
  return i < args.size() ? args[i] : kUndefined;
}

// hofFuncArgs: the value, then the index/key and the whole structure if `func` takes them.
std::vector<Value> HofArgs(const Value& func, const Value& a1, const Value& a2, const Value& a3);

// A string result, with a size cap so one call cannot exhaust memory (D2015).
Value BoundedString(std::string s);

// Strings (fn_string.cc)
Value FnString(Call& c, Args& a);
Value FnSubstring(Call& c, Args& a);
Value FnSubstringBefore(Call& c, Args& a);
Value FnSubstringAfter(Call& c, Args& a);
Value FnLowercase(Call& c, Args& a);
Value FnUppercase(Call& c, Args& a);
Value FnLength(Call& c, Args& a);
Value FnTrim(Call& c, Args& a);
Value FnPad(Call& c, Args& a);
Value FnJoin(Call& c, Args& a);
Value FnBase64Encode(Call& c, Args& a);
Value FnBase64Decode(Call& c, Args& a);
Value FnEncodeUrlComponent(Call& c, Args& a);
Value FnEncodeUrl(Call& c, Args& a);
Value FnDecodeUrlComponent(Call& c, Args& a);
Value FnDecodeUrl(Call& c, Args& a);
Value FnEval(Call& c, Args& a);

// Regular expressions and matchers (fn_regex.cc)
Value FnContains(Call& c, Args& a);
Value FnSplit(Call& c, Args& a);
Value FnMatch(Call& c, Args& a);
Value FnReplace(Call& c, Args& a);

// Numbers and aggregation (fn_numeric.cc)
Value FnSum(Call& c, Args& a);
Value FnCount(Call& c, Args& a);
Value FnMax(Call& c, Args& a);
Value FnMin(Call& c, Args& a);
Value FnAverage(Call& c, Args& a);
Value FnNumber(Call& c, Args& a);
Value FnAbs(Call& c, Args& a);
Value FnFloor(Call& c, Args& a);
Value FnCeil(Call& c, Args& a);
Value FnRound(Call& c, Args& a);
Value FnSqrt(Call& c, Args& a);
Value FnPower(Call& c, Args& a);
Value FnRandom(Call& c, Args& a);
Value FnFormatBase(Call& c, Args& a);
Value FnFormatNumber(Call& c, Args& a);
// jsonata-js's round(): half to even at `precision` decimal places.
double RoundHalfEven(double value, double precision);

// Booleans, arrays, objects (fn_array.cc)
Value FnBoolean(Call& c, Args& a);
Value FnNot(Call& c, Args& a);
Value FnExists(Call& c, Args& a);
Value FnKeys(Call& c, Args& a);
Value FnLookup(Call& c, Args& a);
Value FnAppend(Call& c, Args& a);
Value FnSpread(Call& c, Args& a);
Value FnMerge(Call& c, Args& a);
Value FnReverse(Call& c, Args& a);
Value FnError(Call& c, Args& a);
Value FnAssert(Call& c, Args& a);
Value FnType(Call& c, Args& a);
Value FnShuffle(Call& c, Args& a);
Value FnDistinct(Call& c, Args& a);
Value FnZip(Call& c, Args& a);
Value FnClone(Call& c, Args& a);

// Higher-order functions (fn_hof.cc)
Value FnMap(Call& c, Args& a);
Value FnFilter(Call& c, Args& a);
Value FnSingle(Call& c, Args& a);
Value FnReduce(Call& c, Args& a);
Value FnSift(Call& c, Args& a);
Value FnEach(Call& c, Args& a);
Value FnSort(Call& c, Args& a);

// Dates and integer pictures (fn_datetime.cc)
Value FnNow(Call& c, Args& a);
Value FnMillis(Call& c, Args& a);
Value FnFromMillis(Call& c, Args& a);
Value FnToMillis(Call& c, Args& a);
Value FnFormatInteger(Call& c, Args& a);
Value FnParseInteger(Call& c, Args& a);

}  // namespace stepshift::jsonata::internal
