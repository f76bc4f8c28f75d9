#include "base/json.h"

#include <gtest/gtest.h>

namespace stepshift {
namespace {

TEST(JsonTest, ParsesAndSerializes) {
  auto v = json::Parse(R"({"a":[1,2.5,"x"],"b":null})");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(json::Serialize(*v), R"({"a":[1,2.5E0,"x"],"b":null})");
  EXPECT_NE(json::Find(v->as_object(), "a"), nullptr);
  EXPECT_EQ(json::Find(v->as_object(), "c"), nullptr);
}

TEST(JsonTest, SerializeSortedOrdersMembersAtEveryDepth) {
  auto a = json::Parse(R"({"b":1,"a":{"y":[{"q":1,"p":2}],"x":"s"}})");
  auto b = json::Parse(R"({"a":{"x":"s","y":[{"p":2,"q":1}]},"b":1})");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(json::SerializeSorted(*a), R"({"a":{"x":"s","y":[{"p":2,"q":1}]},"b":1})");
  EXPECT_EQ(json::SerializeSorted(*a), json::SerializeSorted(*b));
  EXPECT_NE(json::SerializeSorted(*a),
            json::SerializeSorted(*json::Parse(R"({"a":{"x":"s","y":[]},"b":1})")));
}

TEST(JsonTest, MalformedInputIsAnErrorNotAnException) {
  for (const char* text : {"", "{", "{\"a\":}", "[1,]", "nul", "{} x"}) {
    EXPECT_FALSE(json::Parse(text).ok()) << text;
  }
}

TEST(JsonTest, DeepNestingIsRejected) {
  std::string deep(10000, '[');
  EXPECT_FALSE(json::Parse(deep).ok());
}

}  // namespace
}  // namespace stepshift
