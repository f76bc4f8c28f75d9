// Retry/Catch shapes and the graph rules: transition targets, reachability, terminal states.
#include <deque>

#include "asl/parser_internal.h"

namespace stepshift::asl::internal {

namespace {

std::string Idx(const std::string& loc, size_t i) {
  return loc + "[" + std::to_string(i) + "]";
}

bool IsAllLast(const std::vector<std::string>& names) {
  return names.size() == 1 && names[0] == "States.ALL";
}

}  // namespace

void DefinitionBuilder::BuildRetry(const Value& v, const std::string& loc, State* s) {
  if (!v.is_array()) {
    Error("Expected value of type [ARRAY]", loc);
    return;
  }
  const Array& arr = v.get_array();
  for (size_t i = 0; i < arr.size(); ++i) {
    std::string rloc = Idx(loc, i);
    const Object* obj = arr[i].if_object();
    if (obj == nullptr) {
      Error("Expected value of type [OBJECT]", rloc);
      continue;
    }
    Retrier r;
    BuildErrorEquals(*obj, rloc, &r.error_equals);
    if (IsAllLast(r.error_equals) && i + 1 != arr.size()) {
      Error("The error name 'States.ALL' must appear in the last retrier", rloc + "/ErrorEquals");
    }
    for (const auto& kv : *obj) {
      std::string key(kv.key());
      const Value& f = kv.value();
      std::string floc = rloc + "/" + key;
      int64_t n = 0;
      if (key == "ErrorEquals" || key == "Comment")
        continue;
      if (key == "IntervalSeconds") {
        if (!AsInteger(f, &n) || n < 1)
          Error("The value must be an integer >= 1", floc);
        else
          r.interval_seconds = static_cast<double>(n);
      } else if (key == "MaxAttempts") {
        if (!AsInteger(f, &n) || n < 0)
          Error("The value must be an integer >= 0", floc);
        else
          r.max_attempts = static_cast<int>(std::min<int64_t>(n, 1 << 30));
      } else if (key == "BackoffRate") {
        if (!f.is_number() || AsDouble(f) < 1.0)
          Error("The value must be a number >= 1.0", floc);
        else
          r.backoff_rate = AsDouble(f);
      } else if (key == "MaxDelaySeconds") {
        if (!AsInteger(f, &n) || n < 1)
          Error("The value must be an integer >= 1", floc);
        else
          r.max_delay_seconds = static_cast<double>(n);
      } else if (key == "JitterStrategy") {
        if (!f.is_string() || (f.get_string() != "FULL" && f.get_string() != "NONE")) {
          Error("Value should be one of the following: [FULL, NONE]", floc);
        } else {
          r.jitter_full = f.get_string() == "FULL";
        }
      } else {
        Error("Field '" + key + "' is not supported", rloc);
      }
    }
    s->retry.push_back(std::move(r));
  }
}

void DefinitionBuilder::BuildCatch(const Value& v, const std::string& loc, State* s) {
  if (!v.is_array()) {
    Error("Expected value of type [ARRAY]", loc);
    return;
  }
  const Array& arr = v.get_array();
  for (size_t i = 0; i < arr.size(); ++i) {
    std::string cloc = Idx(loc, i);
    const Object* obj = arr[i].if_object();
    if (obj == nullptr) {
      Error("Expected value of type [OBJECT]", cloc);
      continue;
    }
    Catcher c;
    BuildErrorEquals(*obj, cloc, &c.error_equals);
    if (IsAllLast(c.error_equals) && i + 1 != arr.size()) {
      Error("The error name 'States.ALL' must appear in the last catcher", cloc + "/ErrorEquals");
    }
    if (s->uses_jsonata())
      BuildJsonataCatcher(*obj, cloc, &c);
    for (const auto& kv : *obj) {
      std::string key(kv.key());
      if (key == "ErrorEquals" || key == "Comment")
        continue;
      if (s->uses_jsonata() && (key == "Output" || key == "Assign" || key == "ResultPath"))
        continue;
      if (!s->uses_jsonata() && key == "Output") {
        Error(
            "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the "
            "'JSONata' QueryLanguage",
            cloc);
      } else if (key == "Next") {
        if (kv.value().is_string())
          c.next_name = std::string(kv.value().get_string());
        else
          Error("Expected value of type [STRING]", cloc + "/Next");
      } else if (key == "ResultPath") {
        BuildResultPath(kv.value(), cloc + "/ResultPath", &c.result_path);
      } else if (key == "Assign") {
        CheckAssign(kv.value(), cloc + "/Assign");
        c.assign = PayloadTemplate::Compile(kv.value(), cloc + "/Assign", diags_);
        c.has_assign = true;
      } else {
        Error("Field '" + key + "' is not supported", cloc);
      }
    }
    if (!obj->contains("Next"))
      Error("These fields are required: [Next]", cloc);
    s->catchers.push_back(std::move(c));
  }
}

void DefinitionBuilder::ResolveAndCheckGraph() {
  for (size_t i = 0; i < machine_->scopes.size(); ++i)
    CheckScopeGraph(static_cast<int>(i));
}

void DefinitionBuilder::CheckScopeGraph(int scope_index) {
  Scope& scope = machine_->scopes[scope_index];
  if (scope_lacks_states_[scope_index]) {
    return;
  }
  const std::string& states_loc = scope_locations_[scope_index];
  std::string scope_loc = states_loc.substr(0, states_loc.size() - 7);  // strip "/States"
  auto resolve = [&](const std::string& name, const std::string& loc, int* out) {
    auto it = scope.index.find(name);
    if (it == scope.index.end()) {
      Error("Missing 'Next' target: " + name, loc, codes::kMissingTransition);
      return;
    }
    *out = it->second;
  };
  if (!scope.start_at_name.empty()) {
    resolve(scope.start_at_name, scope_loc + "/StartAt", &scope.start_at);
  }
  bool has_terminal = false;
  for (State& s : scope.states) {
    std::string loc = states_loc + "/" + s.name;
    if (!s.next_name.empty())
      resolve(s.next_name, loc + "/Next", &s.next);
    if (!s.default_name.empty())
      resolve(s.default_name, loc + "/Default", &s.default_next);
    for (size_t i = 0; i < s.choices.size(); ++i) {
      if (!s.choices[i].next_name.empty()) {
        resolve(s.choices[i].next_name, Idx(loc + "/Choices", i) + "/Next", &s.choices[i].next);
      }
    }
    for (size_t i = 0; i < s.catchers.size(); ++i) {
      if (!s.catchers[i].next_name.empty()) {
        resolve(s.catchers[i].next_name, Idx(loc + "/Catch", i) + "/Next", &s.catchers[i].next);
      }
    }
    has_terminal =
        has_terminal || s.end || s.type == StateType::kSucceed || s.type == StateType::kFail;
  }
  if (scope_index == 0 && !has_terminal) {
    Error("Workflow has no terminal state", "", codes::kMissingEnd);
    return;  // AWS reports this alone, without piling reachability errors on top.
  }
  std::vector<bool> seen(scope.states.size(), false);
  std::deque<int> queue;
  if (scope.start_at >= 0) {
    seen[scope.start_at] = true;
    queue.push_back(scope.start_at);
  }
  while (!queue.empty()) {
    const State& s = scope.states[queue.front()];
    queue.pop_front();
    std::vector<int> targets{s.next, s.default_next};
    for (const ChoiceBranch& b : s.choices)
      targets.push_back(b.next);
    for (const Catcher& c : s.catchers)
      targets.push_back(c.next);
    for (int t : targets) {
      if (t >= 0 && !seen[t]) {
        seen[t] = true;
        queue.push_back(t);
      }
    }
  }
  for (size_t i = 0; i < scope.states.size(); ++i) {
    if (!seen[i]) {
      Error("State \"" + scope.states[i].name + "\" is not reachable.",
            states_loc + "/" + scope.states[i].name, codes::kMissingTransition);
    }
  }
}

}  // namespace stepshift::asl::internal
