// JSON helpers over Boost.JSON that never throw: parse failures come back as a Status.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "base/result.h"

namespace stepshift::json {

using Value = boost::json::value;
using Object = boost::json::object;
using Array = boost::json::array;

// Parses one JSON text. Returns InvalidArgument with the parser's reason on malformed input.
Result<Value> Parse(std::string_view text);

std::string Serialize(const Value& value);

// Serialize with every object's members in key order: equal for two documents that differ only
// in member order, as AWS may list them. For comparing documents, not for sending them.
std::string SerializeSorted(const Value& value);

// Member lookup that returns nullptr when absent.
const Value* Find(const Object& object, std::string_view key);

}  // namespace stepshift::json
