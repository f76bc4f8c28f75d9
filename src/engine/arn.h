// Step Functions state machine ARNs: parsing the three forms the control plane accepts
// (unqualified, version, alias) and building new ones. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace stepshift::engine {

enum class ArnKind { kStateMachine, kVersion, kAlias };

// `arn:<partition>:states:<region>:<account>:stateMachine:<name>[:<qualifier>]`. A qualifier of
// all digits is a version number, anything else an alias name (alias names always contain a
// non-digit, which is what keeps the two apart).
struct StateMachineArn {
  ArnKind kind = ArnKind::kStateMachine;
  std::string base;       // the unqualified state machine ARN
  std::string name;       // the state machine name
  std::string qualifier;  // version number text or alias name; empty when unqualified
  int64_t version = 0;    // kVersion only
};

// Returns InvalidArn with AWS's wording when `arn` is not a state machine ARN:
// "Invalid Arn: 'Invalid ARN prefix: <arn>'" for a malformed prefix, "Invalid Arn: 'Resource type
// not valid in this context: <type>'" for another Step Functions resource type.
Result<StateMachineArn> ParseStateMachineArn(std::string_view arn);

// Checks an execution ARN (`arn:<partition>:states:<region>:<account>:execution:<sm>:<name>`)
// as DescribeExecution and its kin do: InvalidArn "Invalid ARN prefix: <arn>" when malformed,
// "Resource type not valid in this context: <type>" for any other resource type, Express
// executions (`express:`) included, whose records AWS does not keep.
Status CheckExecutionArn(std::string_view arn);
// The same for a map run ARN
// (`arn:<partition>:states:<region>:<account>:mapRun:<sm>/<label>:<id>`).
Status CheckMapRunArn(std::string_view arn);
// The same for an activity ARN (`arn:<partition>:states:<region>:<account>:activity:<name>`).
Status CheckActivityArn(std::string_view arn);
// Whether a Task's Resource names an activity (arn:<p>:states:<r>:<account>:activity:<name>).
bool IsActivityResource(std::string_view resource);

// The execution ARN for `name` of the state machine `state_machine_arn` (unqualified); for
// Express, `arn:…:express:<sm>:<name>:<run_id>`.
std::string MakeExecutionArn(std::string_view state_machine_arn, std::string_view name,
                             std::string_view express_run_id = "");

std::string MakeStateMachineArn(std::string_view partition, std::string_view region,
                                std::string_view account, std::string_view name);

// Status kind "InvalidArn", message "Invalid Arn: '<detail>'".
Status InvalidArn(std::string_view detail);

// True when `arn` has the general shape arn:<partition>:<service>:<region>:<account>:<resource>
// (used for role ARNs, which belong to IAM and are not looked up).
bool LooksLikeArn(std::string_view arn);

// AWS's rules for state machine names (sfn-api.md §1.3): 1-80 characters, no whitespace, none of
// < > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /, no control characters (U+0000-001F, U+007F-009F),
// no U+FFFE/U+FFFF and valid UTF-8 only.
bool IsValidStateMachineName(std::string_view name);

// Status kind "InvalidName", message "Invalid Name: '<name>'".
Status InvalidName(std::string_view name);

}  // namespace stepshift::engine
