// Reading an awsJson1_0 request body member by member while checking it against its Smithy shape,
// with AWS's error types and wording:
// - a member of the wrong JSON type is a SerializationException (decoding stops making sense);
// - constraint violations (missing required members, lengths, ranges, patterns, enums) are
//   collected in member order and reported together as one ValidationException:
//   "2 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must
//   not be null; Value '101' at 'routingConfiguration.1.member.weight' failed to satisfy
//   constraint: Member must have value less than or equal to 100".
// Paths are AWS's: top-level member names, "a.b" into structures and "list.N.member" (1-based)
// into lists. Sensitive members never echo their value ("Value at 'definition' failed ...").
// A JSON null is the same as an absent member. Unknown members are ignored, as AWS does.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/status.h"

namespace stepshift::api {

struct StringShape {
  bool required = false;
  size_t min = 0;
  size_t max = std::numeric_limits<size_t>::max();        // in characters, not bytes
  size_t max_bytes = std::numeric_limits<size_t>::max();  // in UTF-8 bytes (execution data)
  bool sensitive = false;
  std::vector<std::string_view> enum_values;  // empty: any value
};

struct IntegerShape {
  bool required = false;
  int64_t min = std::numeric_limits<int64_t>::min();
  int64_t max = std::numeric_limits<int64_t>::max();
};

// A Smithy float (toleratedFailurePercentage); bounds as the model gives them.
struct FloatShape {
  bool required = false;
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
};

struct ListShape {
  bool required = false;
  size_t min = 0;
  size_t max = std::numeric_limits<size_t>::max();
  // How AWS prints the whole list in a length violation; only needed when max is finite.
  std::function<std::string(const json::Array&)> render;
};

class RequestReader {
 public:
  // Parses `body` (empty means {}). A body that is not a JSON object is a SerializationException,
  // reported by Finish().
  explicit RequestReader(std::string_view body);

  const json::Object& root() const { return root_; }

  // Member `name` of `object`, found at AWS path `path`. Absent (or wrong type) gives nullopt /
  // nullptr; the violation is recorded for Finish().
  std::optional<std::string> String(const json::Object& object, std::string_view name,
                                    const std::string& path, const StringShape& shape);
  std::optional<int64_t> Integer(const json::Object& object, std::string_view name,
                                 const std::string& path, const IntegerShape& shape);
  std::optional<double> Float(const json::Object& object, std::string_view name,
                              const std::string& path, const FloatShape& shape);
  std::optional<bool> Boolean(const json::Object& object, std::string_view name,
                              const std::string& path);
  const json::Object* Structure(const json::Object& object, std::string_view name,
                                const std::string& path, bool required = false);
  const json::Array* List(const json::Object& object, std::string_view name,
                          const std::string& path, const ListShape& shape);

  // Top-level shorthands: path == name.
  std::optional<std::string> String(std::string_view name, const StringShape& shape) {
    return String(root_, name, std::string(name), shape);
  }

  std::optional<int64_t> Integer(std::string_view name, const IntegerShape& shape) {
    return Integer(root_, name, std::string(name), shape);
  }

  std::optional<double> Float(std::string_view name, const FloatShape& shape) {
    return Float(root_, name, std::string(name), shape);
  }

  std::optional<bool> Boolean(std::string_view name) {
    return Boolean(root_, name, std::string(name));
  }

  // An element of a list read with List(), as a structure (nullptr when it is not one).
  const json::Object* Element(const json::Array& list, size_t index);
  // A string element; `item_path` is the element's path, e.g. "tagKeys.1.member".
  std::optional<std::string> StringElement(const json::Array& list, size_t index,
                                           const std::string& item_path, const StringShape& shape);

  // A "Member must satisfy regular expression pattern: <pattern>" violation unless `matches`.
  void Pattern(const std::string& path, const std::string& value, std::string_view pattern,
               bool matches);

  // SerializationException if any member had the wrong type, else ValidationException with every
  // violation, else OK.
  Status Finish() const;

 private:
  void Violation(std::string value_part, const std::string& path, std::string constraint);
  void TypeError(std::string message);
  void CheckString(const std::string& path, const std::string& value, const StringShape& shape);

  json::Object root_;
  std::optional<std::string> serialization_error_;
  std::vector<std::string> violations_;
};

// Number of Unicode code points in UTF-8 `text` (AWS limits count characters).
size_t CharacterCount(std::string_view text);

}  // namespace stepshift::api
