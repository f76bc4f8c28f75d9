#include "asl/parser.h"

#include <gtest/gtest.h>

namespace stepshift::asl {
namespace {

bool Has(const std::vector<Diagnostic>& diags, const std::string& code, const std::string& location,
         const std::string& message = "") {
  for (const Diagnostic& d : diags) {
    if (d.code == code && d.location == location && (message.empty() || d.message == message)) {
      return true;
    }
  }
  return false;
}

TEST(ParserTest, AcceptsAMinimalDefinition) {
  auto def = ParseDefinition(R"J({"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}})J");
  ASSERT_TRUE(def.ok()) << FormatInvalidDefinition(def.diagnostics);
  EXPECT_EQ(def.machine->scopes[0].states[0].name, "A");
}

TEST(ParserTest, ReportsEveryProblemWithItsLocation) {
  auto diags = ValidateDefinition(R"J({"StartAt":"A","States":{
      "A":{"Type":"Pass","Next":"Nope","Bogus":1},
      "B":{"Type":"Task","End":true},
      "C":{"Type":"Succeed"}}})J");
  EXPECT_TRUE(
      Has(diags, "MISSING_TRANSITION_TARGET", "/States/A/Next", "Missing 'Next' target: Nope"));
  EXPECT_TRUE(
      Has(diags, "SCHEMA_VALIDATION_FAILED", "/States/A", "Field 'Bogus' is not supported"));
  EXPECT_TRUE(
      Has(diags, "SCHEMA_VALIDATION_FAILED", "/States/B", "These fields are required: [Resource]"));
  EXPECT_TRUE(
      Has(diags, "MISSING_TRANSITION_TARGET", "/States/B", "State \"B\" is not reachable."));
}

TEST(ParserTest, MatchesAwsMessagesForEmptyDefinitions) {
  EXPECT_TRUE(Has(ValidateDefinition("{}"), "SCHEMA_VALIDATION_FAILED", "/",
                  "These fields are required: [States, StartAt]"));
  EXPECT_TRUE(Has(ValidateDefinition(""), "SCHEMA_VALIDATION_FAILED", "",
                  "Definition must be a valid JSON object"));
  EXPECT_TRUE(Has(ValidateDefinition("not a definition"), "INVALID_JSON_DESCRIPTION", ""));
}

TEST(ParserTest, FormatsInvalidDefinitionLikeAws) {
  std::vector<Diagnostic> one{
      {"ERROR", "MISSING_TRANSITION_TARGET", "Missing 'Next' target: X", "/States/A/Next"}};
  EXPECT_EQ(FormatInvalidDefinition(one),
            "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: "
            "X at /States/A/Next'");
  std::vector<Diagnostic> two{{"ERROR", "DUPLICATE_STATE_NAME", "Duplicate State name: A", "/a"},
                              {"ERROR", "DUPLICATE_STATE_NAME", "Duplicate State name: B", "/b"}};
  EXPECT_EQ(FormatInvalidDefinition(two),
            "Invalid State Machine Definition: ''DUPLICATE_STATE_NAME: Duplicate State name: A at "
            "/a', 'DUPLICATE_STATE_NAME: Duplicate State name: B at /b''");
}

TEST(ParserTest, AcceptsJsonataMachinesAndStates) {
  EXPECT_TRUE(ValidateDefinition(R"J({"QueryLanguage":"JSONata","StartAt":"A","States":{
      "A":{"Type":"Pass","Output":"{% $states.input.x %}","End":true}}})J")
                  .empty());
  EXPECT_TRUE(ValidateDefinition(R"J({"StartAt":"A","States":{
      "A":{"Type":"Pass","QueryLanguage":"JSONata","Assign":{"v":"{% 1 + 2 %}"},"End":true}}})J")
                  .empty());
}

TEST(ParserTest, RejectsFieldsOfTheOtherQueryLanguage) {
  auto diags = ValidateDefinition(R"J({"QueryLanguage":"JSONata","StartAt":"A","States":{
      "A":{"Type":"Pass","InputPath":"$.x","End":true}}})J");
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].message,
            "The QueryLanguage is set to 'JSONata', but field 'InputPath' is only supported for "
            "the 'JSONPath' QueryLanguage");
  EXPECT_EQ(diags[0].location, "/States/A");
  diags = ValidateDefinition(R"J({"StartAt":"A","States":{
      "A":{"Type":"Pass","Output":{},"End":true}}})J");
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].message,
            "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the "
            "'JSONata' QueryLanguage");
  diags = ValidateDefinition(R"J({"QueryLanguage":"JSONata","StartAt":"A","States":{
      "A":{"Type":"Pass","QueryLanguage":"JSONPath","End":true}}})J");
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].message,
            "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine");
}

TEST(ParserTest, CompilesEveryJsonataExpressionWithTheDefinition) {
  auto diags = ValidateDefinition(R"J({"QueryLanguage":"JSONata","StartAt":"A","States":{
      "A":{"Type":"Pass","Output":{"a":["{% $states.input.( %}"]},"End":true}}})J");
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].code, "INVALID_JSONATA_EXPRESSION");
  EXPECT_EQ(diags[0].location, "/States/A/Output/a[0]");
  diags = ValidateDefinition(R"J({"QueryLanguage":"JSONata","StartAt":"A","States":{
      "A":{"Type":"Pass","Output":"{% $states.result %}","End":true}}})J");
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].code, "UNSUPPORTED_JSONATA_EXPRESSION");
  EXPECT_EQ(diags[0].message, "Field '$states.result' does not exist.");
  diags = ValidateDefinition(R"J({"QueryLanguage":"JSONata","StartAt":"A","States":{
      "A":{"Type":"Pass","Output":"{% foo %}","End":true}}})J");
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].message, "Reference to 'foo' at the top level is not supported.");
}

TEST(ParserTest, ReportsMissingTerminalStateAlone) {
  auto diags = ValidateDefinition(
      R"J({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"A"}}})J");
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].code, "MISSING_END_STATE");
  EXPECT_EQ(FlattenDiagnostic(diags[0]),
            "MISSING_END_STATE: Workflow has no terminal state at null");
}

TEST(ParserTest, ChecksNestedScopesAndDuplicateNames) {
  auto diags = ValidateDefinition(R"J({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,
      "Branches":[{"StartAt":"P","States":{"P":{"Type":"Pass","Next":"Q"}}}]}}})J");
  EXPECT_TRUE(Has(diags, "DUPLICATE_STATE_NAME", "/States/P/Branches[0]/States/P"));
  EXPECT_TRUE(Has(diags, "MISSING_TRANSITION_TARGET", "/States/P/Branches[0]/States/P/Next"));
}

TEST(ParserTest, ValidatesPathsTemplatesAndRetriers) {
  auto diags = ValidateDefinition(R"J({"StartAt":"T","States":{"T":{"Type":"Task",
      "Resource":"arn:aws:lambda:us-east-1:1:function:f","End":true,
      "InputPath":"nope","ResultPath":"$.a[*]","Parameters":{"x.$":"States.Bogus()"},
      "Retry":[{"ErrorEquals":["States.ALL"]},{"ErrorEquals":["X"],"BackoffRate":0.5}],
      "Catch":[{"ErrorEquals":["States.ALL","X"],"Next":"T"}]}}})J");
  EXPECT_TRUE(Has(diags, "SCHEMA_VALIDATION_FAILED", "/States/T/InputPath"));
  EXPECT_TRUE(Has(diags, "SCHEMA_VALIDATION_FAILED", "/States/T/ResultPath"));
  EXPECT_TRUE(Has(diags, "SCHEMA_VALIDATION_FAILED", "/States/T/Parameters/x.$"));
  EXPECT_TRUE(Has(diags, "SCHEMA_VALIDATION_FAILED", "/States/T/Retry[0]/ErrorEquals"));
  EXPECT_TRUE(Has(diags, "SCHEMA_VALIDATION_FAILED", "/States/T/Retry[1]/BackoffRate"));
  EXPECT_TRUE(Has(diags, "SCHEMA_VALIDATION_FAILED", "/States/T/Catch[0]/ErrorEquals"));
}

TEST(ParserTest, AcceptsYamlWhenAllowed) {
  ParseOptions po;
  po.allow_yaml = true;
  auto def = ParseDefinition("StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n", po);
  EXPECT_TRUE(def.ok());
  EXPECT_FALSE(ParseDefinition("StartAt: A\n").ok());
}

TEST(ParserTest, SurvivesDeepNesting) {
  std::string deep = R"J({"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Result":)J" +
                     std::string(5000, '[') + std::string(5000, ']') + "}}}";
  EXPECT_FALSE(ParseDefinition(deep).ok());
}

}  // namespace
}  // namespace stepshift::asl
