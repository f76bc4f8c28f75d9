#include "deploy/verdict_stats.h"

#include <gtest/gtest.h>

#include <cmath>

namespace stepshift::deploy {
namespace {

TEST(LogFactorialTest, MatchesSmallFactorials) {
  EXPECT_DOUBLE_EQ(LogFactorial(0), 0);
  EXPECT_NEAR(LogFactorial(5), std::log(120.0), 1e-12);
  EXPECT_NEAR(LogFactorial(10), std::log(3628800.0), 1e-10);
}

// Reference values from exact rational sums (Python fractions), e.g. Fisher's tea tasting
// table [[3, 1], [1, 3]]: 17/70.
TEST(FisherTest, OneSidedPValuesMatchExactSums) {
  struct Case {
    int64_t a, n1, c, n2;
    double p;
  } cases[] = {
      {3, 4, 1, 4, 17.0 / 70},
      {7, 30, 13, 270, 0.0015316898056559408},
      {0, 10, 5, 100, 1.0},
      {30, 1000, 10, 9000, 2.122766553943314e-22},
  };

  for (const Case& c : cases) {
    double p = FisherGreaterPValue(c.a, c.n1, c.c, c.n2);
    EXPECT_NEAR(p / c.p, 1.0, 1e-9) << c.a << "/" << c.n1 << " vs " << c.c << "/" << c.n2;
  }
}

TEST(FisherTest, EmptySideIsNoEvidence) {
  EXPECT_EQ(FisherGreaterPValue(0, 0, 3, 10), 1.0);
  EXPECT_EQ(FisherGreaterPValue(3, 10, 0, 0), 1.0);
}

TEST(FisherTest, FewerFailuresThanStableIsNotSignificant) {
  EXPECT_GT(FisherGreaterPValue(1, 100, 50, 900), 0.99);
}

TEST(FisherTest, LargeTablesStayFinite) {
  double p = FisherGreaterPValue(2000, 10000, 100, 10000);
  EXPECT_GE(p, 0.0);
  EXPECT_LT(p, 1e-100);
}

TEST(MannWhitneyTest, SeparatedSamples) {
  RankTest t = MannWhitney({4, 5, 6}, {1, 2, 3});
  EXPECT_DOUBLE_EQ(t.u, 9);
  EXPECT_NEAR(t.z, 1.7457431218879391, 1e-12);
  EXPECT_NEAR(t.p_greater, 0.04042779918502615, 1e-12);
  EXPECT_DOUBLE_EQ(t.effect, 1.0);
}

TEST(MannWhitneyTest, TiesUseAverageRanksAndCorrectTheVariance) {
  RankTest t = MannWhitney({2, 3, 3, 5, 7}, {1, 2, 2, 3, 4, 4});
  EXPECT_DOUBLE_EQ(t.u, 21);
  EXPECT_NEAR(t.z, 1.0253500924105479, 1e-12);
  EXPECT_NEAR(t.p_greater, 0.15259901390258596, 1e-12);
}

TEST(MannWhitneyTest, AllTiedOrEmptyIsNoEvidence) {
  EXPECT_EQ(MannWhitney({5, 5}, {5, 5, 5}).p_greater, 1.0);
  EXPECT_EQ(MannWhitney({}, {1, 2}).p_greater, 1.0);
}

TEST(MannWhitneyTest, SlowerOldSampleIsNotSignificant) {
  EXPECT_GT(MannWhitney({1, 2, 3}, {4, 5, 6}).p_greater, 0.95);
}

TEST(QuantileTest, InterpolatesBetweenRanks) {
  std::vector<double> v = {10, 20, 30, 40, 50};
  EXPECT_DOUBLE_EQ(Quantile(v, 0), 10);
  EXPECT_DOUBLE_EQ(Quantile(v, 0.5), 30);
  EXPECT_DOUBLE_EQ(Quantile(v, 0.9), 46);
  EXPECT_DOUBLE_EQ(Quantile(v, 1), 50);
  EXPECT_DOUBLE_EQ(Quantile({}, 0.5), 0);
  EXPECT_DOUBLE_EQ(Quantile({7}, 0.99), 7);
}

}  // namespace
}  // namespace stepshift::deploy
