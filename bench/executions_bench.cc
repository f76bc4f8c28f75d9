// The execution engine in process, without HTTP: the CPU cost of StartExecution of a 3-state Pass
// machine through an alias (durable: a WAL file, the committer on its own thread), as serve's
// request threads pay it; and the engine alone, with and without AWS/States metrics, counting the
// CPU of every thread (committer and metric flushes included). The HTTP figures
// (bench/executions_load.py) add the wire and the wait for durability.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "api/engine_bridges.h"
#include "api/local_engine.h"
#include "base/json.h"
#include "cloudwatch/cloudwatch_model.h"
#include "engine/control_plane.h"
#include "engine/executions.h"
#include "store/database.h"

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

// The engine with (range 1) or without (0) AWS/States metrics into a CloudWatch model.
void BM_EngineStartWithMetrics(benchmark::State& state) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "stepshift_engine_bench";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto plane_db = std::move(store::Database::Open(":memory:")).value();
  auto cw_db = std::move(store::Database::Open(":memory:")).value();
  auto runs_db = std::move(store::Database::Open((dir / "executions.db").string())).value();
  auto plane = std::move(engine::ControlPlane::Open(plane_db.get(), &SystemClock())).value();
  auto model = std::move(cloudwatch::CloudWatchModel::Open(cw_db.get(), &SystemClock())).value();
  api::CloudWatchMetricsSink sink(model.get());
  engine::CreateStateMachineRequest create;
  create.name = "bench";
  create.config.definition = kDefinition;
  create.config.role_arn = "arn:aws:iam::123456789012:role/r";
  create.publish = true;
  std::string version = *plane->CreateStateMachine({}, create)->state_machine_version_arn;
  std::string alias = plane->CreateStateMachineAlias({"live", {}, {{version, 100}}})->arn;
  engine::ExecutionsOptions options;
  options.metrics = state.range(0) ? &sink : nullptr;
  auto runs = std::move(engine::Executions::Open(runs_db.get(), plane.get(), options)).value();
  engine::StartExecutionRequest start{alias, std::nullopt, R"({"order":1})", std::nullopt};
  for (auto _ : state) {
    benchmark::DoNotOptimize(runs->Start(start));
  }
  state.SetItemsProcessed(state.iterations());
  runs.reset();
  std::filesystem::remove_all(dir);
}

BENCHMARK(BM_EngineStartWithMetrics)
    ->Arg(0)
    ->Arg(1)
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace stepshift

BENCHMARK_MAIN();
