// The interpreter's three speed targets (issue 5), in-process on one core:
//   BM_PassChain    1000-state Pass chain, Result + ResultPath     >= 2,000,000 transitions/s
//   BM_ChoiceLoop   Choice + States.MathAdd counter loop            >=   500,000 transitions/s
//   BM_InlineMap    inline Map over 10,000 items (one Pass each)    >= 1,000,000 items/s
//   BM_JsonataChoiceLoop  the same loop in JSONata (Output, Condition)   no target (issue 11)
//   BM_SuspendedExecutionMemory  heap per execution waiting in a Wait state   <= 4 KiB + data
//   BM_TestStatePass  TestState's work for one Pass state (parse, run, answer), no HTTP; the
//                     target, >= 20,000 requests/s over HTTP, is bench/teststate_load.py's
// Run: build-asl/bench/asl_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <memory>
#include <string>
#include <vector>

#include "asl/executor.h"
#include "asl/parser.h"
#include "asl/test_state.h"

namespace stepshift::asl {
namespace {

std::shared_ptr<const StateMachine> Load(const std::string& text) {
  auto def = ParseDefinition(text);
  if (!def.ok())
    std::abort();
  return def.machine;
}

ExecutionOptions BenchOptions(Clock* clock) {
  ExecutionOptions o;
  o.clock = clock;
  o.max_history_events = 0;  // measure the interpreter, not AWS's quota
  return o;
}

void RunOnce(const std::shared_ptr<const StateMachine>& m, Clock* clock, const Value& input,
             benchmark::State& state) {
  Execution e(m, BenchOptions(clock));
  e.Start(input);
  e.RunToCompletion();
  if (e.state().status != ExecutionStatus::kSucceeded) {
    state.SkipWithError(e.state().cause.c_str());
  }
  state.counters["transitions"] = benchmark::Counter(static_cast<double>(e.state().transitions),
                                                     benchmark::Counter::kIsIterationInvariantRate);
}

void BM_PassChain(benchmark::State& state) {
  std::string def = R"({"StartAt":"S0","States":{)";
  for (int i = 0; i < 1000; ++i) {
    def +=
        "\"S" + std::to_string(i) + "\":{\"Type\":\"Pass\",\"Result\":" + std::to_string(i) +
        ",\"ResultPath\":\"$.r\"," +
        (i == 999 ? std::string("\"End\":true}") : "\"Next\":\"S" + std::to_string(i + 1) + "\"},");
  }
  def += "}}";
  auto m = Load(def);
  FakeClock clock;
  Value input = Object{{"in", 1}};
  for (auto _ : state)
    RunOnce(m, &clock, input, state);
}

BENCHMARK(BM_PassChain)->Unit(benchmark::kMillisecond);

// A counter loop from 0 to 50,000 (`definition` reads n from its input).
void RunCounterLoop(const char* definition, benchmark::State& state) {
  auto m = Load(definition);
  FakeClock clock;
  Value input = Object{{"n", 50000}};
  for (auto _ : state)
    RunOnce(m, &clock, input, state);
}

void BM_ChoiceLoop(benchmark::State& state) {
  RunCounterLoop(R"J({"StartAt":"Init","States":{
    "Init":{"Type":"Pass","Parameters":{"i":0,"n.$":"$.n"},"Next":"Check"},
    "Check":{"Type":"Choice","Choices":[{"Variable":"$.i","NumericLessThanPath":"$.n","Next":"Incr"}],
             "Default":"Done"},
    "Incr":{"Type":"Pass","Parameters":{"i.$":"States.MathAdd($.i, 1)","n.$":"$.n"},"Next":"Check"},
    "Done":{"Type":"Succeed"}}})J",
                 state);
}

BENCHMARK(BM_ChoiceLoop)->Unit(benchmark::kMillisecond);

// Every expression is compiled once with the definition; a transition evaluates its state's.
void BM_JsonataChoiceLoop(benchmark::State& state) {
  RunCounterLoop(R"J({"QueryLanguage":"JSONata","StartAt":"Init","States":{
    "Init":{"Type":"Pass","Output":{"i":0,"n":"{% $states.input.n %}"},"Next":"Check"},
    "Check":{"Type":"Choice","Choices":[{"Condition":"{% $states.input.i < $states.input.n %}",
             "Next":"Incr"}],"Default":"Done"},
    "Incr":{"Type":"Pass","Output":{"i":"{% $states.input.i + 1 %}","n":"{% $states.input.n %}"},
            "Next":"Check"},
    "Done":{"Type":"Succeed"}}})J",
                 state);
}

BENCHMARK(BM_JsonataChoiceLoop)->Unit(benchmark::kMillisecond);

void BM_InlineMap(benchmark::State& state) {
  auto m = Load(R"J({"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":40,"End":true,
    "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"P",
      "States":{"P":{"Type":"Pass","End":true}}}}}})J");
  FakeClock clock;
  Array items;
  for (int i = 0; i < 10000; ++i)
    items.push_back(Object{{"id", i}});
  Value input = std::move(items);
  for (auto _ : state) {
    RunOnce(m, &clock, input, state);
  }
  state.counters["items"] =
      benchmark::Counter(10000, benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(BM_InlineMap)->Unit(benchmark::kMillisecond);

// Heap bytes held per execution suspended in a Wait state, with a tiny input: the fixed cost an
// engine pays for each waiting execution (target: <= 4 KiB plus the execution's data).
void BM_SuspendedExecutionMemory(benchmark::State& state) {
  auto m = Load(R"J({"StartAt":"W","States":{
    "W":{"Type":"Wait","Seconds":3600,"Next":"Done"},"Done":{"Type":"Succeed"}}})J");
  FakeClock clock;
  constexpr int kCount = 10000;
  double bytes_each = 0;
  for (auto _ : state) {
    std::vector<std::unique_ptr<Execution>> waiting;
    waiting.reserve(kCount);
    size_t before = mallinfo2().uordblks;
    for (int i = 0; i < kCount; ++i) {
      auto e = std::make_unique<Execution>(m, BenchOptions(&clock));
      e->Start(Object{{"order", i}});
      while (e->Step().kind == StepResult::Kind::kContinue) {
      }
      waiting.push_back(std::move(e));
    }
    bytes_each = static_cast<double>(mallinfo2().uordblks - before) / kCount;
  }
  state.counters["bytes_per_execution"] = bytes_each;
}

BENCHMARK(BM_SuspendedExecutionMemory)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_TestStatePass(benchmark::State& state) {
  FakeClock clock;
  ExecutionOptions identity = BenchOptions(&clock);
  TestStateRequest r;
  r.definition =
      R"({"Type":"Pass","Parameters":{"payload.$":"$.customer.firstName"},"Next":"Second"})";
  r.input = Object{{"customer", Object{{"firstName", "Jane"}}}};
  r.level = state.range(0) ? InspectionLevel::kDebug : InspectionLevel::kInfo;
  // range(1): the definition parsed once, as serve caches it.
  auto parsed = ParseTestState(r.definition, r.state_name);
  for (auto _ : state) {
    auto test =
        state.range(1) ? StateTest::Prepare(r, *parsed, identity) : StateTest::Prepare(r, identity);
    if (!test.ok() || (*test)->Run()) {
      state.SkipWithError("TestState did not run");
      break;
    }
    benchmark::DoNotOptimize((*test)->Response());
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_TestStatePass)->ArgsProduct({{0, 1}, {0, 1}})->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace stepshift::asl

BENCHMARK_MAIN();
