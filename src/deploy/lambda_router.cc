#include "deploy/lambda_router.h"

#include <cmath>

#include "aws/crypto.h"
#include "base/base64.h"
#include "base/status_macros.h"
#include "deploy/runner.h"

namespace stepshift::deploy {

namespace {

// How long UpdateFunctionCode may stay InProgress before the deployment gives up.
constexpr Duration kUpdateTimeout = std::chrono::minutes(5);
constexpr Duration kUpdatePoll = std::chrono::seconds(1);

// Lambda's not-found is the controller's NotFound (plan.h reads it as "does not exist"); a stale
// RevisionId is a lost race.
Status Mapped(const Status& status, const std::string& what) {
  if (status.kind() == "ResourceNotFoundException")
    return Status::NotFound(what + " does not exist (" + status.message() + ")");
  if (status.kind() == "PreconditionFailedException") {
    return Status::FailedPrecondition(what + " was changed by someone else since it was read (" +
                                      status.message() + "); nothing changed");
  }
  return status;
}

template <typename T>
Result<T> Mapped(Result<T> result, const std::string& what) {
  if (result.ok())
    return result;
  return Mapped(result.status(), what);
}

// "arn:…:function:f:live" -> {"arn:…:function:f", "live"}.
std::pair<std::string, std::string> SplitQualifier(const std::string& arn) {
  const size_t colon = arn.rfind(':');
  return {arn.substr(0, colon), arn.substr(colon + 1)};
}

bool IsQualified(const std::string& arn) {
  // arn:aws:lambda:region:account:function:name[:qualifier]
  return std::count(arn.begin(), arn.end(), ':') >= 7;
}

// The controller's revision of a configuration: "CODESHA256#DIGEST", DIGEST covering what
// PublishVersion snapshots besides the code (environment, memory, timeout, handler, runtime,
// layers, role, ...). Left out: what differs between $LATEST and its versions or from one read to
// the next, and Description (a version's is PublishVersion's own). '#' is not in base64, so
// the CodeSha256 is the text before it.
std::string Revision(const aws::LambdaFunctionInfo& info) {
  json::Object config = info.raw.is_object() ? info.raw.get_object() : json::Object();
  for (const char* volatile_member :
       {"FunctionArn", "Version", "RevisionId", "LastModified", "Description", "State",
        "StateReason", "StateReasonCode", "LastUpdateStatus", "LastUpdateStatusReason",
        "LastUpdateStatusReasonCode", "MasterArn", "RuntimeVersionConfig"}) {
    config.erase(volatile_member);
  }
  // SnapStart's OptimizationStatus is "Off" on $LATEST and "On" on its versions.
  if (json::Value* snap = config.if_contains("SnapStart"); snap && snap->is_object())
    snap->get_object().erase("OptimizationStatus");
  return info.code_sha256 + "#" + aws::Sha256Hex(json::SerializeSorted(config));
}

std::string CodeOf(const std::string& revision) {
  return revision.substr(0, revision.find('#'));
}

std::string HexToBytes(const std::string& hex) {
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    bytes.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return bytes;
}

}  // namespace

std::string ZipSha256(const std::string& zip) {
  return Base64Encode(HexToBytes(aws::Sha256Hex(zip)));
}

Routing RoutingFromLambda(const std::string& function_arn, const aws::LambdaAliasInfo& alias) {
  int additional = 0;
  Routing rest;
  for (const auto& [version, weight] : alias.additional_weights) {
    const int percent = static_cast<int>(std::lround(weight * 100));
    additional += percent;
    rest.push_back({function_arn + ":" + version, percent});
  }
  Routing routing = {{function_arn + ":" + alias.function_version, 100 - additional}};
  routing.insert(routing.end(), rest.begin(), rest.end());
  return routing;
}

aws::LambdaAliasUpdate LambdaUpdateFor(const Routing& routing) {
  aws::LambdaAliasUpdate update;
  std::map<std::string, double> additional;
  for (const aws::RoutingEntry& e : routing) {
    if (e.weight <= 0)
      continue;
    // The first version with traffic is the primary; Lambda takes the rest as fractions.
    if (!update.function_version)
      update.function_version = VersionNumber(e.version_arn);
    else
      additional[VersionNumber(e.version_arn)] = e.weight / 100.0;
  }
  update.additional_weights = additional;  // empty: clears the routing
  return update;
}

LambdaRouter::LambdaRouter(const aws::ClientConfig& config, std::string function, std::string alias,
                           std::string zip, Clock* clock)
    : lambda_(config),
      cloudwatch_(config),
      function_(std::move(function)),
      alias_(std::move(alias)),
      zip_(std::move(zip)),
      clock_(clock) {}

Result<std::string> LambdaRouter::ResolveTarget() {
  ASSIGN_OR_RETURN(aws::LambdaFunctionInfo info, Mapped(lambda_.GetFunctionConfiguration(function_),
                                                        "Lambda function " + function_));
  function_arn_ = IsQualified(info.arn) ? SplitQualifier(info.arn).first : info.arn;
  return function_arn_;
}

Result<std::string> LambdaRouter::AccountId() {
  ASSIGN_OR_RETURN(std::string arn, ResolveTarget());
  // arn:aws:lambda:region:ACCOUNT:function:name
  size_t start = 0;
  for (int i = 0; i < 4; ++i)
    start = arn.find(':', start) + 1;
  return arn.substr(start, arn.find(':', start) - start);
}

Result<aws::StateMachineInfo> LambdaRouter::DescribeStateMachine(const std::string& arn) {
  std::string function = arn, qualifier;
  if (IsQualified(arn))
    std::tie(function, qualifier) = SplitQualifier(arn);
  ASSIGN_OR_RETURN(
      aws::LambdaFunctionInfo info,
      Mapped(lambda_.GetFunctionConfiguration(function, qualifier), "Lambda function " + arn));
  aws::StateMachineInfo out;
  out.arn = arn;
  out.name = info.name;
  out.definition = info.code_sha256;
  out.revision_id = Revision(info);
  out.role_arn = info.role;
  out.description = info.description;
  out.raw = info.raw;
  return out;
}

Status LambdaRouter::WaitUntilUpdated(const std::string& function_arn) {
  const Time deadline = clock_->Now() + kUpdateTimeout;
  while (true) {
    ASSIGN_OR_RETURN(aws::LambdaFunctionInfo info, lambda_.GetFunctionConfiguration(function_arn));
    const json::Value* status =
        info.raw.is_object() ? json::Find(info.raw.as_object(), "LastUpdateStatus") : nullptr;
    const std::string value =
        status && status->is_string() ? std::string(status->as_string()) : "Successful";
    if (value == "Successful")
      return Status::Ok();
    if (value == "Failed") {
      const json::Value* reason = json::Find(info.raw.as_object(), "LastUpdateStatusReason");
      return Status::FailedPrecondition(
          "UpdateFunctionCode failed: " +
          (reason && reason->is_string() ? std::string(reason->as_string()) : "(no reason)"));
    }
    if (clock_->Now() >= deadline)
      return Status::Unavailable("function code update still " + value + " after 5 minutes");
    clock_->SleepUntil(clock_->Now() + kUpdatePoll);
  }
}

Result<aws::WriteResult> LambdaRouter::UpdateStateMachine(
    const aws::UpdateStateMachineRequest& request) {
  const std::string& arn = request.state_machine_arn;
  ASSIGN_OR_RETURN(aws::LambdaFunctionInfo updated,
                   Mapped(lambda_.UpdateFunctionCode(arn, zip_), "Lambda function " + arn));
  RETURN_IF_ERROR(WaitUntilUpdated(arn));
  return PublishVersion(arn, updated.code_sha256, request.version_description);
}

Result<aws::WriteResult> LambdaRouter::PublishVersion(const std::string& function_arn,
                                                      const std::string& revision,
                                                      const std::string& description) {
  // Lambda answers a $LATEST whose code and configuration are the newest version's with that
  // version (no copy), as Step Functions answers an unchanged revision. The CodeSha256 guard
  // refuses code someone else uploaded since `revision` was read.
  ASSIGN_OR_RETURN(aws::LambdaFunctionInfo version,
                   Mapped(lambda_.PublishVersion(function_arn, CodeOf(revision), description),
                          "Lambda function " + function_arn));
  aws::WriteResult out;
  out.arn = function_arn;
  out.version_arn = function_arn + ":" + version.version;
  out.revision_id = Revision(version);
  return out;
}

Result<std::vector<std::string>> LambdaRouter::ListVersions(const std::string& function_arn) {
  ASSIGN_OR_RETURN(std::vector<aws::LambdaFunctionInfo> listed,
                   Mapped(lambda_.ListVersions(function_arn), "Lambda function " + function_arn));
  std::vector<std::pair<long, std::string>> numbered;
  for (const aws::LambdaFunctionInfo& v : listed) {
    if (v.version != "$LATEST")
      numbered.push_back({std::stol(v.version), function_arn + ":" + v.version});
  }
  std::sort(numbered.rbegin(), numbered.rend());  // newest first
  std::vector<std::string> arns;
  for (auto& [number, arn] : numbered)
    arns.push_back(std::move(arn));
  return arns;
}

Status LambdaRouter::DeleteVersion(const std::string& version_arn) {
  auto [function, version] = SplitQualifier(version_arn);
  return lambda_.DeleteFunction(function, version);
}

Result<std::vector<std::string>> LambdaRouter::ListAliases(const std::string& function_arn) {
  ASSIGN_OR_RETURN(std::vector<aws::LambdaAliasInfo> listed, lambda_.ListAliases(function_arn));
  std::vector<std::string> arns;
  for (const aws::LambdaAliasInfo& a : listed)
    arns.push_back(function_arn + ":" + a.name);
  return arns;
}

Result<aws::AliasInfo> LambdaRouter::DescribeAlias(const std::string& alias_arn) {
  auto [function, name] = SplitQualifier(alias_arn);
  ASSIGN_OR_RETURN(aws::LambdaAliasInfo alias,
                   Mapped(lambda_.GetAlias(function, name), "alias " + alias_arn));
  revisions_[alias_arn] = alias.revision_id;
  aws::AliasInfo out;
  out.arn = alias_arn;
  out.name = name;
  out.description = alias.description;
  out.routing = RoutingFromLambda(function, alias);
  return out;
}

Status LambdaRouter::CreateAlias(const std::string& function_arn, const std::string& name,
                                 const Routing& routing) {
  const std::string version = VersionNumber(routing.at(0).version_arn);
  auto created = lambda_.CreateAlias(function_arn, name, version, "");
  if (!created.ok() && created.status().kind() == "ResourceConflictException")
    return Status(StatusCode::kAlreadyExists, created.status().message(), "ConflictException");
  RETURN_IF_ERROR(created.status());
  revisions_[function_arn + ":" + name] = created->revision_id;
  return Status::Ok();
}

Status LambdaRouter::UpdateAlias(const std::string& alias_arn,
                                 const std::optional<Routing>& routing,
                                 const std::optional<std::string>& description) {
  auto [function, name] = SplitQualifier(alias_arn);
  aws::LambdaAliasUpdate update;
  if (routing)
    update = LambdaUpdateFor(*routing);
  update.description = description;
  update.revision_id = revisions_[alias_arn];
  ASSIGN_OR_RETURN(aws::LambdaAliasInfo written,
                   Mapped(lambda_.UpdateAlias(function, name, update), "alias " + alias_arn));
  revisions_[alias_arn] = written.revision_id;
  return Status::Ok();
}

Result<std::string> LambdaRouter::GetTag(const std::string& function_arn, const std::string& key) {
  ASSIGN_OR_RETURN(auto tags, lambda_.ListTags(function_arn));
  auto it = tags.find(key);
  return it == tags.end() ? std::string() : it->second;
}

Status LambdaRouter::SetTag(const std::string& function_arn, const std::string& key,
                            const std::string& value) {
  return lambda_.TagResource(function_arn, key, value);
}

Result<std::vector<aws::AlarmInfo>> LambdaRouter::DescribeAlarms(
    const std::vector<std::string>& names) {
  aws::DescribeAlarmsRequest request;
  request.alarm_names = names;
  return cloudwatch_.DescribeAlarms(request);
}

}  // namespace stepshift::deploy
