#include "api/lambda/lambda_ops.h"

#include <cstdlib>

#include "api/lambda/lambda_wire.h"
#include "base/base64.h"
#include "base/status_macros.h"

namespace stepshift::api::lambda_ops {

namespace {

using lambda_wire::Error;
using lambda_wire::Json;

Result<json::Object> Body(const Call& call) {
  if (call.request.body.empty()) {
    return json::Object();
  }
  Result<json::Value> parsed = json::Parse(call.request.body);
  if (!parsed.ok() || !parsed->is_object()) {
    return Status(StatusCode::kInvalidArgument,
                  "Could not parse request body into json: " +
                      (parsed.ok() ? std::string("not an object") : parsed.status().message()),
                  "InvalidRequestContentException");
  }
  return std::move(parsed->get_object());
}

Result<lambdas::ListRequest> List(const Call& call) {
  lambdas::ListRequest list;
  list.marker = call.target.Query("Marker");
  if (auto max = call.target.Query("MaxItems")) {
    char* end = nullptr;
    long long n = std::strtoll(max->c_str(), &end, 10);
    if (max->empty() || *end != '\0' || n < 1 || n > 10000) {
      return Status(StatusCode::kInvalidArgument,
                    "1 validation error detected: Value '" + *max +
                        "' at 'maxItems' failed to satisfy constraint: Member must have value "
                        "between 1 and 10000",
                    "ValidationException");
    }
    list.max_items = n;
  }
  return list;
}

// Answers `result` as JSON with `status`, or its error.
HttpResponse Answer(const Result<json::Object>& result, int status = 200) {
  return result.ok() ? Json(*result, status) : Error(result.status());
}

HttpResponse Answer(const Status& status) {
  return status.ok() ? lambda_wire::NoContent() : Error(status);
}

template <typename Fn>
HttpResponse WithBody(const Call& call, int status, Fn fn) {
  Result<json::Object> body = Body(call);
  return body.ok() ? Answer(fn(*body), status) : Error(body.status());
}

template <typename Fn>
HttpResponse WithList(const Call& call, Fn fn) {
  Result<lambdas::ListRequest> list = List(call);
  return list.ok() ? Answer(fn(*list)) : Error(list.status());
}

}  // namespace

HttpResponse CreateFunction(const Call& c) {
  return WithBody(c, 201, [&](const json::Object& b) { return c.model->CreateFunction(c.ctx, b); });
}

HttpResponse ListFunctions(const Call& c) {
  return WithList(c,
                  [&](const lambdas::ListRequest& l) { return c.model->ListFunctions(c.ctx, l); });
}

HttpResponse GetFunction(const Call& c) {
  std::string location = "http://" + std::string(c.request.Header("host")) +
                         "/2015-03-31/functions/" + c.function + "/code";
  if (auto q = c.target.Query("Qualifier")) {
    location += "?Qualifier=" + *q;
  }
  return Answer(c.model->GetFunction(c.ctx, c.function, c.target.Query("Qualifier"), location));
}

// Not an AWS operation: where GetFunction's Code.Location points, serving the zip itself.
HttpResponse GetFunctionCodePackage(const Call& c) {
  auto config = c.model->GetFunctionConfiguration(c.ctx, c.function, c.target.Query("Qualifier"));
  if (!config.ok()) {
    return Error(config.status());
  }
  auto zip = c.model->Code(std::string(config->at("CodeSha256").as_string()));
  if (!zip.ok()) {
    return Error(zip.status());
  }
  HttpResponse response;
  response.headers.emplace_back("Content-Type", "application/zip");
  response.body = **zip;
  return response;
}

HttpResponse DeleteFunction(const Call& c) {
  return Answer(c.model->DeleteFunction(c.ctx, c.function, c.target.Query("Qualifier")));
}

HttpResponse GetFunctionConfiguration(const Call& c) {
  return Answer(c.model->GetFunctionConfiguration(c.ctx, c.function, c.target.Query("Qualifier")));
}

HttpResponse UpdateFunctionConfiguration(const Call& c) {
  return WithBody(c, 200, [&](const json::Object& b) {
    return c.model->UpdateFunctionConfiguration(c.ctx, c.function, b);
  });
}

HttpResponse UpdateFunctionCode(const Call& c) {
  return WithBody(c, 200, [&](const json::Object& b) {
    return c.model->UpdateFunctionCode(c.ctx, c.function, b);
  });
}

HttpResponse PublishVersion(const Call& c) {
  return WithBody(
      c, 201, [&](const json::Object& b) { return c.model->PublishVersion(c.ctx, c.function, b); });
}

HttpResponse ListVersionsByFunction(const Call& c) {
  return WithList(c, [&](const lambdas::ListRequest& l) {
    return c.model->ListVersionsByFunction(c.ctx, c.function, l);
  });
}

HttpResponse CreateAlias(const Call& c) {
  return WithBody(
      c, 201, [&](const json::Object& b) { return c.model->CreateAlias(c.ctx, c.function, b); });
}

HttpResponse ListAliases(const Call& c) {
  return WithList(c, [&](const lambdas::ListRequest& l) {
    return c.model->ListAliases(c.ctx, c.function, c.target.Query("FunctionVersion"), l);
  });
}

HttpResponse GetAlias(const Call& c) {
  return Answer(c.model->GetAlias(c.ctx, c.function, c.alias));
}

HttpResponse UpdateAlias(const Call& c) {
  return WithBody(c, 200, [&](const json::Object& b) {
    return c.model->UpdateAlias(c.ctx, c.function, c.alias, b);
  });
}

HttpResponse DeleteAlias(const Call& c) {
  return Answer(c.model->DeleteAlias(c.ctx, c.function, c.alias));
}

HttpResponse PutFunctionConcurrency(const Call& c) {
  return WithBody(c, 200, [&](const json::Object& b) {
    return c.model->PutFunctionConcurrency(c.ctx, c.function, b);
  });
}

HttpResponse TagResource(const Call& c) {
  Result<json::Object> body = Body(c);
  return body.ok() ? Answer(c.model->TagResource(c.ctx, c.function, *body)) : Error(body.status());
}

HttpResponse UntagResource(const Call& c) {
  return Answer(c.model->UntagResource(c.ctx, c.function, c.target.QueryAll("tagKeys")));
}

HttpResponse ListTags(const Call& c) {
  return Answer(c.model->ListTags(c.ctx, c.function));
}

HttpResponse GetFunctionConcurrency(const Call& c) {
  return Answer(c.model->GetFunctionConcurrency(c.ctx, c.function));
}

HttpResponse DeleteFunctionConcurrency(const Call& c) {
  return Answer(c.model->DeleteFunctionConcurrency(c.ctx, c.function));
}

HttpResponse GetAccountSettings(const Call&) {
  json::Object limit{{"TotalCodeSize", int64_t(80530636800)},
                     {"CodeSizeUnzipped", 262144000},
                     {"CodeSizeZipped", 52428800},
                     {"ConcurrentExecutions", 1000},
                     {"UnreservedConcurrentExecutions", 1000}};
  json::Object usage{{"TotalCodeSize", 0}, {"FunctionCount", 0}};
  return Json(json::Object{{"AccountLimit", limit}, {"AccountUsage", usage}});
}

}  // namespace stepshift::api::lambda_ops
