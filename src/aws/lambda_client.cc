#include "aws/lambda_client.h"

#include "aws/json_protocol.h"
#include "aws/url.h"
#include "base/base64.h"
#include "base/status_macros.h"

namespace stepshift::aws {

namespace {

std::string Text(const json::Value& v, std::string_view key) {
  const json::Value* m = v.is_object() ? json::Find(v.get_object(), key) : nullptr;
  return m && m->is_string() ? std::string(m->get_string()) : "";
}

LambdaFunctionInfo FunctionFrom(json::Value raw) {
  LambdaFunctionInfo f;
  f.name = Text(raw, "FunctionName");
  f.arn = Text(raw, "FunctionArn");
  f.version = Text(raw, "Version");
  f.code_sha256 = Text(raw, "CodeSha256");
  f.revision_id = Text(raw, "RevisionId");
  f.role = Text(raw, "Role");
  f.description = Text(raw, "Description");
  const json::Value* dlq =
      raw.is_object() ? json::Find(raw.get_object(), "DeadLetterConfig") : nullptr;
  if (dlq) {
    f.dead_letter_target = Text(*dlq, "TargetArn");
  }
  f.raw = std::move(raw);
  return f;
}

LambdaAliasInfo AliasFrom(const json::Value& raw) {
  LambdaAliasInfo a;
  a.arn = Text(raw, "AliasArn");
  a.name = Text(raw, "Name");
  a.function_version = Text(raw, "FunctionVersion");
  a.description = Text(raw, "Description");
  a.revision_id = Text(raw, "RevisionId");
  const json::Value* routing =
      raw.is_object() ? json::Find(raw.get_object(), "RoutingConfig") : nullptr;
  const json::Value* weights = routing && routing->is_object()
                                   ? json::Find(routing->get_object(), "AdditionalVersionWeights")
                                   : nullptr;
  if (weights && weights->is_object()) {
    for (const auto& [version, weight] : weights->get_object()) {
      if (weight.is_number()) {
        a.additional_weights[std::string(version)] = weight.to_number<double>();
      }
    }
  }
  return a;
}

json::Object Weights(const std::map<std::string, double>& weights) {
  json::Object out;
  for (const auto& [version, weight] : weights) {
    out[version] = weight;
  }
  return json::Object{{"AdditionalVersionWeights", std::move(out)}};
}

std::string FunctionPath(const std::string& function) {
  return "/2015-03-31/functions/" + UriEncode(function);
}

}  // namespace

LambdaClient::LambdaClient(const ClientConfig& config)
    : LambdaClient(ContextFor(config, Service::kLambda)) {}

LambdaClient::LambdaClient(ServiceContext context) : caller_(std::move(context)) {}

Result<HttpResponse> LambdaClient::Send(std::string_view method, const std::string& path,
                                        const std::string& body) {
  Headers headers;
  if (!body.empty()) {
    SetHeader(&headers, "Content-Type", "application/json");
  }
  return caller_.Send(method, path, headers, body, ParseJsonError);
}

Result<json::Value> LambdaClient::CallJson(std::string_view method, const std::string& path,
                                           const json::Value& body) {
  ASSIGN_OR_RETURN(HttpResponse response,
                   Send(method, path, body.is_null() ? "" : json::Serialize(body)));
  if (response.body.empty()) {
    return json::Value(json::Object());
  }
  return json::Parse(response.body);
}

Result<LambdaFunctionInfo> LambdaClient::GetFunctionConfiguration(const std::string& function,
                                                                  const std::string& qualifier) {
  std::string path = FunctionPath(function) + "/configuration";
  if (!qualifier.empty()) {
    path += "?Qualifier=" + UriEncode(qualifier);
  }
  ASSIGN_OR_RETURN(json::Value raw, CallJson("GET", path, json::Value()));
  return FunctionFrom(std::move(raw));
}

Result<LambdaFunctionInfo> LambdaClient::UpdateFunctionCode(const std::string& function,
                                                            const std::string& zip,
                                                            const std::string& revision_id) {
  json::Object body{{"ZipFile", Base64Encode(zip)}};
  if (!revision_id.empty()) {
    body["RevisionId"] = revision_id;
  }
  ASSIGN_OR_RETURN(json::Value raw, CallJson("PUT", FunctionPath(function) + "/code", body));
  return FunctionFrom(std::move(raw));
}

Result<LambdaFunctionInfo> LambdaClient::PublishVersion(const std::string& function,
                                                        const std::string& code_sha256,
                                                        const std::string& description,
                                                        const std::string& revision_id) {
  json::Object body;
  if (!code_sha256.empty()) {
    body["CodeSha256"] = code_sha256;
  }
  if (!description.empty()) {
    body["Description"] = description;
  }
  if (!revision_id.empty()) {
    body["RevisionId"] = revision_id;
  }
  ASSIGN_OR_RETURN(json::Value raw, CallJson("POST", FunctionPath(function) + "/versions", body));
  return FunctionFrom(std::move(raw));
}

Result<std::vector<LambdaFunctionInfo>> LambdaClient::ListVersions(const std::string& function) {
  std::vector<LambdaFunctionInfo> out;
  std::string marker;
  do {
    std::string path = FunctionPath(function) + "/versions?MaxItems=50";
    if (!marker.empty()) {
      path += "&Marker=" + UriEncode(marker);
    }
    ASSIGN_OR_RETURN(json::Value page, CallJson("GET", path, json::Value()));
    const json::Value* versions = json::Find(page.as_object(), "Versions");
    if (versions && versions->is_array()) {
      for (const json::Value& v : versions->get_array()) {
        out.push_back(FunctionFrom(v));
      }
    }
    marker = Text(page, "NextMarker");
  } while (!marker.empty());
  return out;
}

Status LambdaClient::DeleteFunction(const std::string& function, const std::string& qualifier) {
  std::string path = FunctionPath(function);
  if (!qualifier.empty()) {
    path += "?Qualifier=" + UriEncode(qualifier);
  }
  return Send("DELETE", path, "").status();
}

Result<LambdaAliasInfo> LambdaClient::GetAlias(const std::string& function,
                                               const std::string& alias) {
  ASSIGN_OR_RETURN(
      json::Value raw,
      CallJson("GET", FunctionPath(function) + "/aliases/" + UriEncode(alias), json::Value()));
  return AliasFrom(raw);
}

Result<LambdaFunctionInfo> LambdaClient::CreateFunction(const json::Object& request) {
  ASSIGN_OR_RETURN(json::Value raw, CallJson("POST", "/2015-03-31/functions", request));
  return FunctionFrom(std::move(raw));
}

Result<LambdaFunctionInfo> LambdaClient::UpdateFunctionConfiguration(const std::string& function,
                                                                     const json::Object& request) {
  ASSIGN_OR_RETURN(json::Value raw,
                   CallJson("PUT", FunctionPath(function) + "/configuration", request));
  return FunctionFrom(std::move(raw));
}

Result<std::map<std::string, std::string>> LambdaClient::ListTags(const std::string& function_arn) {
  ASSIGN_OR_RETURN(json::Value raw,
                   CallJson("GET", "/2017-03-31/tags/" + UriEncode(function_arn), json::Value()));
  std::map<std::string, std::string> tags;
  const json::Value* found = raw.is_object() ? json::Find(raw.get_object(), "Tags") : nullptr;
  if (found && found->is_object()) {
    for (const auto& [key, value] : found->get_object()) {
      if (value.is_string())
        tags[std::string(key)] = std::string(value.get_string());
    }
  }
  return tags;
}

Status LambdaClient::TagResource(const std::string& function_arn, const std::string& key,
                                 const std::string& value) {
  json::Object body{{"Tags", json::Object{{key, value}}}};
  return CallJson("POST", "/2017-03-31/tags/" + UriEncode(function_arn), body).status();
}

Result<std::vector<LambdaAliasInfo>> LambdaClient::ListAliases(const std::string& function) {
  std::vector<LambdaAliasInfo> out;
  std::string marker;
  do {
    std::string path = FunctionPath(function) + "/aliases?MaxItems=50";
    if (!marker.empty()) {
      path += "&Marker=" + UriEncode(marker);
    }
    ASSIGN_OR_RETURN(json::Value page, CallJson("GET", path, json::Value()));
    const json::Value* aliases = json::Find(page.as_object(), "Aliases");
    if (aliases && aliases->is_array()) {
      for (const json::Value& a : aliases->get_array()) {
        out.push_back(AliasFrom(a));
      }
    }
    marker = Text(page, "NextMarker");
  } while (!marker.empty());
  return out;
}

Result<LambdaAliasInfo> LambdaClient::CreateAlias(const std::string& function,
                                                  const std::string& alias,
                                                  const std::string& version,
                                                  const std::string& description) {
  json::Object body{{"Name", alias}, {"FunctionVersion", version}};
  if (!description.empty()) {
    body["Description"] = description;
  }
  ASSIGN_OR_RETURN(json::Value raw, CallJson("POST", FunctionPath(function) + "/aliases", body));
  return AliasFrom(raw);
}

Result<LambdaAliasInfo> LambdaClient::UpdateAlias(const std::string& function,
                                                  const std::string& alias,
                                                  const LambdaAliasUpdate& update) {
  json::Object body;
  if (update.function_version) {
    body["FunctionVersion"] = *update.function_version;
  }
  if (update.description) {
    body["Description"] = *update.description;
  }
  if (update.additional_weights) {
    body["RoutingConfig"] = Weights(*update.additional_weights);
  }
  if (!update.revision_id.empty()) {
    body["RevisionId"] = update.revision_id;
  }
  ASSIGN_OR_RETURN(json::Value raw,
                   CallJson("PUT", FunctionPath(function) + "/aliases/" + UriEncode(alias), body));
  return AliasFrom(raw);
}

Result<LambdaInvokeResult> LambdaClient::Invoke(const std::string& function,
                                                const std::string& qualifier,
                                                const std::string& payload) {
  std::string path = FunctionPath(function) + "/invocations";
  if (!qualifier.empty()) {
    path += "?Qualifier=" + UriEncode(qualifier);
  }
  ASSIGN_OR_RETURN(HttpResponse response, Send("POST", path, payload));
  LambdaInvokeResult result;
  result.status = response.status;
  result.executed_version = std::string(response.Header("x-amz-executed-version"));
  if (std::string_view error = response.Header("x-amz-function-error"); !error.empty()) {
    result.function_error = std::string(error);
  }
  result.payload = std::move(response.body);
  return result;
}

}  // namespace stepshift::aws
