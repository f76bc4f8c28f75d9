#include "asl/payload.h"

#include <gtest/gtest.h>

#include "asl/test_util.h"

namespace stepshift::asl {
namespace {

std::string Render(const char* tmpl, const char* input) {
  std::vector<Diagnostic> diags;
  PayloadTemplate t = PayloadTemplate::Compile(*ParseJson(tmpl), "/Parameters", &diags);
  EXPECT_TRUE(diags.empty());
  testing::FakeEnv env;
  Value in = *ParseJson(input);
  Value out;
  AslError err;
  EXPECT_TRUE(t.Evaluate(EvalScope{&in, &env}, &out, &err)) << err.cause;
  return ToJson(out);
}

// The order AWS records in localstack base/test_base.snapshot.json,
// test_query_context_object_values: the `.$` fields iterate as a Java HashMap would.
TEST(PayloadTest, DynamicFieldsFollowJavaHashMapOrder) {
  EXPECT_EQ(Render(R"({"mergedJson.$":"$.a","parsedJson.$":"$.a","stringifiedJson.$":"$.a"})",
                   R"({"a":1})"),
            R"({"parsedJson":1,"mergedJson":1,"stringifiedJson":1})");
}

// localstack assign/test_assign_reference_variables.snapshot.json,
// MAP_STATE_REFERENCE_IN_ITEM_SELECTOR: {"bucketName":"$bucket","value":1}.
TEST(PayloadTest, PlainFieldsComeBeforeDynamicFields) {
  EXPECT_EQ(
      Render(R"({"value.$":"$.v","bucketName":"$bucket","nested":{"x.$":"$.v"}})", R"({"v":1})"),
      R"({"bucketName":"$bucket","nested":{"x":1},"value":1})");
}

// With more than 12 entries the table grows to 32 buckets before iteration.
TEST(PayloadTest, HashMapOrderAccountsForResizing) {
  EXPECT_EQ(Render(R"({"context_object.$":"$.a","execution.$":"$.a","execution_id.$":"$.a",
                 "execution_input.$":"$.a","execution_name.$":"$.a","execution_rolearn.$":"$.a",
                 "execution_starttime.$":"$.a","state.$":"$.a","state_enteredtime.$":"$.a",
                 "state_name.$":"$.a","statemachine.$":"$.a","statemachine_id.$":"$.a",
                 "statemachine_name.$":"$.a"})",
                   R"({"a":0})"),
            R"({"execution":0,"execution_rolearn":0,"execution_name":0,"statemachine_id":0,)"
            R"("execution_id":0,"execution_input":0,"execution_starttime":0,"state_name":0,)"
            R"("state_enteredtime":0,"statemachine":0,"state":0,"context_object":0,)"
            R"("statemachine_name":0})");
}

}  // namespace
}  // namespace stepshift::asl
