#include "deploy/router_flags.h"

#include <gtest/gtest.h>

#include "deploy/route53_router.h"

namespace stepshift::deploy {
namespace {

RouterFlags Lambda() {
  RouterFlags f;
  f.function_name = "orders";
  f.alias = "live";
  return f;
}

RouterFlags Route53() {
  RouterFlags f;
  f.hosted_zone_id = "Z1";
  f.record_name = "api.example.com";
  f.record_type = "a";
  f.blue = "blue";
  f.green = "green";
  return f;
}

TEST(RouterFlagsTest, TheFlagsChooseTheRouter) {
  RouterFlags sfn;
  sfn.state_machine = "orders";
  sfn.alias = "live";
  EXPECT_EQ(ChooseRouter(sfn)->kind, RouterKind::kStepFunctions);
  EXPECT_EQ(ChooseRouter(Lambda())->kind, RouterKind::kLambda);
  auto route53 = ChooseRouter(Route53());
  ASSERT_TRUE(route53.ok()) << route53.status().ToString();
  EXPECT_EQ(route53->kind, RouterKind::kRoute53);
  EXPECT_EQ(route53->record_type, "A");
}

TEST(RouterFlagsTest, ConflictsAndMissingFlagsAreOneLine) {
  struct Case {
    const char* name;
    RouterFlags flags;
    const char* message;
  };

  std::vector<Case> cases;
  RouterFlags none;
  cases.push_back({"nothing", none, "give --state-machine, --function-name or --hosted-zone-id"});
  RouterFlags both = Lambda();
  both.state_machine = "orders";
  cases.push_back({"two routers", both,
                   "--state-machine and --function-name choose different routers; give the "
                   "flags of one"});
  RouterFlags blue = Lambda();
  blue.blue = "blue";
  cases.push_back({"a route53 flag with lambda", blue,
                   "--function-name and --blue choose different routers; give the flags of one"});
  RouterFlags zip = Route53();
  zip.zip_file = "f.zip";
  cases.push_back({"a lambda flag with route53", zip,
                   "--hosted-zone-id and --zip choose different routers; give the flags of one"});
  RouterFlags file = Lambda();
  file.sfn_only_given = {"--file"};
  cases.push_back({"--file with lambda", file,
                   "--file is for --state-machine; a Lambda function publishes from --zip FILE or "
                   "its latest code"});
  RouterFlags no_alias = Lambda();
  no_alias.alias.clear();
  cases.push_back({"lambda without alias", no_alias, "--function-name needs --alias"});
  RouterFlags numeric = Lambda();
  numeric.alias = "12";
  cases.push_back({"numeric alias", numeric,
                   "--alias: '12' is not a valid Lambda alias name (1-128 of A-Z a-z 0-9 - _, "
                   "not only digits)"});
  RouterFlags alias = Route53();
  alias.alias = "live";
  cases.push_back({"alias with route53", alias,
                   "--alias is for --state-machine or --function-name, not --hosted-zone-id"});
  RouterFlags same = Route53();
  same.green = "blue";
  cases.push_back({"same records", same, "--blue and --green must name two different records"});
  RouterFlags no_green = Route53();
  no_green.green.clear();
  cases.push_back({"missing green", no_green, "--hosted-zone-id needs --green"});
  RouterFlags prune = Route53();
  prune.versioned_only_given = {"--history-max"};
  cases.push_back({"pruning records", prune,
                   "--history-max has no meaning for a Route 53 record pair (there are no "
                   "versions to publish, prune or hook)"});
  for (const Case& c : cases) {
    auto chosen = ChooseRouter(c.flags);
    ASSERT_FALSE(chosen.ok()) << c.name;
    EXPECT_EQ(chosen.status().code(), StatusCode::kInvalidArgument) << c.name;
    EXPECT_EQ(chosen.status().message(), c.message) << c.name;
  }
}

TEST(Route53RecordTest, TxtValuesRoundTripQuotesAndLongText) {
  const std::string record =
      "stepshift-deploy {\"o\":\"blue\",\"d\":\"a \\\\ b\"}" + std::string(240, 'x');
  const std::string value = TxtValue(record);
  EXPECT_EQ(value.front(), '"');
  EXPECT_NE(value.find("\" \""), std::string::npos);  // split into two character-strings
  EXPECT_EQ(TxtText(value), record);
  EXPECT_EQ(TxtText(TxtValue("")), "");
}

}  // namespace
}  // namespace stepshift::deploy
