#include "cloudwatch/math_eval.h"

#include <algorithm>
#include <cmath>

#include "base/status_macros.h"
#include "cloudwatch/math_ops.h"

namespace stepshift::cloudwatch {

namespace internal {

namespace {

using Op = double (*)(double, double);

double Divide(double x, double y) {
  return y == 0 ? std::nan("") : x / y;
}

// Comparisons and logic give 1 (true) or 0 (false); any non-zero operand is true.
constexpr std::pair<std::string_view, Op> kOps[] = {
    {"+", [](double x, double y) { return x + y; }},
    {"-", [](double x, double y) { return x - y; }},
    {"*", [](double x, double y) { return x * y; }},
    {"/", &Divide},
    {"^", [](double x, double y) { return std::pow(x, y); }},
    {"==", [](double x, double y) { return x == y ? 1.0 : 0.0; }},
    {"!=", [](double x, double y) { return x != y ? 1.0 : 0.0; }},
    {"<", [](double x, double y) { return x < y ? 1.0 : 0.0; }},
    {"<=", [](double x, double y) { return x <= y ? 1.0 : 0.0; }},
    {">", [](double x, double y) { return x > y ? 1.0 : 0.0; }},
    {">=", [](double x, double y) { return x >= y ? 1.0 : 0.0; }},
    {"AND", [](double x, double y) { return x != 0 && y != 0 ? 1.0 : 0.0; }},
    {"OR", [](double x, double y) { return x != 0 || y != 0 ? 1.0 : 0.0; }},
};

void Put(TimeSeries* s, int64_t t, double v) {
  if (std::isfinite(v)) {
    s->points.emplace_hint(s->points.end(), t, v);
  }
}

// The union of both series' timestamps; a value missing from one side counts as 0.
TimeSeries Combine(const TimeSeries& a, const TimeSeries& b, Op op) {
  TimeSeries out;
  out.label = a.label;
  out.period = std::max(a.period, b.period);
  auto ia = a.points.begin();
  auto ib = b.points.begin();
  while (ia != a.points.end() || ib != b.points.end()) {
    bool take_a = ib == b.points.end() || (ia != a.points.end() && ia->first <= ib->first);
    bool take_b = ia == a.points.end() || (ib != b.points.end() && ib->first <= ia->first);
    int64_t t = take_a ? ia->first : ib->first;
    Put(&out, t, op(take_a ? ia->second : 0, take_b ? ib->second : 0));
    ia = take_a ? std::next(ia) : ia;
    ib = take_b ? std::next(ib) : ib;
  }
  return out;
}

TimeSeries WithScalar(const TimeSeries& s, double scalar, bool scalar_first, Op op) {
  TimeSeries out;
  out.label = s.label;
  out.period = s.period;
  for (const auto& [t, v] : s.points) {
    Put(&out, t, scalar_first ? op(scalar, v) : op(v, scalar));
  }
  return out;
}

TimeSeries ApplySeries(const TimeSeries& s, const MathValue& other, bool other_first, Op op) {
  if (other.kind == MathValue::Kind::kScalar) {
    return WithScalar(s, other.scalar, other_first, op);
  }
  return other_first ? Combine(other.series[0], s, op) : Combine(s, other.series[0], op);
}

}  // namespace

Status MathError(std::string reason) {
  return Status::InvalidArgument(std::move(reason));
}

MathValue MapPoints(MathValue v, const std::function<double(double)>& f) {
  if (v.kind == MathValue::Kind::kScalar) {
    v.scalar = f(v.scalar);
    return v;
  }
  return MapSeries(std::move(v), [&f](const TimeSeries& s) {
    TimeSeries out;
    out.label = s.label;
    out.period = s.period;
    for (const auto& [t, x] : s.points) {
      Put(&out, t, f(x));
    }
    return out;
  });
}

MathValue MapSeries(MathValue v, const std::function<TimeSeries(const TimeSeries&)>& f) {
  for (TimeSeries& s : v.series) {
    s = f(s);
  }
  return v;
}

Result<MathValue> ApplyBinary(const std::string& op, const MathValue& a, const MathValue& b) {
  auto it = std::find_if(std::begin(kOps), std::end(kOps),
                         [&op](const auto& entry) { return entry.first == op; });
  if (it == std::end(kOps) || a.kind == MathValue::Kind::kText ||
      b.kind == MathValue::Kind::kText) {
    return MathError("Invalid syntax");
  }
  Op f = it->second;
  if (a.kind == MathValue::Kind::kArray && b.kind == MathValue::Kind::kArray) {
    return MathError("The operator " + op + " cannot be applied to two arrays of time series");
  }
  if (a.kind == MathValue::Kind::kScalar && b.kind == MathValue::Kind::kScalar) {
    return MathValue::Scalar(f(a.scalar, b.scalar));
  }
  // The side holding series keeps its shape; the other side is a scalar or a single series.
  const bool a_holds = a.kind == MathValue::Kind::kArray || b.kind == MathValue::Kind::kScalar;
  MathValue out = a_holds ? a : b;
  const MathValue& other = a_holds ? b : a;
  for (TimeSeries& s : out.series) {
    s = ApplySeries(s, other, !a_holds, f);
  }
  return out;
}

Result<TimeSeries> ConstantSeries(double value, MathEnv* env) {
  const MathWindow& window = env->window();
  RETURN_IF_ERROR(env->Reserve(PeriodCount(window, window.period)));
  TimeSeries s;
  s.period = window.period;
  for (int64_t t : PeriodStarts(window, window.period)) {
    Put(&s, t, value);
  }
  return s;
}

Status ReserveGrids(const MathValue& v, MathEnv* env) {
  int64_t points = 0;
  for (const TimeSeries& s : v.series) {
    points += PeriodCount(env->window(), s.period);
  }
  return env->Reserve(points);
}

}  // namespace internal

namespace {

Status EvaluateChildren(const MathNode& node, MathEnv* env, std::vector<MathValue>* out) {
  for (const MathNode& arg : node.args) {
    ASSIGN_OR_RETURN(MathValue v, EvaluateMath(arg, env));
    out->push_back(std::move(v));
  }
  return Status::Ok();
}

// [a, b, ...]: series and arrays flattened into one array, as in SUM([METRICS("4xx"), m5]).
Result<MathValue> EvaluateArray(std::vector<MathValue> items) {
  std::vector<TimeSeries> all;
  for (MathValue& item : items) {
    if (!item.IsSeriesOrArray()) {
      return internal::MathError("An array may contain only time series");
    }
    for (TimeSeries& s : item.series) {
      all.push_back(std::move(s));
    }
  }
  return MathValue::Array(std::move(all));
}

}  // namespace

Result<MathValue> EvaluateMath(const MathNode& node, MathEnv* env) {
  switch (node.kind) {
    case MathNode::Kind::kNumber:
      return MathValue::Scalar(node.number);
    case MathNode::Kind::kString:
      return MathValue::Text(node.text, true);
    case MathNode::Kind::kKeyword:
      return MathValue::Text(node.text, false);
    case MathNode::Kind::kId:
      return env->Resolve(node.text);
    default:
      break;
  }
  std::vector<MathValue> args;
  RETURN_IF_ERROR(EvaluateChildren(node, env, &args));
  switch (node.kind) {
    case MathNode::Kind::kUnary:
      if (args[0].kind == MathValue::Kind::kText) {
        return internal::MathError("Invalid syntax");
      }
      return node.text == "-" ? internal::MapPoints(std::move(args[0]), [](double x) { return -x; })
                              : args[0];
    case MathNode::Kind::kBinary:
      return internal::ApplyBinary(node.text, args[0], args[1]);
    case MathNode::Kind::kArray:
      return EvaluateArray(std::move(args));
    default:
      return internal::CallFunction(node, std::move(args), env);
  }
}

}  // namespace stepshift::cloudwatch
