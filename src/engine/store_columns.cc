#include "engine/store_columns.h"

#include <chrono>

#include "base/status_macros.h"

namespace stepshift::engine::internal {

int64_t ToMicros(Time t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

Time FromMicros(int64_t micros) {
  return Time(std::chrono::duration_cast<Duration>(std::chrono::microseconds(micros)));
}

std::optional<std::string> OptionalJson(const json::Value& value) {
  if (value.is_null()) {
    return std::nullopt;
  }
  return json::Serialize(value);
}

Result<json::Value> ParseColumn(const std::optional<std::string>& text) {
  if (!text) {
    return json::Value();
  }
  Result<json::Value> value = json::Parse(*text);
  if (!value.ok()) {
    return Status::Internal("corrupt JSON column in the engine's store: " +
                            value.status().message());
  }
  return value;
}

void BindConfig(store::Statement& stmt, int first, const StateMachineConfig& config) {
  stmt.Bind(first, std::string_view(config.definition))
      .Bind(first + 1, std::string_view(config.role_arn))
      .Bind(first + 2, std::string_view(json::Serialize(config.logging)))
      .Bind(first + 3, std::string_view(json::Serialize(config.tracing)))
      .BindOptional(first + 4, OptionalJson(config.encryption));
}

Result<std::shared_ptr<const StateMachineConfig>> ReadConfig(const store::Statement& stmt,
                                                             int first) {
  auto config = std::make_shared<StateMachineConfig>();
  config->definition = stmt.ColumnText(first);
  config->role_arn = stmt.ColumnText(first + 1);
  ASSIGN_OR_RETURN(config->logging, ParseColumn(stmt.ColumnText(first + 2)));
  ASSIGN_OR_RETURN(config->tracing, ParseColumn(stmt.ColumnText(first + 3)));
  ASSIGN_OR_RETURN(config->encryption, ParseColumn(stmt.ColumnOptionalText(first + 4)));
  return std::shared_ptr<const StateMachineConfig>(std::move(config));
}

}  // namespace stepshift::engine::internal
