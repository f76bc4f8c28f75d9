// Step Functions Task states that call serve's own Lambda: function ARNs (the function gets the
// state's input, its result is the output) and arn:aws:states:::lambda:invoke (FunctionName,
// Payload, Qualifier; the output is Lambda's Invoke response). Failures are named as Step
// Functions' Lambda integration names them: a function error by its errorType (Unhandled when
// it has none), Lambda's own errors as Lambda.<Code> with the AWS SDK's cause text. Tasks whose
// function serve's Lambda does not have go to the fallback runner (`--functions`), when given.
// Thread-safety: Run may be called from many task threads at once; it blocks until the
// invocation ends.
#pragma once

#include "asl/task_runner.h"
#include "lambda/lambda_model.h"
#include "lambda/runtime/invoker.h"

namespace stepshift::lambdas {

class LambdaTaskRunner : public asl::TaskRunner {
 public:
  // None owned; all must outlive the runner. `fallback` may be null. `ctx` is the region and
  // account of function names that are not ARNs.
  LambdaTaskRunner(LambdaModel* model, Invoker* invoker, asl::TaskRunner* fallback, CallContext ctx)
      : model_(model), invoker_(invoker), fallback_(fallback), ctx_(std::move(ctx)) {}

  asl::TaskOutcome Run(const asl::TaskRequest& request) override;

 private:
  LambdaModel* model_;
  Invoker* invoker_;
  asl::TaskRunner* fallback_;
  CallContext ctx_;
};

}  // namespace stepshift::lambdas
