// The jsonata-js test suite (test/test-suite of the reference implementation), read from
// JSONATA_TEST_SUITE_DIR at test time: one test per group, each running every case of the group
// and printing the group's pass rate. Cases knowingly skipped are listed, with the reason, in
// reference_suite_skips.txt; a listed case that passes fails the test, so the list stays true.
// Case format (the suite's TESTSUITE.md): expr or expr-file; data, or dataset (null: no input);
// bindings; timelimit/depth; and one of result, undefinedResult, code (+ token), error.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "jsonata/jsonata.h"

namespace stepshift::jsonata {
namespace {

namespace fs = std::filesystem;

const fs::path kSuite = JSONATA_TEST_SUITE_DIR;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

Value LoadJson(const fs::path& p) {
  Value v;
  std::string why;
  if (!ParseJson(Slurp(p), &v, &why))
    ADD_FAILURE() << p << ": " << why;
  return v;
}

bool SuitePresent() {
  return fs::is_directory(kSuite / "groups");
}

std::vector<std::string> Groups() {
  std::vector<std::string> groups;
  if (!SuitePresent())
    return groups;
  for (const auto& e : fs::directory_iterator(kSuite / "groups")) {
    if (e.is_directory())
      groups.push_back(e.path().filename().string());
  }
  std::sort(groups.begin(), groups.end());
  return groups;
}

// "group/case000.json" or "group/file.json#3" -> reason.
std::map<std::string, std::string> Skips() {
  std::map<std::string, std::string> skips;
  std::istringstream in(Slurp(JSONATA_SKIPS_FILE));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#')
      continue;
    size_t space = line.find(' ');
    skips[line.substr(0, space)] = space == std::string::npos ? "" : line.substr(space + 1);
  }
  return skips;
}

struct Case {
  std::string name;
  Value spec;
};

std::vector<Case> CasesOf(const std::string& group) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kSuite / "groups" / group)) {
    if (e.path().extension() == ".json")
      files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Case> cases;
  for (const fs::path& f : files) {
    Value v = LoadJson(f);
    std::string base = group + "/" + f.filename().string();
    if (v.is_array()) {
      for (size_t i = 0; i < v.size(); ++i)
        cases.push_back({base + "#" + std::to_string(i), v[i]});
    } else {
      cases.push_back({base, v});
    }
  }
  return cases;
}

const Value* Field(const Value& obj, std::string_view key) {
  return obj.is_object() ? obj.obj().Find(key) : nullptr;
}

const Value& Dataset(const std::string& name) {
  static std::map<std::string, Value> cache;
  auto it = cache.find(name);
  if (it == cache.end())
    it = cache.emplace(name, LoadJson(kSuite / "datasets" / (name + ".json"))).first;
  return it->second;
}

// Equality as chai's deep.equal on JSON: objects by key set, and for `unordered` cases arrays as
// multisets.
bool Same(const Value& got, const Value& want, bool unordered) {
  if (!unordered || !got.is_array() || !want.is_array())
    return DeepEqual(got, want);
  if (got.size() != want.size())
    return false;
  std::vector<bool> used(want.size());
  for (const Value& g : got.arr().items) {
    bool found = false;
    for (size_t i = 0; i < want.size() && !found; ++i) {
      if (!used[i] && DeepEqual(g, want[i]))
        used[i] = found = true;
    }
    if (!found)
      return false;
  }
  return true;
}

// Runs one case; returns an empty string when it passes, else what went wrong.
std::string RunCase(const Case& c, const std::string& group) {
  const Value& spec = c.spec;
  std::string text;
  if (const Value* e = Field(spec, "expr"))
    text = e->str();
  else
    text = Slurp(kSuite / "groups" / group / Field(spec, "expr-file")->str());
  Value input;
  if (const Value* data = Field(spec, "data"))
    input = *data;
  else if (const Value* ds = Field(spec, "dataset"); ds != nullptr && ds->is_string())
    input = Dataset(ds->str());
  Bindings bindings;
  if (const Value* b = Field(spec, "bindings"); b != nullptr && b->is_object()) {
    for (const auto& e : b->obj().entries())
      bindings.Set(e.key, e.value);
  }
  EvalOptions options;
  options.bindings = &bindings;
  if (const Value* t = Field(spec, "timelimit"))
    options.timeout = std::chrono::milliseconds(static_cast<int64_t>(t->number()));
  if (const Value* d = Field(spec, "depth"))
    options.max_depth = static_cast<int>(d->number());
  Error err;
  Value result;
  auto expr = Expression::Compile(text, &err);
  bool ok = expr != nullptr && expr->Evaluate(input, options, &result, &err);
  std::string got = ok ? "result " + Stringify(result) : "error " + err.code + ": " + err.message;
  const Value* code = Field(spec, "code");
  const Value* error = Field(spec, "error");
  if (error != nullptr)
    code = Field(*error, "code");
  if (code != nullptr) {
    // The reference's runner reports runaway evaluations as U1001 (its own depth and time
    // guards); JSONata's are D1011 (depth) and D1012 (time).
    bool code_ok =
        !ok && (err.code == code->str() ||
                (code->str() == "U1001" && (err.code == "D1011" || err.code == "D1012")));
    const Value* token = Field(error != nullptr ? *error : spec, "token");
    const Value* message = error != nullptr ? Field(*error, "message") : nullptr;
    if (!code_ok)
      return "want error " + code->str() + ", got " + got;
    if (token != nullptr && err.token != token->str())
      return "want token " + token->str() + ", got " + err.token;
    if (message != nullptr && err.message != message->str())
      return "want message '" + message->str() + "', got '" + err.message + "'";
    return "";
  }
  if (!ok)
    return "want a result, got " + got;
  if (Field(spec, "undefinedResult") != nullptr)
    return result.is_undefined() ? "" : "want undefined, got " + got;
  const Value* want = Field(spec, "result");
  if (want == nullptr)
    return "case has no expectation";
  bool unordered = Field(spec, "unordered") != nullptr;
  return Same(result, *want, unordered) ? "" : "want " + Stringify(*want) + ", got " + got;
}

class ReferenceSuite : public ::testing::TestWithParam<std::string> {};

TEST_P(ReferenceSuite, Group) {
  const std::string group = GetParam();
  static const std::map<std::string, std::string> skips = Skips();
  int passed = 0;
  int skipped = 0;
  std::vector<Case> cases = CasesOf(group);
  for (const Case& c : cases) {
    std::string problem = RunCase(c, group);
    auto skip = skips.find(c.name);
    if (skip != skips.end()) {
      ++skipped;
      EXPECT_FALSE(problem.empty()) << c.name << " passes but is listed as skipped";
      continue;
    }
    EXPECT_TRUE(problem.empty()) << c.name << ": " << problem;
    passed += problem.empty() ? 1 : 0;
  }
  int run = static_cast<int>(cases.size()) - skipped;
  std::cout << "[ pass rate ] " << group << ": " << passed << "/" << run << " ("
            << (run == 0 ? 100.0 : 100.0 * passed / run) << "%), " << skipped << " skipped\n";
}

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ReferenceSuite);
INSTANTIATE_TEST_SUITE_P(Jsonata, ReferenceSuite, ::testing::ValuesIn(Groups()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param;
                           for (char& ch : n) {
                             if (!std::isalnum(static_cast<unsigned char>(ch)))
                               ch = '_';
                           }
                           return n;
                         });

// Reports the suite as skipped, with the reason, on a machine without it (a CI image may lack
// the shared folder), and checks it is complete where it is present.
TEST(ReferenceSuiteTest, SuiteFolderIsPresent) {
  if (!SuitePresent())
    GTEST_SKIP() << "the JSONata reference suite is not at " << kSuite
                 << " (set -DJSONATA_TEST_SUITE_DIR=...); its cases were not run";
  EXPECT_GE(Groups().size(), 100u);
}

}  // namespace
}  // namespace stepshift::jsonata
