#include "api/sfn/validation.h"

#include <gtest/gtest.h>

namespace stepshift::api {
namespace {

TEST(RequestReaderTest, CollectsViolationsInMemberOrder) {
  RequestReader in(R"({"definition": "", "maxResults": 1001})");
  in.String("name", {.required = true, .min = 1, .max = 80});
  in.String("definition", {.required = true, .min = 1, .sensitive = true});
  in.Integer("maxResults", {.min = 0, .max = 1000});
  Status status = in.Finish();
  EXPECT_EQ(status.kind(), "ValidationException");
  EXPECT_EQ(status.message(),
            "3 validation errors detected: Value null at 'name' failed to satisfy constraint: "
            "Member must not be null; Value at 'definition' failed to satisfy constraint: Member "
            "must have length greater than or equal to 1; Value '1001' at 'maxResults' failed to "
            "satisfy constraint: Member must have value less than or equal to 1000");
}

TEST(RequestReaderTest, WrongTypesAreSerializationExceptions) {
  struct Case {
    const char* body;
    const char* message;
  } cases[] = {
      {R"({"name": 5})", "NUMBER_VALUE can not be converted to a String"},
      {R"({"name": {}})", "START_OBJECT can not be converted to a String"},
      {R"({"max": "5"})", "STRING_VALUE can not be converted to an Integer"},
      {R"({"flag": "yes"})", "STRING_VALUE can not be converted to a Boolean"},
      {"[1]", "START_ARRAY can not be converted to a structure"},
  };

  for (const Case& c : cases) {
    RequestReader in(c.body);
    in.String("name", {});
    in.Integer("max", {});
    in.Boolean("flag");
    Status status = in.Finish();
    EXPECT_EQ(status.kind(), "SerializationException") << c.body;
    EXPECT_EQ(status.message(), c.message) << c.body;
  }
  EXPECT_EQ(RequestReader("{not json").Finish().kind(), "SerializationException");
}

TEST(RequestReaderTest, FloatsAreShownAsJavaShowsThem) {
  struct Case {
    const char* value;
    const char* shown;
  } cases[] = {{"101", "101.0"},
               {"100.5", "100.5"},
               {"-0.25", "-0.25"},
               {"1e10", "1.0E10"},
               {"1e308", "Infinity"}};

  for (const Case& c : cases) {
    RequestReader in(std::string(R"({"p": )") + c.value + "}");
    in.Float("p", {.min = 0, .max = 100});
    EXPECT_EQ(in.Finish().message(),
              std::string("1 validation error detected: Value '") + c.shown +
                  "' at 'p' failed to satisfy constraint: Member must have value " +
                  (c.value[0] == '-' ? "greater than or equal to 0" : "less than or equal to 100"))
        << c.value;
  }
  RequestReader ok(R"({"p": 12.5})");
  EXPECT_EQ(ok.Float("p", {.min = 0, .max = 100}), 12.5);
  EXPECT_TRUE(ok.Finish().ok());
  RequestReader text(R"({"p": "5"})");
  text.Float("p", {});
  EXPECT_EQ(text.Finish().message(), "STRING_VALUE can not be converted to a Float");
}

TEST(RequestReaderTest, NullIsAbsentAndEmptyBodyIsEmptyInput) {
  RequestReader in(R"({"name": null})");
  EXPECT_FALSE(in.String("name", {}));
  EXPECT_TRUE(in.Finish().ok());
  RequestReader empty("");
  EXPECT_TRUE(empty.root().empty());
  EXPECT_TRUE(empty.Finish().ok());
}

TEST(RequestReaderTest, LengthsCountCharacters) {
  RequestReader in(R"({"name": "ééé"})");
  EXPECT_EQ(*in.String("name", {.max = 3}), "ééé");
  EXPECT_TRUE(in.Finish().ok());
  EXPECT_EQ(CharacterCount("ééé"), 3u);
}

TEST(RequestReaderTest, EnumsAndPatterns) {
  RequestReader in(R"({"type": "BATCH", "alias": "123"})");
  in.String("type", {.enum_values = {"STANDARD", "EXPRESS"}});
  in.Pattern("alias", "123", "^x$", false);
  EXPECT_EQ(in.Finish().message(),
            "2 validation errors detected: Value 'BATCH' at 'type' failed to satisfy constraint: "
            "Member must satisfy enum value set: [STANDARD, EXPRESS]; Value '123' at 'alias' "
            "failed to satisfy constraint: Member must satisfy regular expression pattern: ^x$");
}

}  // namespace
}  // namespace stepshift::api
