// The golden suite: every testdata/asl/**/*.json case is one execution (or one invalid
// definition) with its exact expected result. Case format:
//   {"comment": "...", "definition": {...} | "definition_yaml": "...", "input": {...},
//    "tasks": {"<StateName>": [{"Return": v} | {"Throw": {"Error": e, "Cause": c}}
//                              | {"ReturnLargeString": n}, ...]},
//    "expected": {"status": "SUCCEEDED", "output": v}
//              | {"status": "FAILED"|"TIMED_OUT", "error": e, "cause": c}
//              | {"status": "INVALID", "diagnostics": [{"code": c, "location": l}, ...]}}
// "expected" may also hold "history": [{"id": 1, "previousEventId": 0, "type": t, ...}, ...], the
// whole event list; each listed key must equal the event's (timestamps are never compared).
// Tasks answer in order per state; the last answer repeats; unscripted tasks echo their input.
// "ReturnLargeString" returns a string of n 'a's, so payload-limit cases need no 256 KiB literal.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "asl/executor.h"
#include "asl/parser.h"
#include "asl/test_util.h"

namespace stepshift::asl {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> CaseFiles() {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(STEPSHIFT_TESTDATA_DIR)) {
    if (e.is_regular_file() && e.path().extension() == ".json")
      files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

void Script(const Object& tasks, testing::ScriptedTaskRunner* runner) {
  for (const auto& kv : tasks) {
    std::vector<TaskOutcome> outcomes;
    for (const Value& step : kv.value().as_array()) {
      const Object& o = step.as_object();
      if (o.contains("Return")) {
        outcomes.push_back(TaskOutcome::Success(o.at("Return")));
      } else if (o.contains("ReturnLargeString")) {
        size_t n = static_cast<size_t>(o.at("ReturnLargeString").to_number<int64_t>());
        outcomes.push_back(TaskOutcome::Success(Value(boost::json::string(n, 'a'))));
      } else {
        const Object& t = o.at("Throw").as_object();
        outcomes.push_back(TaskOutcome::Failure(
            std::string(t.at("Error").as_string()),
            t.contains("Cause") ? std::string(t.at("Cause").as_string()) : ""));
      }
    }
    runner->Script(std::string(kv.key()), std::move(outcomes));
  }
}

void CheckInvalid(const ParsedDefinition& def, const Object& expected, const std::string& name) {
  ASSERT_FALSE(def.ok()) << name << ": the definition should be rejected";
  for (const Value& want : expected.at("diagnostics").as_array()) {
    const Object& w = want.as_object();
    bool found = false;
    for (const Diagnostic& d : def.diagnostics) {
      bool code_ok = d.code == w.at("code").as_string();
      bool loc_ok = !w.contains("location") || d.location == w.at("location").as_string();
      bool msg_ok = !w.contains("message") || d.message == w.at("message").as_string();
      found = found || (code_ok && loc_ok && msg_ok);
    }
    EXPECT_TRUE(found) << name << ": missing diagnostic " << ToJson(want)
                       << "\ngot: " << FormatInvalidDefinition(def.diagnostics);
  }
}

void CheckHistory(const Array& got, const Array& want, const std::string& name) {
  ASSERT_EQ(got.size(), want.size()) << name << ": history " << ToJson(Value(got));
  for (size_t i = 0; i < want.size(); ++i) {
    const Object& g = got[i].as_object();
    for (const auto& kv : want[i].as_object()) {
      const Value* v = g.if_contains(kv.key());
      EXPECT_TRUE(v != nullptr && JsonEquals(*v, kv.value()))
          << name << ": event " << i << " key " << kv.key() << ": " << ToJson(got[i]);
    }
  }
}

void RunCase(const std::string& path) {
  std::string name = fs::relative(path, STEPSHIFT_TESTDATA_DIR).string();
  auto doc = ParseJson(Slurp(path));
  ASSERT_TRUE(doc.ok()) << name << ": " << doc.status().message();
  const Object& c = doc->as_object();
  const Object& expected = c.at("expected").as_object();
  ParseOptions po;
  po.allow_yaml = true;
  ParsedDefinition def = c.contains("definition_yaml")
                             ? ParseDefinition(c.at("definition_yaml").as_string(), po)
                             : ParseDefinitionValue(c.at("definition"));
  if (expected.at("status") == "INVALID")
    return CheckInvalid(def, expected, name);
  ASSERT_TRUE(def.ok()) << name << ": " << FormatInvalidDefinition(def.diagnostics);
  FakeClock clock(Time(std::chrono::seconds(1704067200)));  // 2024-01-01T00:00:00Z
  testing::ScriptedTaskRunner runner;
  if (c.contains("tasks"))
    Script(c.at("tasks").as_object(), &runner);
  ExecutionOptions eo;
  eo.clock = &clock;
  eo.tasks = &runner;
  VectorEventSink events;
  if (expected.contains("history"))
    eo.events = &events;
  eo.execution_name = "golden";
  eo.execution_arn = "arn:aws:states:us-east-1:123456789012:execution:Golden:golden";
  eo.state_machine_name = "Golden";
  eo.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:Golden";
  Execution exec(def.machine, eo);
  exec.Start(c.contains("input") ? c.at("input") : Value(Object()));
  exec.RunToCompletion();
  const ExecutionState& s = exec.state();
  EXPECT_EQ(ExecutionStatusName(s.status), expected.at("status").as_string())
      << name << ": error=" << s.error << " cause=" << s.cause;
  if (expected.contains("output")) {
    EXPECT_TRUE(JsonEquals(s.output, expected.at("output")))
        << name << ": output " << ToJson(s.output) << "\nwant " << ToJson(expected.at("output"));
  }
  if (expected.contains("error")) {
    EXPECT_EQ(s.error, expected.at("error").as_string()) << name;
  }
  if (expected.contains("cause")) {
    EXPECT_EQ(s.cause, expected.at("cause").as_string()) << name;
  }
  if (expected.contains("history")) {
    CheckHistory(events.events(), expected.at("history").as_array(), name);
  }
}

class GoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, MatchesExpectedResult) {
  RunCase(GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Asl, GoldenTest, ::testing::ValuesIn(CaseFiles()),
    [](const ::testing::TestParamInfo<std::string>& info) {
      std::string n = fs::relative(info.param, STEPSHIFT_TESTDATA_DIR).replace_extension().string();
      for (char& ch : n) {
        if (!std::isalnum(static_cast<unsigned char>(ch)))
          ch = '_';
      }
      return n;
    });

TEST(GoldenSuiteTest, HasAtLeast200Cases) {
  EXPECT_GE(CaseFiles().size(), 200u);
}

}  // namespace
}  // namespace stepshift::asl
