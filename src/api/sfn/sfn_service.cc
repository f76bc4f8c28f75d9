#include "api/sfn/sfn_service.h"

#include <algorithm>
#include <exception>

#include "api/http/aws_json.h"
#include "api/http/pending_answer.h"
#include "api/sfn/sfn_ops.h"

namespace stepshift::api {

namespace {

struct Operation {
  std::string_view name;
  sfn::Handler handler;
};

// Every operation this service answers, one line each. Anything else is
// UnknownOperationException naming the operation (api/http/aws_json.h).
constexpr Operation kOperations[] = {
    {"CreateActivity", &sfn::CreateActivity},
    {"CreateStateMachine", &sfn::CreateStateMachine},
    {"CreateStateMachineAlias", &sfn::CreateStateMachineAlias},
    {"DeleteActivity", &sfn::DeleteActivity},
    {"DeleteStateMachine", &sfn::DeleteStateMachine},
    {"DeleteStateMachineAlias", &sfn::DeleteStateMachineAlias},
    {"DeleteStateMachineVersion", &sfn::DeleteStateMachineVersion},
    {"DescribeActivity", &sfn::DescribeActivity},
    {"DescribeExecution", &sfn::DescribeExecution},
    {"DescribeMapRun", &sfn::DescribeMapRun},
    {"DescribeStateMachine", &sfn::DescribeStateMachine},
    {"DescribeStateMachineAlias", &sfn::DescribeStateMachineAlias},
    {"DescribeStateMachineForExecution", &sfn::DescribeStateMachineForExecution},
    {"GetExecutionHistory", &sfn::GetExecutionHistory},
    {"ListActivities", &sfn::ListActivities},
    {"ListExecutions", &sfn::ListExecutions},
    {"ListMapRuns", &sfn::ListMapRuns},
    {"ListStateMachineAliases", &sfn::ListStateMachineAliases},
    {"ListStateMachineVersions", &sfn::ListStateMachineVersions},
    {"ListStateMachines", &sfn::ListStateMachines},
    {"ListTagsForResource", &sfn::ListTagsForResource},
    {"PublishStateMachineVersion", &sfn::PublishStateMachineVersion},
    {"SendTaskFailure", &sfn::SendTaskFailure},
    {"SendTaskHeartbeat", &sfn::SendTaskHeartbeat},
    {"SendTaskSuccess", &sfn::SendTaskSuccess},
    {"StartExecution", &sfn::StartExecution},
    {"StopExecution", &sfn::StopExecution},
    {"RedriveExecution", &sfn::RedriveExecution},
    {"TagResource", &sfn::TagResource},
    {"UntagResource", &sfn::UntagResource},
    {"UpdateMapRun", &sfn::UpdateMapRun},
    {"UpdateStateMachine", &sfn::UpdateStateMachine},
    {"UpdateStateMachineAlias", &sfn::UpdateStateMachineAlias},
    {"ValidateStateMachineDefinition", &sfn::ValidateStateMachineDefinition},
};

// Operations that answer later.
struct AsyncOperation {
  std::string_view name;
  sfn::AsyncHandler handler;
};

constexpr AsyncOperation kAsyncOperations[] = {
    {"GetActivityTask", &sfn::GetActivityTask},
    {"StartSyncExecution", &sfn::StartSyncExecution},
    {"TestState", &sfn::TestState},
};

HttpResponse Encode(const Result<json::Value>& output) {
  return output.ok() ? JsonResponse(*output) : JsonError(output.status());
}

engine::CallContext ContextOf(const RequestInfo& info) {
  engine::CallContext ctx;
  if (!info.partition.empty()) {
    ctx.partition = info.partition;
  }
  if (!info.region.empty()) {
    ctx.region = info.region;
  }
  if (!info.account.empty()) {
    ctx.account = info.account;
  }
  return ctx;
}

}  // namespace

SfnService::SfnService(engine::ControlPlane* control_plane, engine::Executions* executions)
    : control_plane_(control_plane), executions_(executions) {}

HttpResponse SfnService::Handle(std::string_view operation, const HttpRequest& request,
                                const RequestInfo& info) {
  if (!info.denied.ok()) {
    return JsonError(info.denied);  // the router refused it (router.h)
  }
  const Operation* op = std::find_if(std::begin(kOperations), std::end(kOperations),
                                     [&](const Operation& o) { return o.name == operation; });
  const AsyncOperation* async_op =
      std::find_if(std::begin(kAsyncOperations), std::end(kAsyncOperations),
                   [&](const AsyncOperation& o) { return o.name == operation; });
  if (op == std::end(kOperations) && async_op == std::end(kAsyncOperations)) {
    return UnknownOperationError(operation);
  }
  sfn::OpContext context{control_plane_, executions_, ContextOf(info)};
  // Nothing below should throw; this keeps a bug (or bad_alloc) from taking the server down and
  // still answers in the protocol's shape.
  try {
    RequestReader reader(request.body);
    if (op != std::end(kOperations)) {
      return Encode(op->handler(context, reader));
    }
    auto pending = std::make_shared<PendingAnswer>();
    async_op->handler(context, reader,
                      [pending](Result<json::Value> output) { pending->Set(Encode(output)); });
    return pending->Response();
  } catch (const std::exception& e) {
    return JsonError("InternalFailure", e.what(), 500);
  }
}

}  // namespace stepshift::api
