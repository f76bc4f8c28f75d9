// Column codecs shared by the engine's SQLite stores: times as microseconds since the epoch, JSON
// columns, and the five columns of a state machine config.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/json.h"
#include "base/result.h"
#include "engine/control_plane.h"
#include "store/database.h"

namespace stepshift::engine::internal {

int64_t ToMicros(Time t);
Time FromMicros(int64_t micros);
// A JSON value as a nullable column: NULL for null.
std::optional<std::string> OptionalJson(const json::Value& value);
// A stored JSON column (NULL reads as null); the file is ours, so a value that does not parse is
// reported as corruption (Internal).
Result<json::Value> ParseColumn(const std::optional<std::string>& text);
// Binds definition, role, logging, tracing and encryption at `first`..`first`+4.
void BindConfig(store::Statement& stmt, int first, const StateMachineConfig& config);
// Reads what BindConfig wrote, from columns `first`..`first`+4.
Result<std::shared_ptr<const StateMachineConfig>> ReadConfig(const store::Statement& stmt,
                                                             int first);

}  // namespace stepshift::engine::internal
