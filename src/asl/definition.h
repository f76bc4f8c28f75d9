// The typed model of a state machine. The parser builds it once; the executor only reads it, so
// one StateMachine may serve any number of concurrent executions. States refer to each other by
// index: a transition is an array lookup, never a name lookup.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "asl/choice.h"
#include "asl/json_util.h"
#include "asl/jsonata_template.h"
#include "asl/path.h"
#include "asl/payload.h"
#include "base/clock.h"

namespace stepshift::asl {

enum class StateType { kPass, kTask, kChoice, kWait, kSucceed, kFail, kParallel, kMap };

// How a state's fields select and transform data: JSONPath (InputPath, Parameters, ...) or
// JSONata (Arguments, Output and "{% %}" expressions).
enum class QueryLanguage { kJsonPath, kJsonata };

// "Pass", "Task", ... as used in history event type names.
const char* StateTypeName(StateType type);

// InputPath/OutputPath: absent means `$`, JSON null means "{}".
struct FilterPath {
  bool is_null = false;
  bool is_identity = true;
  JsonPath path;
};

// ResultPath: `$` replaces the input, null discards the result, otherwise a reference path.
struct ResultPathSpec {
  enum class Mode { kReplace, kDiscard, kMerge } mode = Mode::kReplace;
  JsonPath path;
};

struct Retrier {
  std::vector<std::string> error_equals;
  double interval_seconds = 1;
  int max_attempts = 3;
  double backoff_rate = 2.0;
  std::optional<double> max_delay_seconds;
  bool jitter_full = false;
};

struct Catcher {
  std::vector<std::string> error_equals;
  std::string next_name;
  int next = -1;
  ResultPathSpec result_path;
  PayloadTemplate assign;
  bool has_assign = false;
  // JSONata states: the catcher's Output and Assign (which see $states.errorOutput).
  JsonataTemplate output, jsonata_assign;
};

// A number given literally or through a reference path (TimeoutSeconds/TimeoutSecondsPath, ...).
struct NumberOrPath {
  std::optional<double> value;
  std::optional<JsonPath> path;
  JsonataTemplate expr;  // JSONata states: "{% ... %}"

  bool present() const { return value.has_value() || path.has_value() || !expr.empty(); }
};

// Fail's Error/Cause: a literal or a path / intrinsic (ErrorPath/CausePath).
struct StringOrDynamic {
  std::optional<std::string> value;
  std::optional<DynamicValue> dynamic;
  JsonataTemplate expr;  // JSONata states
};

// The fields only JSONata states have, or have in their JSONata form; empty when absent.
struct JsonataFields {
  JsonataTemplate arguments, output, assign;
  JsonataTemplate items, item_selector, batch_input;  // Map
  JsonataTemplate credentials;                        // Task
  JsonataTemplate timestamp;                          // Wait
};

struct State {
  std::string name;
  StateType type = StateType::kPass;
  int next = -1;  // index in the same scope; -1 with end == true
  std::string next_name;
  bool end = false;
  QueryLanguage query_language = QueryLanguage::kJsonPath;
  JsonataFields jsonata;

  bool uses_jsonata() const { return query_language == QueryLanguage::kJsonata; }

  FilterPath input_path, output_path;
  PayloadTemplate parameters, result_selector, assign;
  bool has_parameters = false, has_result_selector = false, has_assign = false;
  ResultPathSpec result_path;
  std::optional<Value> result;  // Pass
  std::vector<Retrier> retry;
  std::vector<Catcher> catchers;

  // Task
  std::string resource;
  NumberOrPath timeout_seconds, heartbeat_seconds;
  PayloadTemplate credentials;
  bool has_credentials = false;

  // Choice
  std::vector<ChoiceBranch> choices;
  std::string default_name;
  int default_next = -1;

  // Wait
  NumberOrPath wait_seconds;
  std::optional<std::string> timestamp;
  std::optional<JsonPath> timestamp_path;

  // Fail
  StringOrDynamic error, cause;

  // Parallel: scope indices of the branches. Map: scope index of the item processor.
  std::vector<int> branches;
  int iterator = -1;
  std::optional<JsonPath> items_path;
  PayloadTemplate item_selector;
  bool has_item_selector = false;
  // ItemProcessor.ProcessorConfig.Mode == DISTRIBUTED: iterations are child executions whose
  // events stay out of this execution's history (MapRun* events stand for them).
  bool distributed = false;
  NumberOrPath max_concurrency, tolerated_failure_count, tolerated_failure_percentage;
  // Distributed Map: the map run's Label (empty: a name-based UUID stands for it), its child
  // executions' type (ExecutionType EXPRESS), and the ItemProcessor as a definition of its own
  // (StartAt, States, Comment and the machine's QueryLanguage), which an engine runs as each
  // child execution (ExecutionOptions::map_runs).
  std::string label;
  bool express_children = false;
  std::string processor_definition;
  // Distributed Map's ItemReader: items read from S3, which stepshift cannot reach; the map run
  // fails as AWS fails for a missing bucket.
  bool has_item_reader = false;
  // Distributed Map's ItemBatcher: each child execution gets {"BatchInput"?, "Items": [...]}.
  bool has_item_batcher = false;
  NumberOrPath max_items_per_batch, max_input_bytes_per_batch;
  PayloadTemplate batch_input;
  bool has_batch_input = false;
};

// A set of states with a StartAt: the machine itself, a Parallel branch or a Map processor.
struct Scope {
  std::string start_at_name;
  int start_at = -1;
  std::vector<State> states;
  std::unordered_map<std::string, int> index;
  int parent = -1;  // enclosing scope, -1 for the top level
};

struct StateMachine {
  std::vector<Scope> scopes;  // scopes[0] is the top level
  std::optional<int64_t> timeout_seconds;
  std::string comment;
  QueryLanguage query_language = QueryLanguage::kJsonPath;
};

}  // namespace stepshift::asl
