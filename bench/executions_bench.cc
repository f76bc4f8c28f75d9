// The execution engine in process, without HTTP: the CPU cost of StartExecution of a 3-state Pass
// machine through an alias (durable: a WAL file, the committer on its own thread), as serve's
// request threads pay it. The HTTP figures (bench/executions_load.py) add the wire and the wait
// for durability.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "api/local_engine.h"
#include "base/json.h"

namespace stepshift {
namespace {

constexpr const char* kDefinition =
    R"({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},)"
    R"("B":{"Type":"Pass","Result":{"ok":true},"ResultPath":"$.r","Next":"C"},)"
    R"("C":{"Type":"Pass","End":true}}})";

api::HttpRequest Request(const std::string& op, const json::Value& body) {
  api::HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers = {{"x-amz-target", "AWSStepFunctions." + op},
               {"content-type", "application/x-amz-json-1.0"}};
  r.body = json::Serialize(body);
  return r;
}

void BM_StartExecutionThroughAlias(benchmark::State& state) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "stepshift_exec_bench";
  std::filesystem::remove_all(dir);
  api::LocalEngineOptions options;
  options.data_dir = dir.string();
  auto engine = std::move(api::LocalEngine::Open(options)).value();
  engine->Handle(
      Request("CreateStateMachine", json::Object{{"name", "bench"},
                                                 {"definition", kDefinition},
                                                 {"roleArn", "arn:aws:iam::123456789012:role/r"},
                                                 {"publish", true}}));
  const std::string sm = "arn:aws:states:us-east-1:123456789012:stateMachine:bench";
  engine->Handle(Request(
      "CreateStateMachineAlias",
      json::Object{
          {"name", "live"},
          {"routingConfiguration",
           json::Array{json::Object{{"stateMachineVersionArn", sm + ":1"}, {"weight", 100}}}}}));
  api::HttpRequest start = Request("StartExecution", json::Object{{"stateMachineArn", sm + ":live"},
                                                                  {"input", R"({"order":1})"}});
  for (auto _ : state) {
    api::HttpResponse response = engine->Handle(start);
    benchmark::DoNotOptimize(response);
  }
  state.SetItemsProcessed(state.iterations());
  engine.reset();
  std::filesystem::remove_all(dir);
}

BENCHMARK(BM_StartExecutionThroughAlias)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace stepshift

BENCHMARK_MAIN();
