// CreateStateMachine, DescribeStateMachine, UpdateStateMachine, DeleteStateMachine,
// ListStateMachines and ValidateStateMachineDefinition.
#include "api/sfn/sfn_ops.h"
#include "asl/diagnostic.h"
#include "asl/parser.h"
#include "base/status_macros.h"

namespace stepshift::api::sfn {

namespace {

const StringShape kNameShape{.required = true, .min = 1, .max = 80};
const StringShape kDefinitionShape{.required = true, .min = 1, .max = 1048576, .sensitive = true};
const StringShape kTypeShape{.enum_values = {"STANDARD", "EXPRESS"}};

// loggingConfiguration with only the members AWS knows; nullopt when absent.
std::optional<json::Value> ReadLogging(RequestReader& in) {
  const std::string path = "loggingConfiguration";
  const json::Object* given = in.Structure(in.root(), path, path);
  if (given == nullptr) {
    return std::nullopt;
  }
  json::Object logging;
  if (auto level = in.String(*given, "level", path + ".level",
                             {.enum_values = {"ALL", "ERROR", "FATAL", "OFF"}})) {
    logging["level"] = *level;
  }
  if (auto include = in.Boolean(*given, "includeExecutionData", path + ".includeExecutionData")) {
    logging["includeExecutionData"] = *include;
  }
  if (const json::Array* list = in.List(*given, "destinations", path + ".destinations", {})) {
    json::Array destinations;
    for (size_t i = 0; i < list->size(); ++i) {
      std::string item_path = path + ".destinations." + std::to_string(i + 1) + ".member";
      const json::Object* item = in.Element(*list, i);
      const json::Object* group = item ? in.Structure(*item, "cloudWatchLogsLogGroup",
                                                      item_path + ".cloudWatchLogsLogGroup")
                                       : nullptr;
      json::Object out_group;
      if (group != nullptr) {
        if (auto arn =
                in.String(*group, "logGroupArn", item_path + ".cloudWatchLogsLogGroup.logGroupArn",
                          {.min = 1, .max = 256})) {
          out_group["logGroupArn"] = *arn;
        }
      }
      destinations.push_back(json::Object{{"cloudWatchLogsLogGroup", std::move(out_group)}});
    }
    logging["destinations"] = std::move(destinations);
  }
  return json::Value(std::move(logging));
}

std::optional<json::Value> ReadTracing(RequestReader& in) {
  const json::Object* given =
      in.Structure(in.root(), "tracingConfiguration", "tracingConfiguration");
  if (given == nullptr) {
    return std::nullopt;
  }
  auto enabled = in.Boolean(*given, "enabled", "tracingConfiguration.enabled");
  return json::Value(json::Object{{"enabled", enabled.value_or(false)}});
}

json::Value EncodeDescription(const engine::StateMachineDescription& d) {
  json::Object out{{"stateMachineArn", d.state_machine_arn},
                   {"name", d.name},
                   {"status", d.status},
                   {"definition", d.config->definition},
                   {"roleArn", d.config->role_arn},
                   {"type", d.type},
                   {"creationDate", Timestamp(d.creation_date)},
                   {"loggingConfiguration", d.config->logging},
                   {"tracingConfiguration", d.config->tracing}};
  if (d.revision_id) {
    out["revisionId"] = *d.revision_id;
  }
  if (d.description) {
    out["description"] = *d.description;
  }
  if (!d.config->encryption.is_null()) {
    out["encryptionConfiguration"] = d.config->encryption;
  }
  return out;
}

}  // namespace

Result<json::Value> CreateStateMachine(const OpContext& ctx, RequestReader& in) {
  engine::CreateStateMachineRequest r;
  r.name = in.String("name", kNameShape).value_or("");
  r.config.definition = in.String("definition", kDefinitionShape).value_or("");
  r.config.role_arn = in.String("roleArn", kArnShape).value_or("");
  r.type = in.String("type", kTypeShape).value_or("STANDARD");
  r.config.logging = ReadLogging(in).value_or(nullptr);
  r.tags = ReadTags(in);
  r.config.tracing = ReadTracing(in).value_or(nullptr);
  r.publish = in.Boolean("publish").value_or(false);
  r.version_description = in.String("versionDescription", kDescriptionShape);
  r.config.encryption = ReadEncryption(in).value_or(nullptr);
  RETURN_IF_ERROR(in.Finish());
  ASSIGN_OR_RETURN(engine::CreateStateMachineResponse created,
                   ctx.plane->CreateStateMachine(ctx.call, r));
  json::Object out{{"stateMachineArn", created.state_machine_arn},
                   {"creationDate", Timestamp(created.creation_date)}};
  if (created.state_machine_version_arn) {
    out["stateMachineVersionArn"] = *created.state_machine_version_arn;
  }
  return json::Value(std::move(out));
}

Result<json::Value> DescribeStateMachine(const OpContext& ctx, RequestReader& in) {
  auto arn = in.String("stateMachineArn", kArnShape);
  in.String("includedData", {.enum_values = {"ALL_DATA", "METADATA_ONLY"}});
  RETURN_IF_ERROR(in.Finish());
  ASSIGN_OR_RETURN(engine::StateMachineDescription d, ctx.plane->DescribeStateMachine(*arn));
  return EncodeDescription(d);
}

Result<json::Value> UpdateStateMachine(const OpContext& ctx, RequestReader& in) {
  engine::UpdateStateMachineRequest r;
  r.state_machine_arn = in.String("stateMachineArn", kArnShape).value_or("");
  StringShape definition_shape = kDefinitionShape;
  definition_shape.required = false;
  r.definition = in.String("definition", definition_shape);
  r.role_arn = in.String("roleArn", {.min = 1, .max = 256});
  r.logging = ReadLogging(in);
  r.tracing = ReadTracing(in);
  r.publish = in.Boolean("publish").value_or(false);
  r.version_description = in.String("versionDescription", kDescriptionShape);
  r.encryption = ReadEncryption(in);
  RETURN_IF_ERROR(in.Finish());
  ASSIGN_OR_RETURN(engine::UpdateStateMachineResponse updated, ctx.plane->UpdateStateMachine(r));
  json::Object out{{"updateDate", Timestamp(updated.update_date)}};
  if (updated.revision_id) {
    out["revisionId"] = *updated.revision_id;
  }
  if (updated.state_machine_version_arn) {
    out["stateMachineVersionArn"] = *updated.state_machine_version_arn;
  }
  return json::Value(std::move(out));
}

Result<json::Value> DeleteStateMachine(const OpContext& ctx, RequestReader& in) {
  auto arn = in.String("stateMachineArn", kArnShape);
  RETURN_IF_ERROR(in.Finish());
  RETURN_IF_ERROR(ctx.plane->DeleteStateMachine(*arn));
  return json::Value(json::Object());
}

Result<json::Value> ListStateMachines(const OpContext& ctx, RequestReader& in) {
  engine::PageRequest page = ReadPage(in);
  RETURN_IF_ERROR(in.Finish());
  ASSIGN_OR_RETURN(engine::Page<engine::StateMachineListItem> listed,
                   ctx.plane->ListStateMachines(ctx.call, page));
  json::Array items;
  for (const engine::StateMachineListItem& item : listed.items) {
    items.push_back(json::Object{{"stateMachineArn", item.state_machine_arn},
                                 {"name", item.name},
                                 {"type", item.type},
                                 {"creationDate", Timestamp(item.creation_date)}});
  }
  json::Object out{{"stateMachines", std::move(items)}};
  if (listed.next_token) {
    out["nextToken"] = *listed.next_token;
  }
  return json::Value(std::move(out));
}

Result<json::Value> ValidateStateMachineDefinition(const OpContext& /*ctx*/, RequestReader& in) {
  auto definition = in.String("definition", kDefinitionShape);
  in.String("type", kTypeShape);
  // The minimum severity reported: ERROR (the default) leaves warnings out.
  std::string severity =
      in.String("severity", {.enum_values = {"ERROR", "WARNING"}}).value_or("ERROR");
  int64_t max_results = in.Integer("maxResults", {.min = 0, .max = 100}).value_or(0);
  RETURN_IF_ERROR(in.Finish());
  std::vector<asl::Diagnostic> found = asl::ValidateDefinition(*definition);
  std::erase_if(found, [&](const asl::Diagnostic& d) {
    return severity == "ERROR" && d.severity != "ERROR";
  });
  size_t limit = max_results == 0 ? 100 : static_cast<size_t>(max_results);
  json::Array diagnostics;
  for (size_t i = 0; i < found.size() && i < limit; ++i) {
    json::Object d{
        {"severity", found[i].severity}, {"code", found[i].code}, {"message", found[i].message}};
    if (!found[i].location.empty()) {
      d["location"] = found[i].location;
    }
    diagnostics.push_back(std::move(d));
  }
  return json::Value(json::Object{{"result", asl::HasErrors(found) ? "FAIL" : "OK"},
                                  {"diagnostics", std::move(diagnostics)},
                                  {"truncated", found.size() > limit}});
}

}  // namespace stepshift::api::sfn
