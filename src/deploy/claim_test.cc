#include "deploy/claim.h"

#include <gtest/gtest.h>

#include <barrier>
#include <mutex>
#include <sstream>
#include <thread>

#include "deploy/deployer.h"
#include "deploy/fake_api.h"

namespace stepshift::deploy {
namespace {

using std::chrono::milliseconds;
using testing::FakeApi;

class ClaimTest : public ::testing::Test {
 protected:
  void SetUp() override {
    api_.PublishVersions(1);
    api_.aliases[alias_] = aws::AliasInfo{alias_, "live", "prod", {{api_.Version(1), 100}}, {}, {}};
  }

  DeploymentRecord Record(const std::string& owner) {
    DeploymentRecord record;
    record.old_version = "1";
    record.schedule_spec = "allatonce:5:0:0";
    record.owner = owner;
    record.user_description = "prod";
    return record;
  }

  ClaimRequest Request(const std::string& owner) {
    return ClaimRequest{alias_, {{api_.Version(1), 100}}, "prod", Record(owner)};
  }

  // Makes `owner`'s claim land on the alias at the n-th DescribeAlias (1-based).
  void ContenderWritesAtDescribe(int n, const std::string& owner) {
    api_.before_describe = [this, n, owner](const std::string& arn) {
      if (++describes_ == n)
        api_.aliases[arn].description = EncodeRecord(Record(owner));
    };
  }

  FakeApi api_;
  FakeClock clock_;
  const std::string alias_ = api_.AliasArn("live");
  int describes_ = 0;
};

TEST_F(ClaimTest, AnUncontestedClaimWinsAndKeepsTheRouting) {
  ASSERT_TRUE(ClaimAlias(&api_, &clock_, Request("a:1")).ok());
  EXPECT_EQ(api_.aliases[alias_].description, EncodeRecord(Record("a:1")));
  EXPECT_EQ(api_.aliases[alias_].routing, (Routing{{api_.Version(1), 100}}));
}

TEST_F(ClaimTest, ALaterWriterBetweenOurWriteAndReadWins) {
  ContenderWritesAtDescribe(2, "b:2");  // 1: the check before writing; 2: the re-read
  Status claimed = ClaimAlias(&api_, &clock_, Request("a:1"));
  EXPECT_EQ(claimed.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(claimed.message().find("claimed by b:2"), std::string::npos) << claimed.message();
  EXPECT_EQ(api_.aliases[alias_].description, EncodeRecord(Record("b:2")));  // theirs stands
}

// The settle wait is what catches a contender that read the alias before our write and writes
// after our first re-read.
TEST_F(ClaimTest, AContenderWritingDuringTheSettleWaitWins) {
  ContenderWritesAtDescribe(3, "b:2");
  Status claimed = ClaimAlias(&api_, &clock_, Request("a:1"));
  EXPECT_EQ(claimed.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(api_.aliases[alias_].description, EncodeRecord(Record("b:2")));
}

TEST_F(ClaimTest, AnAliasChangedSinceItWasReadIsNotClaimed) {
  api_.aliases[alias_].routing = {{api_.Version(1), 90}, {api_.Version(2), 10}};
  Status claimed = ClaimAlias(&api_, &clock_, Request("a:1"));
  EXPECT_EQ(claimed.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(claimed.message().find("changed since it was read"), std::string::npos);
  EXPECT_EQ(api_.aliases[alias_].description, "prod");
  EXPECT_TRUE(api_.writes.empty());
}

// Someone moved the routing right after our write: our record comes off again.
TEST_F(ClaimTest, ALostClaimLeavesNoRecordBehind) {
  api_.before_describe = [this](const std::string& arn) {
    if (++describes_ == 2)
      api_.aliases[arn].routing = {{api_.Version(1), 50}, {api_.Version(2), 50}};
  };
  EXPECT_FALSE(ClaimAlias(&api_, &clock_, Request("a:1")).ok());
  EXPECT_EQ(api_.aliases[alias_].description, "prod");
}

TEST_F(ClaimTest, SettleIsTenSlowestRoundTripsAndAtLeastTheMinimum) {
  api_.before_describe = [this](const std::string&) { clock_.Advance(milliseconds(40)); };
  const Time start = clock_.Now();
  ASSERT_TRUE(ClaimAlias(&api_, &clock_, Request("a:1"), {milliseconds(100)}).ok());
  // Three reads of 40 ms, and a settle of 10 x 40 ms (the minimum, 100 ms, is lower).
  EXPECT_EQ(clock_.Now() - start, milliseconds(3 * 40 + 400));
  clock_.Set(start);
  api_.before_describe = nullptr;
  api_.aliases[alias_].description = "prod";
  ASSERT_TRUE(ClaimAlias(&api_, &clock_, Request("a:1"), {milliseconds(100)}).ok());
  EXPECT_EQ(clock_.Now() - start, milliseconds(100));
}

TEST_F(ClaimTest, ConditionalWritesNeedNoSettleWait) {
  api_.writes_are_conditional = true;
  api_.before_describe = [this](const std::string&) { clock_.Advance(milliseconds(40)); };
  const Time start = clock_.Now();
  ASSERT_TRUE(ClaimAlias(&api_, &clock_, Request("a:1"), {milliseconds(250)}).ok());
  EXPECT_EQ(clock_.Now() - start, milliseconds(2 * 40));  // the check and the re-read only
  EXPECT_EQ(api_.aliases[alias_].description, EncodeRecord(Record("a:1")));
}

// FakeApi for several threads at once: every call under one lock, as a service serialises them,
// and a network's latency on each side of it, so concurrent controllers' reads and writes
// interleave as they do against a real endpoint instead of running one after the other.
class LockedApi : public Api {
 public:
  explicit LockedApi(FakeApi* api) : api_(api) {}

  struct Call {
    explicit Call(std::mutex& mu) : mu_(mu) {
      std::this_thread::sleep_for(std::chrono::microseconds(300));
      mu_.lock();
    }

    ~Call() {
      mu_.unlock();
      std::this_thread::sleep_for(std::chrono::microseconds(300));
    }

    std::mutex& mu_;
  };

#define LOCKED(call) \
  Call guard(mu_);   \
  return api_->call

  Result<std::string> AccountId() override {
    LOCKED(AccountId());
  }

  Result<aws::StateMachineInfo> DescribeStateMachine(const std::string& a) override {
    LOCKED(DescribeStateMachine(a));
  }

  Result<aws::WriteResult> UpdateStateMachine(const aws::UpdateStateMachineRequest& r) override {
    LOCKED(UpdateStateMachine(r));
  }

  Result<aws::WriteResult> PublishVersion(const std::string& a, const std::string& b,
                                          const std::string& c) override {
    LOCKED(PublishVersion(a, b, c));
  }

  Result<std::vector<std::string>> ListVersions(const std::string& a) override {
    LOCKED(ListVersions(a));
  }

  Status DeleteVersion(const std::string& a) override {
    LOCKED(DeleteVersion(a));
  }

  Result<std::vector<std::string>> ListAliases(const std::string& a) override {
    LOCKED(ListAliases(a));
  }

  Result<aws::AliasInfo> DescribeAlias(const std::string& a) override {
    LOCKED(DescribeAlias(a));
  }

  Status CreateAlias(const std::string& a, const std::string& b, const Routing& r) override {
    LOCKED(CreateAlias(a, b, r));
  }

  Status UpdateAlias(const std::string& a, const std::optional<Routing>& r,
                     const std::optional<std::string>& d) override {
    LOCKED(UpdateAlias(a, r, d));
  }

  Result<std::string> GetTag(const std::string& a, const std::string& k) override {
    LOCKED(GetTag(a, k));
  }

  Status SetTag(const std::string& a, const std::string& k, const std::string& v) override {
    LOCKED(SetTag(a, k, v));
  }

  Result<std::vector<aws::AlarmInfo>> DescribeAlarms(const std::vector<std::string>& n) override {
    LOCKED(DescribeAlarms(n));
  }

#undef LOCKED

 private:
  std::mutex mu_;
  FakeApi* api_;
};

// Issue 14 item 1. Before the claim, controllers started together each shifted the alias and
// then stopped on the others' writes as drift (exit 3), leaving it split. Now N controllers, each
// uploading its own definition, start at one moment: exactly one deploys, every other one is
// refused (exit 2) having changed nothing: one version published, the winner's definition live.
TEST(ClaimRaceTest, ExactlyOneOfNConcurrentControllersDeploys) {
  constexpr int kControllers = 8;
  for (int round = 0; round < 2; ++round) {
    FakeApi fake;
    fake.PublishVersions(1);
    const std::string alias = fake.AliasArn("live");
    fake.aliases[alias] = aws::AliasInfo{alias, "live", "prod", {{fake.Version(1), 100}}, {}, {}};
    LockedApi api(&fake);
    std::vector<RunResult> results(kControllers);
    std::barrier start(kControllers);
    std::vector<std::thread> threads;
    for (int i = 0; i < kControllers; ++i) {
      threads.emplace_back([&, i] {
        DeployOptions o;
        o.state_machine = FakeApi::kMachine;
        o.alias = "live";
        o.definition = "definition of racer " + std::to_string(i);
        o.owner = "racer-" + std::to_string(i) + ":" + std::to_string(100 + i) + ":1";
        o.schedule.interval_seconds = 1;  // the winner holds the alias for a second
        o.claim.min_settle = milliseconds(20);
        start.arrive_and_wait();
        results[i] = Deploy(o, {&api, &SystemClock(), &NullReporter(), nullptr});
      });
    }
    for (std::thread& t : threads)
      t.join();
    int winner = -1;
    for (int i = 0; i < kControllers; ++i) {
      if (results[i].outcome == Outcome::kDeployed) {
        EXPECT_EQ(winner, -1) << "two winners: " << winner << " and " << i;
        winner = i;
      } else {
        EXPECT_EQ(results[i].outcome, Outcome::kRefused) << i << ": " << results[i].message;
      }
    }
    ASSERT_NE(winner, -1);
    EXPECT_EQ(fake.versions.size(), 2u);  // only the winner published
    EXPECT_EQ(fake.definition, "definition of racer " + std::to_string(winner));
    EXPECT_EQ(fake.aliases[alias].routing, (Routing{{fake.Version(2), 100}}));
    EXPECT_EQ(fake.aliases[alias].description, "prod");
  }
}

}  // namespace
}  // namespace stepshift::deploy
