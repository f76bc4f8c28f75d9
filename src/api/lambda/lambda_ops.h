// One function per Lambda operation, called by LambdaApi's route table.
#pragma once

#include <string>

#include "api/http/http_types.h"
#include "api/http/rest_path.h"
#include "lambda/lambda_model.h"
#include "lambda/runtime/invoker.h"

namespace stepshift::api::lambda_ops {

struct Call {
  lambdas::LambdaModel* model;
  lambdas::Invoker* invoker;
  lambdas::CallContext ctx;
  const HttpRequest& request;
  const RequestInfo& info;
  const RestTarget& target;
  std::string function;  // the {FunctionName} path member, decoded
  std::string alias;     // the {Name} path member of alias routes
};

using Handler = HttpResponse (*)(const Call& call);

HttpResponse CreateFunction(const Call& call);
HttpResponse ListFunctions(const Call& call);
HttpResponse GetFunction(const Call& call);
HttpResponse GetFunctionCodePackage(const Call& call);
HttpResponse DeleteFunction(const Call& call);
HttpResponse GetFunctionConfiguration(const Call& call);
HttpResponse UpdateFunctionConfiguration(const Call& call);
HttpResponse UpdateFunctionCode(const Call& call);
HttpResponse PublishVersion(const Call& call);
HttpResponse ListVersionsByFunction(const Call& call);
HttpResponse CreateAlias(const Call& call);
HttpResponse ListAliases(const Call& call);
HttpResponse GetAlias(const Call& call);
HttpResponse UpdateAlias(const Call& call);
HttpResponse DeleteAlias(const Call& call);
HttpResponse TagResource(const Call& call);
HttpResponse UntagResource(const Call& call);
HttpResponse ListTags(const Call& call);
HttpResponse PutFunctionConcurrency(const Call& call);
HttpResponse GetFunctionConcurrency(const Call& call);
HttpResponse DeleteFunctionConcurrency(const Call& call);
HttpResponse GetAccountSettings(const Call& call);
HttpResponse Invoke(const Call& call);

}  // namespace stepshift::api::lambda_ops
