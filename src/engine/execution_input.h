// The input of StartExecution: any JSON value, checked as AWS checks it. AWS parses inputs with
// Jackson and quotes its message, so the common mistakes are reported in Jackson's words
// (executions fact sheet §1, recorded from AWS).
#pragma once

#include <string_view>

#include "base/json.h"
#include "base/result.h"

namespace stepshift::engine {

// Returns InvalidExecutionInput "Invalid State Machine Execution Input: '<reason>'" when `text`
// is not one JSON value: "Invalid execution input." for an empty text, else Jackson's reason,
// e.g. "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token
// 'null', 'true' or 'false')".
Result<json::Value> ParseExecutionInput(std::string_view text);

}  // namespace stepshift::engine
