// Internals of SfnService: one handler per Step Functions operation, grouped by resource in
// sfn_*_ops.cc. A handler reads and checks its input with a RequestReader, calls the control
// plane and returns the output structure, or a Status whose kind() is the AWS error type.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api/sfn/validation.h"
#include "base/clock.h"
#include "base/json.h"
#include "base/result.h"
#include "engine/control_plane.h"
#include "engine/executions.h"

namespace stepshift::api::sfn {

struct OpContext {
  engine::ControlPlane* plane;
  engine::Executions* executions;
  engine::CallContext call;
};

using Handler = Result<json::Value> (*)(const OpContext&, RequestReader&);
// Receives the output (or error) of an operation that answers later; callable from any thread.
using Answer = std::function<void(Result<json::Value>)>;
using AsyncHandler = void (*)(const OpContext&, RequestReader&, Answer);

// State machines (sfn_state_machine_ops.cc).
Result<json::Value> CreateStateMachine(const OpContext& ctx, RequestReader& in);
Result<json::Value> DescribeStateMachine(const OpContext& ctx, RequestReader& in);
Result<json::Value> UpdateStateMachine(const OpContext& ctx, RequestReader& in);
Result<json::Value> DeleteStateMachine(const OpContext& ctx, RequestReader& in);
Result<json::Value> ListStateMachines(const OpContext& ctx, RequestReader& in);
Result<json::Value> ValidateStateMachineDefinition(const OpContext& ctx, RequestReader& in);

// Versions (sfn_version_ops.cc).
Result<json::Value> PublishStateMachineVersion(const OpContext& ctx, RequestReader& in);
Result<json::Value> ListStateMachineVersions(const OpContext& ctx, RequestReader& in);
Result<json::Value> DeleteStateMachineVersion(const OpContext& ctx, RequestReader& in);

// Aliases (sfn_alias_ops.cc).
Result<json::Value> CreateStateMachineAlias(const OpContext& ctx, RequestReader& in);
Result<json::Value> DescribeStateMachineAlias(const OpContext& ctx, RequestReader& in);
Result<json::Value> UpdateStateMachineAlias(const OpContext& ctx, RequestReader& in);
Result<json::Value> ListStateMachineAliases(const OpContext& ctx, RequestReader& in);
Result<json::Value> DeleteStateMachineAlias(const OpContext& ctx, RequestReader& in);

// Executions (sfn_execution_ops.cc).
Result<json::Value> StartExecution(const OpContext& ctx, RequestReader& in);
// Answers once the Express execution has ended.
void StartSyncExecution(const OpContext& ctx, RequestReader& in, Answer answer);
Result<json::Value> DescribeExecution(const OpContext& ctx, RequestReader& in);
Result<json::Value> ListExecutions(const OpContext& ctx, RequestReader& in);
Result<json::Value> GetExecutionHistory(const OpContext& ctx, RequestReader& in);
Result<json::Value> StopExecution(const OpContext& ctx, RequestReader& in);
Result<json::Value> RedriveExecution(const OpContext& ctx, RequestReader& in);
Result<json::Value> DescribeStateMachineForExecution(const OpContext& ctx, RequestReader& in);

// Map runs (sfn_map_run_ops.cc).
Result<json::Value> DescribeMapRun(const OpContext& ctx, RequestReader& in);
Result<json::Value> ListMapRuns(const OpContext& ctx, RequestReader& in);
Result<json::Value> UpdateMapRun(const OpContext& ctx, RequestReader& in);

// TestState (sfn_test_state_ops.cc): answers at once unless a Task without a mock runs.
void TestState(const OpContext& ctx, RequestReader& in, Answer answer);

// Activities and task answers (sfn_activity_ops.cc).
Result<json::Value> CreateActivity(const OpContext& ctx, RequestReader& in);
Result<json::Value> DescribeActivity(const OpContext& ctx, RequestReader& in);
Result<json::Value> ListActivities(const OpContext& ctx, RequestReader& in);
Result<json::Value> DeleteActivity(const OpContext& ctx, RequestReader& in);
// Answers when a task comes or after the poll's 60 seconds.
void GetActivityTask(const OpContext& ctx, RequestReader& in, Answer answer);
Result<json::Value> SendTaskSuccess(const OpContext& ctx, RequestReader& in);
Result<json::Value> SendTaskFailure(const OpContext& ctx, RequestReader& in);
Result<json::Value> SendTaskHeartbeat(const OpContext& ctx, RequestReader& in);

// Tags (sfn_tag_ops.cc).
Result<json::Value> TagResource(const OpContext& ctx, RequestReader& in);
Result<json::Value> UntagResource(const OpContext& ctx, RequestReader& in);
Result<json::Value> ListTagsForResource(const OpContext& ctx, RequestReader& in);

// Shared shapes and encodings (sfn_codec.cc).
inline const StringShape kArnShape{.required = true, .min = 1, .max = 256};
inline const StringShape kLongArnShape{.required = true, .min = 1, .max = 2000};  // map runs
inline const StringShape kDescriptionShape{.max = 256, .sensitive = true};
inline const StringShape kNextTokenShape{.min = 1, .max = 1024};
inline const IntegerShape kMaxResultsShape{.min = 0, .max = 1000};

// Epoch seconds with milliseconds, as AWS's JSON protocols send timestamps.
json::Value Timestamp(Time t);
// Reads maxResults and nextToken.
engine::PageRequest ReadPage(RequestReader& in);
// {"<list_name>": [{"<arn_name>": …, "creationDate": …}], "nextToken"?: …}
json::Value ArnItemPage(const engine::Page<engine::ArnItem>& page, std::string_view list_name,
                        std::string_view arn_name);
// Reads a routingConfiguration list (1-2 items, weights 0-100) at `name`.
std::optional<std::vector<engine::RoutingEntry>> ReadRouting(RequestReader& in, bool required);
json::Value EncodeRouting(const std::vector<engine::RoutingEntry>& routing);
// Reads the optional `tags` list and `encryptionConfiguration` of a Create* request.
engine::Tags ReadTags(RequestReader& in);
std::optional<json::Value> ReadEncryption(RequestReader& in);

}  // namespace stepshift::api::sfn
