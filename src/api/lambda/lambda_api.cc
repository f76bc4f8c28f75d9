#include "api/lambda/lambda_api.h"

#include <exception>

#include "api/lambda/lambda_ops.h"
#include "api/lambda/lambda_wire.h"

namespace stepshift::api {

namespace {

struct Route {
  std::string_view method;
  std::string_view version;  // the API date that prefixes the path
  std::string_view pattern;  // "{}" is a path member: the function name, then the alias name
  lambda_ops::Handler handler;
};

constexpr Route kRoutes[] = {
    {"POST", "2015-03-31", "functions", &lambda_ops::CreateFunction},
    {"GET", "2015-03-31", "functions", &lambda_ops::ListFunctions},
    {"GET", "2015-03-31", "functions/{}", &lambda_ops::GetFunction},
    {"DELETE", "2015-03-31", "functions/{}", &lambda_ops::DeleteFunction},
    {"GET", "2015-03-31", "functions/{}/code", &lambda_ops::GetFunctionCodePackage},
    {"PUT", "2015-03-31", "functions/{}/code", &lambda_ops::UpdateFunctionCode},
    {"GET", "2015-03-31", "functions/{}/configuration", &lambda_ops::GetFunctionConfiguration},
    {"PUT", "2015-03-31", "functions/{}/configuration", &lambda_ops::UpdateFunctionConfiguration},
    {"POST", "2015-03-31", "functions/{}/versions", &lambda_ops::PublishVersion},
    {"GET", "2015-03-31", "functions/{}/versions", &lambda_ops::ListVersionsByFunction},
    {"POST", "2015-03-31", "functions/{}/aliases", &lambda_ops::CreateAlias},
    {"GET", "2015-03-31", "functions/{}/aliases", &lambda_ops::ListAliases},
    {"GET", "2015-03-31", "functions/{}/aliases/{}", &lambda_ops::GetAlias},
    {"PUT", "2015-03-31", "functions/{}/aliases/{}", &lambda_ops::UpdateAlias},
    {"DELETE", "2015-03-31", "functions/{}/aliases/{}", &lambda_ops::DeleteAlias},
    {"POST", "2015-03-31", "functions/{}/invocations", &lambda_ops::Invoke},
    {"PUT", "2017-10-31", "functions/{}/concurrency", &lambda_ops::PutFunctionConcurrency},
    {"DELETE", "2017-10-31", "functions/{}/concurrency", &lambda_ops::DeleteFunctionConcurrency},
    {"GET", "2019-09-30", "functions/{}/concurrency", &lambda_ops::GetFunctionConcurrency},
    {"GET", "2016-08-19", "account-settings", &lambda_ops::GetAccountSettings},
    {"POST", "2017-03-31", "tags/{}", &lambda_ops::TagResource},
    {"DELETE", "2017-03-31", "tags/{}", &lambda_ops::UntagResource},
    {"GET", "2017-03-31", "tags/{}", &lambda_ops::ListTags},
};

// Matches `segments` (after the API date) against `pattern`, collecting the "{}" members.
bool Matches(std::string_view pattern, const std::vector<std::string>& segments,
             std::vector<std::string>* members) {
  size_t i = 1;
  for (size_t at = 0; at <= pattern.size(); ++i) {
    size_t next = pattern.find('/', at);
    std::string_view part = pattern.substr(at, next - at);
    if (i >= segments.size() || (part != "{}" && part != segments[i])) {
      return false;
    }
    if (part == "{}") {
      members->push_back(segments[i]);
    }
    at = next == std::string_view::npos ? pattern.size() + 1 : next + 1;
  }
  return i == segments.size();
}

lambdas::CallContext ContextOf(const RequestInfo& info) {
  lambdas::CallContext ctx;
  ctx.partition = info.partition.empty() ? ctx.partition : info.partition;
  ctx.region = info.region.empty() ? ctx.region : info.region;
  ctx.account = info.account.empty() ? ctx.account : info.account;
  return ctx;
}

}  // namespace

LambdaApi::LambdaApi(lambdas::LambdaModel* model, lambdas::Invoker* invoker)
    : model_(model), invoker_(invoker) {}

HttpResponse LambdaApi::Handle(const HttpRequest& request, const RequestInfo& info) {
  if (!info.denied.ok()) {
    return lambda_wire::Error(info.denied);  // the router refused it (router.h)
  }
  RestTarget target = ParseRestTarget(request.target);
  for (const Route& route : kRoutes) {
    std::vector<std::string> members;
    if (route.method != request.method || target.segments.empty() ||
        target.segments[0] != route.version || !Matches(route.pattern, target.segments, &members)) {
      continue;
    }
    lambda_ops::Call call{model_,
                          invoker_,
                          ContextOf(info),
                          request,
                          info,
                          target,
                          members.empty() ? "" : members[0],
                          members.size() > 1 ? members[1] : ""};
    // Nothing below should throw; this keeps a bug (or bad_alloc) from taking the server down.
    try {
      return route.handler(call);
    } catch (const std::exception& e) {
      return lambda_wire::Error(Status::Internal(e.what()));
    }
  }
  return lambda_wire::Error(Status(StatusCode::kNotFound, "", "UnknownOperationException"));
}

}  // namespace stepshift::api
