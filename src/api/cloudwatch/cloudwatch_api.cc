#include "api/cloudwatch/cloudwatch_api.h"

#include <algorithm>
#include <exception>

#include "api/cloudwatch/alarm_json_cache.h"
#include "api/cloudwatch/cbor.h"
#include "api/cloudwatch/cloudwatch_ops.h"
#include "api/cloudwatch/query_codec.h"
#include "api/cloudwatch/sts.h"
#include "api/cloudwatch/wire_errors.h"
#include "api/http/aws_json.h"

namespace stepshift::api {

namespace wire = cloudwatch_wire;

namespace {

constexpr std::string_view kJsonPrefix = "GraniteServiceVersion20100801";
constexpr std::string_view kXmlns = "http://monitoring.amazonaws.com/doc/2010-08-01/";
constexpr std::string_view kCborType = "application/cbor";

Status ProtocolError(std::string kind, std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message), std::move(kind));
}

// Every query-protocol action of CloudWatch and STS (botocore 1.43 models), to tell an action
// serve does not implement (UnknownOperationException naming it) from one that exists nowhere
// (InvalidAction, AWS's answer).
constexpr std::string_view kAwsActions[] = {
    "DeleteAlarmMuteRule", "DeleteAlarms", "DeleteAnomalyDetector", "DeleteDashboards",
    "DeleteInsightRules", "DeleteMetricStream", "DescribeAlarmContributors", "DescribeAlarmHistory",
    "DescribeAlarms", "DescribeAlarmsForMetric", "DescribeAnomalyDetectors", "DescribeInsightRules",
    "DisableAlarmActions", "DisableInsightRules", "EnableAlarmActions", "EnableInsightRules",
    "GetAlarmMuteRule", "GetDashboard", "GetInsightRuleReport", "GetMetricData",
    "GetMetricStatistics", "GetMetricStream", "GetMetricWidgetImage", "GetOTelEnrichment",
    "ListAlarmMuteRules", "ListDashboards", "ListManagedInsightRules", "ListMetricStreams",
    "ListMetrics", "ListTagsForResource", "PutAlarmMuteRule", "PutAnomalyDetector",
    "PutCompositeAlarm", "PutDashboard", "PutInsightRule", "PutManagedInsightRules",
    "PutMetricAlarm", "PutMetricData", "PutMetricStream", "SetAlarmState", "StartMetricStreams",
    "StartOTelEnrichment", "StopMetricStreams", "StopOTelEnrichment", "TagResource",
    "UntagResource",
    // STS
    "AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "AssumeRoot",
    "DecodeAuthorizationMessage", "GetAccessKeyInfo", "GetCallerIdentity",
    "GetDelegatedAccessToken", "GetFederationToken", "GetSessionToken", "GetWebIdentityToken"};

Status UnknownOperation(std::string_view op) {
  return ProtocolError(std::string(kUnknownOperation), UnsupportedOperationMessage(op));
}

Status UnknownAction(std::string_view action) {
  if (std::find(std::begin(kAwsActions), std::end(kAwsActions), action) != std::end(kAwsActions))
    return UnknownOperation(action);
  return ProtocolError("InvalidAction",
                       "The action " + std::string(action) + " is not valid for this web service.");
}

void AddQueryErrorHeader(const wire::WireError& e, HttpResponse* response) {
  response->headers.emplace_back("x-amzn-query-error",
                                 e.code + (e.sender_fault ? ";Sender" : ";Receiver"));
}

HttpResponse JsonFailure(const Status& status) {
  wire::WireError e = wire::ToWireError(status);
  HttpResponse response = JsonError(e.shape, e.message, e.http_status);
  AddQueryErrorHeader(e, &response);
  return response;
}

HttpResponse CborReply(int status, const json::Value& body) {
  HttpResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", kCborType);
  response.headers.emplace_back("smithy-protocol", "rpc-v2-cbor");
  response.body = wire::EncodeCbor(body, &wire::IsTimestampMember);
  return response;
}

HttpResponse CborFailure(const Status& status) {
  wire::WireError e = wire::ToWireError(status);
  HttpResponse response =
      CborReply(e.http_status, json::Object{{"__type", e.shape}, {"message", e.message}});
  AddQueryErrorHeader(e, &response);
  return response;
}

HttpResponse XmlReply(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "text/xml");
  response.body = std::move(body);
  return response;
}

HttpResponse XmlFailure(const Status& status, std::string_view xmlns, const RequestInfo& info) {
  wire::WireError e = wire::ToWireError(status);
  return XmlReply(e.http_status,
                  wire::XmlError(xmlns, e.code, e.message, e.sender_fault, info.request_id));
}

// Parses a JSON body; an empty body is an empty input.
Result<json::Object> JsonInput(const std::string& body) {
  if (body.empty()) {
    return json::Object{};
  }
  Result<json::Value> parsed = json::Parse(body);
  if (!parsed.ok() || !parsed->is_object()) {
    return ProtocolError("SerializationException",
                         "The request body is not a JSON object: " +
                             (parsed.ok() ? std::string("wrong type") : parsed.status().message()));
  }
  return std::move(parsed->as_object());
}

Result<json::Object> CborInput(const std::string& body) {
  if (body.empty()) {
    return json::Object{};
  }
  Result<json::Value> decoded = wire::DecodeCbor(body);
  if (!decoded.ok() || !decoded->is_object()) {
    return ProtocolError("SerializationException", "The request body is not a CBOR map: " +
                                                       (decoded.ok() ? std::string("wrong type")
                                                                     : decoded.status().message()));
  }
  return std::move(decoded->as_object());
}

// Every handler funnels through here: exceptions (allocation failures, library surprises) become
// a 500 in the caller's protocol instead of escaping the module.
template <typename F, typename Fail>
HttpResponse Guarded(F&& body, Fail&& fail) {
  try {
    return body();
  } catch (const std::exception& e) {
    return fail(Status::Internal(std::string("internal error: ") + e.what()));
  }
}

}  // namespace

CloudWatchApi::CloudWatchApi(cloudwatch::CloudWatchModel* model)
    : model_(model), alarm_json_(std::make_unique<wire::AlarmJsonCache>()) {}

CloudWatchApi::~CloudWatchApi() = default;

// DescribeAlarms in awsJson, assembled from cached alarm renderings (see alarm_json_cache.h).
HttpResponse CloudWatchApi::DescribeAlarmsJson(const HttpRequest& request) {
  Result<json::Object> input = JsonInput(request.body);
  if (!input.ok()) {
    return JsonFailure(input.status());
  }
  Result<cloudwatch::DescribeAlarmsRequest> query = wire::ReadDescribeAlarms(*input);
  if (!query.ok()) {
    return JsonFailure(query.status());
  }
  Result<cloudwatch::DescribeAlarmsResult> result = model_->DescribeAlarms(*query);
  if (!result.ok()) {
    return JsonFailure(result.status());
  }
  std::string body = "{\"MetricAlarms\":[";
  body.reserve(700 * (result->metric_alarms.size() + result->composite_alarms.size()) + 64);
  auto append_all = [&](const std::vector<cloudwatch::Alarm>& alarms) {
    for (size_t i = 0; i < alarms.size(); ++i) {
      if (i > 0) {
        body += ',';
      }
      alarm_json_->Append(alarms[i], &body);
    }
  };
  append_all(result->metric_alarms);
  body += "],\"CompositeAlarms\":[";
  append_all(result->composite_alarms);
  body += "]";
  if (result->next_token) {
    body += ",\"NextToken\":" + json::Serialize(json::Value(*result->next_token));
  }
  body += "}";
  HttpResponse response;
  response.headers.emplace_back("Content-Type", "application/x-amz-json-1.0");
  response.body = std::move(body);
  return response;
}

HttpResponse CloudWatchApi::HandleJson(std::string_view target, const HttpRequest& request,
                                       const RequestInfo& info) {
  return Guarded(
      [&]() -> HttpResponse {
        if (!info.denied.ok()) {
          return JsonFailure(info.denied);  // the router refused it (router.h)
        }
        size_t dot = target.find('.');
        std::string_view prefix = target.substr(0, dot);
        std::string_view op = dot == std::string_view::npos ? "" : target.substr(dot + 1);
        if (prefix == kJsonPrefix && op == "DescribeAlarms") {
          return DescribeAlarmsJson(request);
        }
        Result<json::Object> input = JsonInput(request.body);
        if (!input.ok()) {
          return JsonFailure(input.status());
        }
        if (prefix == wire::kStsJsonPrefix && op == "GetCallerIdentity") {
          return JsonResponse(wire::CallerIdentity(info));
        }
        if (prefix != kJsonPrefix || wire::FindOperation(op) == nullptr) {
          return JsonFailure(UnknownOperation(prefix == kJsonPrefix ? op : target));
        }
        Result<json::Object> output = wire::RunOperation(model_, op, *input, info);
        return output.ok() ? JsonResponse(*output) : JsonFailure(output.status());
      },
      JsonFailure);
}

HttpResponse CloudWatchApi::HandleCbor(std::string_view operation, const HttpRequest& request,
                                       const RequestInfo& info) {
  return Guarded(
      [&]() -> HttpResponse {
        if (!info.denied.ok()) {
          return CborFailure(info.denied);
        }
        if (wire::FindOperation(operation) == nullptr) {
          return CborFailure(UnknownOperation(operation));
        }
        Result<json::Object> input = CborInput(request.body);
        if (!input.ok()) {
          return CborFailure(input.status());
        }
        Result<json::Object> output = wire::RunOperation(model_, operation, *input, info);
        return output.ok() ? CborReply(200, *output) : CborFailure(output.status());
      },
      CborFailure);
}

HttpResponse CloudWatchApi::HandleQuery(const HttpRequest& request, const RequestInfo& info) {
  std::string_view xmlns = kXmlns;
  auto fail = [&](const Status& s) { return XmlFailure(s, xmlns, info); };
  return Guarded(
      [&]() -> HttpResponse {
        wire::FormPairs pairs = wire::ParseForm(request.body);
        size_t q = request.target.find('?');
        if (q != std::string::npos) {
          wire::FormPairs more = wire::ParseForm(std::string_view(request.target).substr(q + 1));
          pairs.insert(pairs.end(), more.begin(), more.end());
        }
        std::string action = wire::FormValue(pairs, "Action");
        std::string version = wire::FormValue(pairs, "Version");
        if (action == "GetCallerIdentity" || version == wire::kStsVersion) {
          xmlns = wire::kStsXmlns;
        }
        if (!info.denied.ok()) {
          return fail(info.denied);
        }
        if (xmlns == wire::kStsXmlns) {
          if (action != "GetCallerIdentity") {
            return fail(UnknownAction(action));
          }
          json::Object identity = wire::CallerIdentity(info);
          return XmlReply(200, wire::XmlResponse(action, xmlns, &identity, info.request_id));
        }
        if (action.empty()) {
          return fail(ProtocolError("MissingAction",
                                    "The request must contain the parameter "
                                    "Action."));
        }
        const wire::OperationInfo* op = wire::FindOperation(action);
        if (op == nullptr) {
          return fail(UnknownAction(action));
        }
        Result<json::Object> output =
            wire::RunOperation(model_, action, wire::FormToDocument(pairs), info);
        if (!output.ok()) {
          return fail(output.status());
        }
        return XmlReply(200, wire::XmlResponse(action, xmlns, op->has_output ? &*output : nullptr,
                                               info.request_id));
      },
      fail);
}

}  // namespace stepshift::api
