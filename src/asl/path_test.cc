#include "asl/path.h"

#include <gtest/gtest.h>

namespace stepshift::asl {
namespace {

const char* kStore = R"({
  "store": {"book": [
    {"category": "reference", "author": "Rees", "title": "Sayings", "price": 8.95},
    {"category": "fiction", "author": "Waugh", "title": "Sword", "price": 12.99},
    {"category": "fiction", "author": "Melville", "title": "Moby Dick", "isbn": "0-553", "price": 8.99}
  ], "bicycle": {"color": "red", "price": 19.95}},
  "a b": 1, "n": [0, 1, 2, 3, 4, 5]
})";

TEST(JsonPathTest, EvaluatesPathsLikeJayway) {
  struct Case {
    const char* path;
    const char* want;  // nullptr: no result
  } cases[] = {
      {"$", nullptr},  // checked separately
      {"$.store.bicycle.color", R"("red")"},
      {"$.store.book[0].author", R"("Rees")"},
      {"$.store.book[-1].title", R"("Moby Dick")"},
      {"$['store']['bicycle']['price']", "19.95"},
      {"$['a b']", "1"},
      {"$.store.book[*].author", R"(["Rees","Waugh","Melville"])"},
      {"$..author", R"(["Rees","Waugh","Melville"])"},
      {"$.store.book[?(@.price < 9)].title", R"(["Sayings","Moby Dick"])"},
      {"$.store.book[?(@.isbn)].title", R"(["Moby Dick"])"},
      {"$.store.book[?(@.category == 'fiction' && @.price > 10)].author", R"(["Waugh"])"},
      {"$.n[1:3]", "[1,2]"},
      {"$.n[:2]", "[0,1]"},
      {"$.n[-2:]", "[4,5]"},
      {"$.n[0,2]", "[0,2]"},
      {"$.n[::2]", "[0,2,4]"},
      {"$.store.book.length()", "3"},
      {"$.missing", nullptr},
      {"$.store.book[7]", nullptr},
      {"$.missing[*]", "[]"},
  };

  auto doc = ParseJson(kStore);
  ASSERT_TRUE(doc.ok());
  for (const Case& c : cases) {
    if (c.want == nullptr && std::string(c.path) == "$")
      continue;
    auto p = JsonPath::Parse(c.path);
    ASSERT_TRUE(p.ok()) << c.path << ": " << p.status().message();
    Value out;
    bool found = p->Evaluate(*doc, &out);
    if (c.want == nullptr) {
      EXPECT_FALSE(found) << c.path;
    } else {
      ASSERT_TRUE(found) << c.path;
      EXPECT_EQ(ToJson(out), c.want) << c.path;
    }
  }
}

TEST(JsonPathTest, ClassifiesReferencePaths) {
  struct Case {
    const char* path;
    bool reference;
  } cases[] = {{"$", true},     {"$.a.b", true},        {"$['a'][0]", true}, {"$.a[*]", false},
               {"$..a", false}, {"$.a[?(@.x)]", false}, {"$.a[0:1]", false}, {"$.a[-1]", false}};

  for (const Case& c : cases) {
    auto p = JsonPath::Parse(c.path);
    ASSERT_TRUE(p.ok()) << c.path;
    EXPECT_EQ(p->IsReferencePath(), c.reference) << c.path;
  }
}

TEST(JsonPathTest, RejectsMalformedPaths) {
  for (const char* bad : {"", "a.b", "$.", "$[", "$['a'", "$.a[?(@.x >)]", "$.a[x]", "$$$"}) {
    EXPECT_FALSE(JsonPath::Parse(bad).ok()) << bad;
  }
}

TEST(JsonPathTest, RecognisesRoots) {
  EXPECT_EQ(JsonPath::Parse("$$.Execution.Id")->root(), PathRoot::kContext);
  auto v = JsonPath::Parse("$myVar.x");
  EXPECT_EQ(v->root(), PathRoot::kVariable);
  EXPECT_EQ(v->variable(), "myVar");
  EXPECT_EQ(JsonPath::Parse("$.x")->root(), PathRoot::kInput);
}

TEST(JsonPathTest, NormalisesForErrorMessages) {
  EXPECT_EQ(JsonPath::Parse("$.a.b[0]")->Normalized(), "$['a']['b'][0]");
}

TEST(JsonPathTest, NotFoundReasonNamesTheMissingIntermediateProperty) {
  Value doc = *ParseJson(R"({"a":{"b":1},"s":"x"})");

  struct Case {
    const char* path;
    const char* want;
  } cases[] = {
      {"$.x", "No results for path: $['x']"},
      {"$.no.such.path", "Missing property in path $['no']"},
      {"$.a.c.d", "Missing property in path $['a']['c']"},
      {"$.a.c", "No results for path: $['a']['c']"},
      {"$.s.t.u", "No results for path: $['s']['t']['u']"},
  };

  for (const Case& c : cases)
    EXPECT_EQ(JsonPath::Parse(c.path)->NotFoundReason(doc), c.want) << c.path;
}

TEST(JsonPathTest, AssignCreatesIntermediateObjects) {
  Value doc = *ParseJson(R"({"a":1})");
  ASSERT_TRUE(JsonPath::Parse("$.b.c")->Assign(&doc, Value(2)));
  EXPECT_EQ(ToJson(doc), R"({"a":1,"b":{"c":2}})");
  EXPECT_FALSE(JsonPath::Parse("$.a.x")->Assign(&doc, Value(3)));  // 1 is not an object
  Value str("text");
  EXPECT_FALSE(JsonPath::Parse("$.x")->Assign(&str, Value(3)));
}

}  // namespace
}  // namespace stepshift::asl
