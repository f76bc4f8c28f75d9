#include "cloudwatch/metric_queries.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "base/status_macros.h"
#include "cloudwatch/errors.h"
#include "cloudwatch/math_eval.h"

namespace stepshift::cloudwatch {

namespace {

// Ten times what one GetMetricData call returns: FILL over hundreds of metrics for a day of
// minutes fits, a request that would exhaust memory does not.
constexpr int64_t kMaxCreatedPoints = 1'008'000;

Status InExpression(const std::string& id, const Status& reason) {
  if (!reason.kind().empty()) {
    return reason;  // already an operation error, from a query this one refers to
  }
  return ValidationError("Error in expression " + id + " [" + reason.message() + "]");
}

bool IsMetricsInsights(const std::string& expression) {
  size_t start = expression.find_first_not_of(" \t\r\n");
  if (start == std::string::npos || expression.size() - start < 7) {
    return false;
  }
  std::string head = expression.substr(start, 7);
  std::transform(head.begin(), head.end(), head.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  return head == "SELECT " || head == "SELECT\t";
}

void Label(const MetricDataQuery& q, MathValue* v) {
  if (v->kind == MathValue::Kind::kSeries) {
    v->series[0].label = q.label.value_or(q.metric_stat ? q.metric_stat->metric.metric_name : q.id);
  } else if (q.label) {
    for (TimeSeries& s : v->series) {
      s.label = s.label.empty() ? *q.label : *q.label + " " + s.label;
    }
  }
}

}  // namespace

// Evaluates queries on demand with memoization; detects cycles through the stack of queries
// being evaluated. During Compile it also records which queries each expression refers to.
class QueryPlan::Env : public MathEnv {
 public:
  Env(const QueryPlan& plan, int64_t start_ms, int64_t end_ms, const Fetch& fetch)
      : plan_(plan),
        start_ms_(start_ms),
        end_ms_(end_ms),
        fetch_(fetch),
        values_(plan.queries_.size()),
        refs_(plan.queries_.size()) {}

  Result<MathValue> Value(size_t i) {
    if (values_[i]) {
      return *values_[i];
    }
    if (std::find(stack_.begin(), stack_.end(), i) != stack_.end()) {
      return Cycle(i);
    }
    const MetricDataQuery& q = plan_.queries_[i];
    MathWindow window{start_ms_, end_ms_, plan_.WindowPeriod(i)};
    MathValue v;
    if (q.metric_stat) {
      v = MathValue::Series(fetch_(q, window));
      v.series[0].period = q.metric_stat->period;
    } else {
      stack_.push_back(i);
      windows_.push_back(window);
      Result<MathValue> r = EvaluateMath(*plan_.nodes_[i], this);
      stack_.pop_back();
      windows_.pop_back();
      if (!r.ok()) {
        return InExpression(q.id, r.status());
      }
      if (!r->IsSeriesOrArray()) {
        return InExpression(
            q.id, Status::InvalidArgument("The expression must return a time series or an array "
                                          "of time series"));
      }
      v = std::move(r).value();
    }
    Label(q, &v);
    values_[i] = std::move(v);
    return *values_[i];
  }

  Result<MathValue> Resolve(const std::string& id) override {
    auto it = plan_.index_.find(id);
    if (it == plan_.index_.end()) {
      return Status::InvalidArgument("Unknown metric or expression id: " + id);
    }
    refs_[stack_.back()].insert(it->second);
    return Value(it->second);
  }

  Result<MathValue> Metrics(const std::string& filter) override {
    std::vector<TimeSeries> all;
    for (const MetricDataQuery& q : plan_.queries_) {
      if (q.metric_stat && q.id.find(filter) != std::string::npos) {
        ASSIGN_OR_RETURN(MathValue v, Resolve(q.id));
        all.push_back(std::move(v.series[0]));
      }
    }
    return MathValue::Array(std::move(all));
  }

  bool IsMetric(const std::string& id) const override {
    auto it = plan_.index_.find(id);
    return it != plan_.index_.end() && plan_.queries_[it->second].metric_stat.has_value();
  }

  const MathWindow& window() const override { return windows_.back(); }

  Status Reserve(int64_t points) override {
    budget_ -= points;
    if (budget_ < 0) {
      return Status::InvalidArgument("The expression would create more than " +
                                     std::to_string(kMaxCreatedPoints) +
                                     " datapoints; use a shorter time range or a longer period");
    }
    return Status::Ok();
  }

  const std::set<size_t>& refs(size_t i) const { return refs_[i]; }

 private:
  Status Cycle(size_t i) {
    std::string path;
    for (auto it = std::find(stack_.begin(), stack_.end(), i); it != stack_.end(); ++it) {
      path += plan_.queries_[*it].id + " -> ";
    }
    return Status::InvalidArgument("Circular reference: " + path + plan_.queries_[i].id);
  }

  const QueryPlan& plan_;
  int64_t start_ms_, end_ms_;
  const Fetch& fetch_;
  std::vector<std::optional<MathValue>> values_;
  std::vector<std::set<size_t>> refs_;
  std::vector<size_t> stack_;
  std::vector<MathWindow> windows_;
  int64_t budget_ = kMaxCreatedPoints;
};

Result<QueryPlan> QueryPlan::Compile(std::vector<MetricDataQuery> queries) {
  QueryPlan plan;
  plan.queries_ = std::move(queries);
  const size_t n = plan.queries_.size();
  plan.nodes_.resize(n);
  plan.kinds_.assign(n, MathValue::Kind::kSeries);
  plan.periods_.assign(n, 0);
  int smallest = 0;
  for (size_t i = 0; i < n; ++i) {
    const MetricDataQuery& q = plan.queries_[i];
    plan.index_[q.id] = i;
    if (q.metric_stat) {
      int p = q.metric_stat->period;
      smallest = smallest == 0 ? p : std::min(smallest, p);
      continue;
    }
    if (IsMetricsInsights(*q.expression)) {
      return InExpression(q.id, Status::InvalidArgument("Metrics Insights queries (SELECT) are "
                                                        "not supported by stepshift serve"));
    }
    Result<MathNode> node = ParseMathExpression(*q.expression);
    if (!node.ok()) {
      return InExpression(q.id, node.status());
    }
    plan.nodes_[i] = std::move(node).value();
  }
  plan.fallback_period_ = smallest > 0 ? smallest : 60;
  RETURN_IF_ERROR(plan.Check());
  return plan;
}

Status QueryPlan::Check() {
  Fetch empty = [](const MetricDataQuery& q, const MathWindow&) {
    TimeSeries s;
    s.period = q.metric_stat->period;
    return s;
  };
  Env env(*this, 0, 0, empty);
  for (size_t i = 0; i < queries_.size(); ++i) {
    ASSIGN_OR_RETURN(MathValue v, env.Value(i));
    kinds_[i] = v.kind;
  }
  std::vector<bool> done(queries_.size());
  for (size_t i = 0; i < queries_.size(); ++i) {
    ComputePeriod(i, env, &done);
  }
  return Status::Ok();
}

// REQUIRES: Check found no cycle, so the recursion ends.
int QueryPlan::ComputePeriod(size_t i, const Env& env, std::vector<bool>* done) {
  if ((*done)[i]) {
    return periods_[i];
  }
  const MetricDataQuery& q = queries_[i];
  int period = q.period.value_or(q.metric_stat ? q.metric_stat->period : 0);
  if (period == 0) {
    for (size_t ref : env.refs(i)) {
      period = std::max(period, ComputePeriod(ref, env, done));
    }
  }
  (*done)[i] = true;
  periods_[i] = period;
  return period;
}

Result<std::vector<std::optional<MathValue>>> QueryPlan::Evaluate(const std::vector<bool>& wanted,
                                                                  int64_t start_ms, int64_t end_ms,
                                                                  const Fetch& fetch) const {
  Env env(*this, start_ms, end_ms, fetch);
  std::vector<std::optional<MathValue>> out(queries_.size());
  for (size_t i = 0; i < queries_.size(); ++i) {
    if (wanted[i]) {
      ASSIGN_OR_RETURN(out[i], env.Value(i));
    }
  }
  return out;
}

}  // namespace stepshift::cloudwatch
