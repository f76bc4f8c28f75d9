// AWS's JSONPath subset (Jayway semantics), compiled once at load time into a step vector.
//   Reference paths (ResultPath, ItemsPath, SecondsPath, ...): `$`, `.name`, `['name']`, `[n]`
//   only. Paths (InputPath, OutputPath, Choice Variable, payload `.$` values): additionally `..`,
//   `*`, slices `[a:b:c]`, unions `[0,1]` / `['a','b']` and filters `[?(@.x > 1)]`.
// Roots: `$` (the state's data), `$$` (the context object) and `$name` (a workflow variable).
// A compiled JsonPath is immutable and thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "asl/json_util.h"
#include "base/result.h"

namespace stepshift::asl {

enum class PathRoot { kInput, kContext, kVariable };

struct FilterExpr;

struct PathSegment {
  enum class Kind { kField, kIndex, kWildcard, kSlice, kUnion, kDescent, kFilter, kLength };
  Kind kind = Kind::kField;
  std::string name;   // kField; kDescent (empty means `..*`)
  int64_t index = 0;  // kIndex (negative counts from the end)
  int64_t start = 0, end = 0, step = 1;
  bool has_start = false, has_end = false;
  std::vector<std::string> names;  // kUnion of names
  std::vector<int64_t> indices;    // kUnion of indices
  std::shared_ptr<const FilterExpr> filter;
};

class JsonPath {
 public:
  JsonPath() = default;

  // Compiles `text`. Returns InvalidArgument with a reason when it is not a path.
  static Result<JsonPath> Parse(std::string_view text);

  const std::string& text() const { return text_; }

  PathRoot root() const { return root_; }

  // The variable name for PathRoot::kVariable.
  const std::string& variable() const { return variable_; }

  const std::vector<PathSegment>& segments() const { return segments_; }

  // Definite paths select at most one node; indefinite ones always yield an array.
  bool definite() const { return definite_; }

  // Only `.name`, `['name']` and `[n]` steps (negative indexes excluded).
  bool IsReferencePath() const;

  bool IsRoot() const { return segments_.empty(); }

  // Jayway's normalised form, used in AWS error texts: $['a']['b'][0].
  std::string Normalized() const;

  // REQUIRES: definite(). Jayway's reason why this path selects nothing in `root_value`, as AWS
  // quotes it: "Missing property in path $['a']" when an intermediate property is absent, else
  // "No results for path: $['a']['b']".
  std::string NotFoundReason(const Value& root_value) const;

  // REQUIRES: definite(). The selected node inside `root_value`, or nullptr when absent.
  const Value* Find(const Value& root_value) const;
  // Evaluates against `root_value` (what the root denotes). Definite paths copy the node and
  // return false when it is absent; indefinite paths always succeed with an array.
  bool Evaluate(const Value& root_value, Value* out) const;
  // REQUIRES: IsReferencePath(). Stores `v` at this path in *root, creating missing objects on
  // the way. Returns false when an intermediate node is not an object (or an index is outside an
  // array), which AWS reports as States.ReferencePathConflict.
  bool Assign(Value* root, Value v) const;

 private:
  std::string text_;
  PathRoot root_ = PathRoot::kInput;
  std::string variable_;
  std::vector<PathSegment> segments_;
  bool definite_ = true;
};

namespace internal {
// Parses the steps following a root (`$`, `@`, ...) of `text` starting at *pos.
Status ParseSegments(std::string_view text, size_t* pos, std::vector<PathSegment>* out,
                     bool stop_at_operator);
// Applies segments to a node set (used by filters for `@` paths).
void ApplySegments(const std::vector<PathSegment>& segments, const Value& root,
                   std::vector<const Value*>* nodes);
// Compiles the body of `[?( ... )]`.
Result<std::shared_ptr<const FilterExpr>> ParseFilter(std::string_view body);
bool FilterMatches(const FilterExpr& expr, const Value& current, const Value& root);
}  // namespace internal

}  // namespace stepshift::asl
