// Definition diagnostics in the shape of ValidateStateMachineDefinition's response items, and the
// InvalidDefinition message CreateStateMachine/UpdateStateMachine return.
#pragma once

#include <string>
#include <vector>

namespace stepshift::asl {

struct Diagnostic {
  std::string severity = "ERROR";  // "ERROR" or "WARNING"
  std::string code;                // SCHEMA_VALIDATION_FAILED, MISSING_TRANSITION_TARGET, ...
  std::string message;
  std::string location;  // "/States/A/Next"; empty when AWS gives none
  // A JSONata syntax error's position in the expression (JSONata's own, a byte offset into the
  // text between "{%" and "%}"), -1 for none. Not in AWS's shape: the CLI prints it.
  int position = -1;
};

namespace codes {
inline constexpr const char* kSchema = "SCHEMA_VALIDATION_FAILED";
inline constexpr const char* kInvalidJson = "INVALID_JSON_DESCRIPTION";
inline constexpr const char* kMissingTransition = "MISSING_TRANSITION_TARGET";
inline constexpr const char* kMissingEnd = "MISSING_END_STATE";
inline constexpr const char* kDuplicateState = "DUPLICATE_STATE_NAME";
inline constexpr const char* kInvalidStateName = "INVALID_STATE_NAME";
inline constexpr const char* kInvalidResource = "INVALID_RESOURCE";
inline constexpr const char* kTooDeep = "TOO_DEEPLY_NESTED";
inline constexpr const char* kInvalidJsonata = "INVALID_JSONATA_EXPRESSION";
inline constexpr const char* kUnsupportedJsonata = "UNSUPPORTED_JSONATA_EXPRESSION";
}  // namespace codes

// "<CODE>: <message> at <location>" as AWS flattens one diagnostic.
std::string FlattenDiagnostic(const Diagnostic& d);

// AWS's InvalidDefinition text: `Invalid State Machine Definition: 'CODE: msg at /loc'`, or for
// several errors `Invalid State Machine Definition: ''A at /x', 'B at /y''`. Warnings are skipped.
std::string FormatInvalidDefinition(const std::vector<Diagnostic>& diagnostics);

bool HasErrors(const std::vector<Diagnostic>& diagnostics);

}  // namespace stepshift::asl
