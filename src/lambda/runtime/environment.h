// How an execution environment is started for a function version: the runtime client, the
// Lambda-defined environment variables and the function's own.
#pragma once

#include <string>

#include "base/result.h"
#include "lambda/lambda_model.h"
#include "lambda/runtime/invoker.h"
#include "lambda/runtime/worker.h"

namespace stepshift::lambdas::internal {

// The process spec for `target`, whose code is in `code_dir`. InvalidRuntimeException for
// runtimes this machine cannot run (only python3.x and nodejs are supported).
Result<WorkerSpec> EnvironmentFor(const InvokeTarget& target, const InvokerOptions& options,
                                  const std::string& code_dir);

// Warm environments are shared by invocations whose version and configuration are the same.
std::string PoolKey(const InvokeTarget& target);

// A CodeSha256 as a directory name.
std::string CodeDirName(const std::string& sha256);

}  // namespace stepshift::lambdas::internal
