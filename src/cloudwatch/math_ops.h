// Internal building blocks of metric math evaluation, shared by the evaluator (math_eval.cc) and
// the function table (math_functions.cc, math_series_functions.cc).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "cloudwatch/math_eval.h"

namespace stepshift::cloudwatch::internal {

// A reason for "Error in expression <id> [<reason>]".
Status MathError(std::string reason);

// `v` with f applied to its scalar or to every datapoint; non-finite results are dropped.
MathValue MapPoints(MathValue v, const std::function<double(double)>& f);
// `v` with f applied to each of its time series (one for kSeries, each for kArray).
MathValue MapSeries(MathValue v, const std::function<TimeSeries(const TimeSeries&)>& f);

// A binary operator ("+", "-", "*", "/", "^", "==", "!=", "<", "<=", ">", ">=", "AND", "OR").
Result<MathValue> ApplyBinary(const std::string& op, const MathValue& a, const MathValue& b);

// A constant series over the window's periods, reserved from the env.
Result<TimeSeries> ConstantSeries(double value, MathEnv* env);
// Reserves a datapoint for every period of the window of each series in `v`.
Status ReserveGrids(const MathValue& v, MathEnv* env);

// FUNCTION(args) with its arguments already evaluated. `call` gives the function name and the
// argument nodes (PERIOD looks at them).
Result<MathValue> CallFunction(const MathNode& call, std::vector<MathValue> args, MathEnv* env);

// The functions of math_series_functions.cc, looked up by CallFunction.
using MathFunction = Result<MathValue> (*)(std::vector<MathValue>& args, MathEnv* env);
MathFunction FindSeriesFunction(const std::string& name);

// AVG, MIN, MAX, SUM, STDDEV or DATAPOINT_COUNT of `values`; AVG divides the sum by `divisor`
// (the number of series when missing values count as 0). NaN when undefined (AVG of nothing).
double ReduceValues(const std::string& name, const std::vector<double>& values, size_t divisor);

// Argument checks with uniform messages.
Status CheckArgCount(const std::string& name, size_t count, size_t min, size_t max);
Status ExpectSeriesOrArray(const std::string& function, const MathValue& v);
Status ExpectArray(const std::string& function, const MathValue& v);
Status ExpectScalar(const std::string& function, const MathValue& v);

}  // namespace stepshift::cloudwatch::internal
