#include "asl/intrinsics.h"

#include <gtest/gtest.h>

#include "asl/test_util.h"

namespace stepshift::asl {
namespace {

struct Case {
  const char* expr;
  const char* want;  // compact JSON, or nullptr when the call must fail
};

void RunCases(const Case* cases, size_t n) {
  testing::FakeEnv env;
  env.variables["v"] = 7;
  Value input = *ParseJson(
      R"({"name":"Ann","n":3,"arr":[1,2,2,"a",{"k":1},{"k":1}],"obj":{"a":1,"b":{"c":2}},"s":"a,b,,c","j":"{\"x\":[1,2]}","half":1.5,"two":"2"})");
  EvalScope scope{&input, &env};
  for (size_t i = 0; i < n; ++i) {
    const Case& c = cases[i];
    auto call = ParseIntrinsic(c.expr);
    ASSERT_TRUE(call.ok()) << c.expr << ": " << call.status().message();
    Value out;
    AslError err;
    bool ok = EvaluateIntrinsic(**call, scope, &out, &err);
    if (c.want == nullptr) {
      EXPECT_FALSE(ok) << c.expr << " gave " << ToJson(out);
    } else {
      ASSERT_TRUE(ok) << c.expr << ": " << err.error << ": " << err.cause;
      EXPECT_EQ(ToJson(out), c.want) << c.expr;
    }
  }
}

TEST(IntrinsicsTest, GenericAndJsonFunctions) {
  const Case cases[] = {
      {"States.Format('Hello, {}!', $.name)", R"("Hello, Ann!")"},
      {"States.Format('{} + {}', $.n, 1.5)", R"("3 + 1.5")"},
      {"States.Format('null is {}', null)", R"("null is null")"},
      {"States.Format('obj {}', $.obj.b)", R"("obj {c=2}")"},
      {"States.Format('esc \\{\\} {}', 'x')", R"("esc {} x")"},
      {"States.Format('it\\'s {}', 'ok')", R"("it's ok")"},
      {"States.Format('{} {}', 'one')", nullptr},
      {"States.StringToJson($.j)", R"({"x":[1,2]})"},
      {"States.StringToJson('nope')", nullptr},
      {"States.JsonToString($.obj)", R"("{\"a\":1,\"b\":{\"c\":2}}")"},
      {"States.JsonMerge($.obj, States.StringToJson('{\"b\":3}'), false)", R"({"a":1,"b":3})"},
      {"States.JsonMerge($.obj, $.obj, true)", nullptr},
      {"States.StringSplit($.s, ',')", R"(["a","b","c"])"},
      {"States.StringSplit('a-b+c', '-+')", R"(["a","b","c"])"},
      {"States.UUID()", R"("00000000-0000-4000-8000-000000000000")"},
      {"States.Array(1, 'two', $.n, $v)", R"([1,"two",3,7])"},
      {"States.Array()", "[]"},
      {"States.Format('{}', $.missing)", nullptr},
  };
  RunCases(cases, std::size(cases));
}

TEST(IntrinsicsTest, ArrayFunctions) {
  const Case cases[] = {
      {"States.ArrayPartition(States.Array(1,2,3,4,5), 2)", "[[1,2],[3,4],[5]]"},
      {"States.ArrayPartition($.arr, States.MathAdd($.n, -3))", nullptr},  // a zero chunk size
      {"States.ArrayContains($.arr, 'a')", "true"},
      {"States.ArrayContains($.arr, 9)", "false"},
      {"States.ArrayRange(1, 9, 2)", "[1,3,5,7,9]"},
      {"States.ArrayRange(10, 0, -5)", "[10,5,0]"},
      {"States.ArrayRange(1, 2, States.MathAdd($.n, -3))", nullptr},  // a zero step
      {"States.ArrayRange(0, 2000, 1)", nullptr},
      {"States.ArrayGetItem($.arr, 3)", R"("a")"},
      {"States.ArrayGetItem($.arr, 60)", nullptr},
      {"States.ArrayLength($.arr)", "6"},
      {"States.ArrayLength($.name)", nullptr},
      {"States.ArrayUnique($.arr)", R"([1,2,"a",{"k":1}])"},
  };
  RunCases(cases, std::size(cases));
}

TEST(IntrinsicsTest, EncodingHashingAndMath) {
  const Case cases[] = {
      {"States.Base64Encode('Data to encode')", R"("RGF0YSB0byBlbmNvZGU=")"},
      {"States.Base64Decode('RGF0YSB0byBlbmNvZGU=')", R"("Data to encode")"},
      {"States.Base64Decode('***')", nullptr},
      {"States.Hash('input data', 'SHA-1')", R"("aaff4a450a104cd177d28d18d74485e8cae074b7")"},
      {"States.Hash('', 'MD5')", R"("d41d8cd98f00b204e9800998ecf8427e")"},
      {"States.Hash('x', 'SHA-3')", nullptr},
      {"States.MathAdd(111, -1)", "110"},
      {"States.MathAdd($.n, 1)", "4"},
      {"States.MathAdd(1.5, 1)", "3"},  // AWS rounds half up (recorded)
      {"States.MathRandom(1, 2)", "1"},
  };
  RunCases(cases, std::size(cases));
}

TEST(IntrinsicsTest, SeededRandomIsDeterministicAndInRange) {
  testing::FakeEnv env;
  Value input = Object();
  for (int seed = 0; seed < 50; ++seed) {
    auto call = ParseIntrinsic("States.MathRandom(10, 20, " + std::to_string(seed) + ")");
    ASSERT_TRUE(call.ok());
    Value a, b;
    AslError err;
    ASSERT_TRUE(EvaluateIntrinsic(**call, {&input, &env}, &a, &err));
    ASSERT_TRUE(EvaluateIntrinsic(**call, {&input, &env}, &b, &err));
    EXPECT_EQ(ToJson(a), ToJson(b));
    EXPECT_GE(a.as_int64(), 10);
    EXPECT_LT(a.as_int64(), 20);
  }
}

TEST(IntrinsicsTest, RejectsMalformedCalls) {
  for (const char* bad :
       {"States.Nope(1)", "States.Format(", "States.ArrayLength()", "States.UUID(1)",
        "States.Format('a' 'b')", "States.MathAdd(1,2))", "States.Array(x)"}) {
    EXPECT_FALSE(ParseIntrinsic(bad).ok()) << bad;
  }
}

// "Intrinsic functions for JSONPath states" (AWS Developer Guide, intrinsic-functions.html):
// ArrayRange needs integer arguments and a non-zero step, ArrayPartition a positive integer chunk
// size, ArrayGetItem an integer index; MathAdd/MathRandom round a non-integer number but take no
// strings. Written as literals these are definition errors...
TEST(IntrinsicsTest, RejectsLiteralArgumentsTheDocsForbid) {
  for (const char* bad : {
           "States.ArrayRange(1, 9.5, 2)",
           "States.ArrayRange('1', 9, 2)",
           "States.ArrayRange(1, 9, 0)",
           "States.ArrayPartition($.arr, 1.5)",
           "States.ArrayPartition($.arr, '2')",
           "States.ArrayPartition($.arr, 0)",
           "States.ArrayPartition($.arr, -1)",
           "States.ArrayPartition('abc', 2)",
           "States.ArrayGetItem($.arr, 1.5)",
           "States.ArrayGetItem($.arr, '2')",
           "States.ArrayLength(3)",
           "States.ArrayContains(null, 1)",
           "States.MathAdd('2', 1)",
           "States.MathRandom(1, '9')",
           "States.StringSplit(12, ',')",
           "States.Base64Encode(1)",
           "States.Format(1, 2)",
           "States.JsonMerge($.obj, $.obj, 'false')",
       }) {
    EXPECT_FALSE(ParseIntrinsic(bad).ok()) << bad;
  }
  for (const char* good : {"States.ArrayRange(1, 9.0, 2)", "States.MathAdd(1.5, 2)",
                           "States.MathRandom(1.5, 9.7)", "States.ArrayGetItem($.arr, $.half)"}) {
    EXPECT_TRUE(ParseIntrinsic(good).ok()) << good;
  }
}

// ...and through a path they fail the execution (States.IntrinsicFailure) instead.
TEST(IntrinsicsTest, PathArgumentsOfTheWrongTypeFailAtRunTime) {
  const Case cases[] = {
      {"States.ArrayRange(1, $.half, 1)", nullptr},
      {"States.ArrayRange(1, $.two, 1)", nullptr},
      {"States.ArrayPartition($.arr, $.half)", nullptr},
      {"States.ArrayGetItem($.arr, $.two)", nullptr},
      {"States.MathAdd($.two, 1)", nullptr},
      {"States.MathAdd($.half, 1)", "3"},
  };
  RunCases(cases, std::size(cases));
}

TEST(IntrinsicsTest, MissingPathCauseNamesTheFunctionAndArgument) {
  testing::FakeEnv env;
  Value input = *ParseJson(R"({"a":1})");
  auto call = ParseIntrinsic("States.Array($.x)");
  Value out;
  AslError err;
  ASSERT_FALSE(EvaluateIntrinsic(**call, {&input, &env}, &out, &err));
  EXPECT_EQ(err.error, "States.Runtime");
  EXPECT_EQ(err.cause,
            "The function 'States.Array($.x)' had the following error: The JsonPath argument for "
            "the field '$.x' could not be found in the input '{\"a\":1}'");
}

}  // namespace
}  // namespace stepshift::asl
