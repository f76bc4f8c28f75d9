// The library's API and the guarantees the reference suite does not cover: compile once and
// evaluate many times, errors with positions, limits, host functions, bindings.
#include "jsonata/jsonata.h"

#include <gtest/gtest.h>

namespace stepshift::jsonata {
namespace {

Value Json(std::string_view text) {
  Value v;
  std::string why;
  EXPECT_TRUE(ParseJson(text, &v, &why)) << why;
  return v;
}

std::string Eval(std::string_view expr, std::string_view input = "null",
                 const EvalOptions& options = {}) {
  Error err;
  auto e = Expression::Compile(expr, &err);
  if (e == nullptr)
    return "error " + err.code;
  Value out;
  if (!e->Evaluate(Json(input), options, &out, &err))
    return "error " + err.code;
  return Stringify(out);
}

TEST(JsonataTest, EvaluatesPathsWithPredicates) {
  EXPECT_EQ(Eval("a[b > 1].c", R"({"a":[{"b":1,"c":"x"},{"b":2,"c":"y"},{"b":3,"c":"z"}]})"),
            R"(["y","z"])");
}

TEST(JsonataTest, ConstantIndexListsSelectInItemOrderOncePerMention) {
  EXPECT_EQ(Eval("[1,2,3,4][[-1, 0, 0, 5..9]]"), "[1,1,4]");
  EXPECT_EQ(Eval("$count([1,2,3,4][[2..1]])"), "0");
  EXPECT_EQ(Eval("[1,2][[1.5..3]]"), "error T2003");
  EXPECT_EQ(Eval("$count([][[1.5..3]])"), "0");  // never evaluated: no item to test
}

TEST(JsonataTest, NumbersRoundOnTheirExactDecimalDigits) {
  // Printed with a few digits past the rounding one where that proves them exact, in full where
  // the tail is all zeros (exact ties, tiny values).
  EXPECT_EQ(Eval("$formatNumber(999.995, '#,##0.00')"), R"("1,000.00")");
  EXPECT_EQ(Eval("$formatNumber(1e-30, '0.00')"), R"("0.00")");
  EXPECT_EQ(Eval("$formatNumber(0.125, '0.00')"), R"("0.12")");
  EXPECT_EQ(Eval("$string(0.1 + 0.2)"), R"("0.3")");
  EXPECT_EQ(Eval("$string(123456789012345.67)"), R"("123456789012346")");
  // JavaScript's Math.pow, where glibc's pow rounds the other way.
  EXPECT_EQ(Eval("$power(123456789, 2)"), "15241578750190520");
  EXPECT_EQ(Eval("$power(946684800001 / 2, 0.5)"), "687998.8372086831");
}

TEST(JsonataTest, CompiledExpressionIsReusable) {
  Error err;
  auto e = Expression::Compile("$sum(items.price)", &err);
  ASSERT_NE(e, nullptr);
  for (int i = 1; i <= 3; ++i) {
    Value out;
    ASSERT_TRUE(e->Evaluate(
        Json("{\"items\":[{\"price\":" + std::to_string(i) + "},{\"price\":1}]}"), {}, &out, &err));
    EXPECT_EQ(out.number(), i + 1);
  }
}

TEST(JsonataTest, SyntaxErrorsCarryCodeAndPosition) {
  Error err;
  EXPECT_EQ(Expression::Compile("a.b +", &err), nullptr);
  EXPECT_EQ(err.code, "S0207");
  EXPECT_EQ(err.position, 5);
  EXPECT_EQ(Expression::Compile("\"abc", &err), nullptr);
  EXPECT_EQ(err.code, "S0101");
  EXPECT_EQ(err.message, "String literal must be terminated by a matching quote");
}

TEST(JsonataTest, DeepNestingFailsWithStackOverflowNotACrash) {
  // Far deeper than a thread's stack holds, whatever the parser's frame per level (an 8 MB
  // stack held 100,000 levels once the parser's frames shrank).
  std::string deep(1000000, '(');
  EXPECT_EQ(Eval(deep), "error D1011");
  std::string chain = "1";
  for (int i = 0; i < 100000; ++i)
    chain += "+1";
  EXPECT_EQ(Eval(chain), "error D1011");
}

TEST(JsonataTest, DeepRecursionWorksWithinTheStack) {
  // Well beyond the 100 levels Step Functions allows, on any thread stack (sanitizers too).
  EXPECT_EQ(Eval("($f := function($n){$n = 0 ? 0 : 1 + $f($n - 1)}; $f(500))"), "500");
}

TEST(JsonataTest, RunawayRecursionStopsAtDepthLimit) {
  EvalOptions options;
  options.max_depth = 500;
  EXPECT_EQ(Eval("($f := function($n){$n + $f($n)}; $f(1))", "null", options), "error D1011");
}

TEST(JsonataTest, InfiniteLoopStopsAtTimeout) {
  EvalOptions options;
  options.timeout = std::chrono::milliseconds(50);
  EXPECT_EQ(Eval("($f := function(){$f()}; $f())", "null", options), "error D1012");
}

TEST(JsonataTest, BindingsAndHostFunctions) {
  Bindings b;
  b.Set("x", Value::Number(20));
  HostFunction twice;
  twice.name = "twice";
  twice.signature = "<n:n>";
  twice.arity = 1;
  twice.call = [](std::vector<Value>& args, Value* out, Error*) {
    *out = Value::Number(args[0].number() * 2);
    return true;
  };
  b.Set("twice", MakeFunction(twice));
  EvalOptions options;
  options.bindings = &b;
  EXPECT_EQ(Eval("$twice($x) + 2", "null", options), "42");
  EXPECT_EQ(Eval("$map([1,2], $twice)", "null", options), "[2,4]");
  EXPECT_EQ(Eval("$twice('a')", "null", options), "error T0410");
}

TEST(JsonataTest, HostFunctionErrorsFailTheEvaluation) {
  Bindings b;
  HostFunction fail;
  fail.name = "fail";
  fail.call = [](std::vector<Value>&, Value*, Error* e) {
    e->code = "Host.Error";
    e->message = "it failed";
    return false;
  };
  b.Set("fail", MakeFunction(fail));
  EvalOptions options;
  options.bindings = &b;
  Error err;
  auto e = Expression::Compile("$fail()", &err);
  Value out;
  ASSERT_FALSE(e->Evaluate(Value(), options, &out, &err));
  EXPECT_EQ(err.code, "Host.Error");
  EXPECT_EQ(err.message, "it failed");
}

TEST(JsonataTest, NowIsFixedPerEvaluation) {
  EvalOptions options;
  options.now_millis = 1704067200000;
  EXPECT_EQ(Eval("$now()", "null", options), "\"2024-01-01T00:00:00.000Z\"");
  EXPECT_EQ(Eval("$millis() = $millis()", "null", options), "true");
}

TEST(JsonataTest, ResultsOutliveTheExpression) {
  Value out;
  {
    Error err;
    auto e = Expression::Compile(R"(["literal", {"k": "v"}])", &err);
    ASSERT_TRUE(e->Evaluate(Value(), {}, &out, &err));
  }
  EXPECT_EQ(Stringify(out), R"(["literal",{"k":"v"}])");
}

TEST(JsonataTest, ReportsWhatItReferences) {
  Error err;
  auto e = Expression::Compile("$states.input.a + $x + $count($states.context.y) + total", &err);
  ASSERT_NE(e, nullptr);
  std::vector<std::string> fields;
  ASSERT_TRUE(e->VariableFields("states", &fields));
  EXPECT_EQ(fields, (std::vector<std::string>{"input", "context"}));
  EXPECT_FALSE(e->VariableFields("x", &fields));  // used whole
  EXPECT_EQ(e->context_references(), std::vector<std::string>{"total"});
  auto nested = Expression::Compile("$states.input.items[price > 1]", &err);
  EXPECT_TRUE(nested->context_references().empty());
}

TEST(JsonataTest, RecursiveClosuresAreReleased) {
  // A function bound in the frame it closes over is a reference cycle; it must not leak (the
  // sanitizer build reports leaks) and must keep working within the evaluation.
  EXPECT_EQ(Eval("($fact := function($n){$n <= 1 ? 1 : $n * $fact($n - 1)}; $fact(10))"),
            "3628800");
}

TEST(JsonataTest, NumbersPrintAsJavaScriptPrintsThem) {
  EXPECT_EQ(Eval("0.1 + 0.2"), "0.30000000000000004");
  EXPECT_EQ(Eval("$string(0.1 + 0.2)"), "\"0.3\"");
  EXPECT_EQ(Eval("1e21"), "1e+21");
  EXPECT_EQ(Eval("1/3"), "0.3333333333333333");
  EXPECT_EQ(Eval("$formatNumber(2.5, '0')"), "\"2\"");
  EXPECT_EQ(Eval("$round(2.675, 2)"), "2.68");
}

}  // namespace
}  // namespace stepshift::jsonata
