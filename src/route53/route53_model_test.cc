#include "route53/route53_model.h"

#include <gtest/gtest.h>

#include "store/database.h"

namespace stepshift::route53 {
namespace {

class Route53ModelTest : public testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(store::Database::Open(":memory:")).value();
    model_ = std::move(Route53Model::Open(db_.get(), &clock_, {std::chrono::seconds(5)})).value();
    auto created = model_->CreateHostedZone({"Example.com", "ref-1", "zone", false});
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    zone_ = created->first.id;
  }

  static Change Weighted(std::string action, std::string id, int64_t weight, std::string ip) {
    RecordSet r;
    r.name = "www.example.com.";
    r.type = "A";
    r.set_identifier = std::move(id);
    r.weight = weight;
    r.ttl = 60;
    r.values = {std::move(ip)};
    return {std::move(action), std::move(r)};
  }

  FakeClock clock_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<Route53Model> model_;
  std::string zone_;
};

TEST_F(Route53ModelTest, NewZoneHasSoaAndNs) {
  auto zone = model_->GetHostedZone("/hostedzone/" + zone_);
  ASSERT_TRUE(zone.ok());
  EXPECT_EQ(zone->name, "example.com.");
  EXPECT_EQ(zone->record_count, 2);
  EXPECT_EQ(model_->CreateHostedZone({"other.com", "ref-1", {}, false}).status().kind(),
            "HostedZoneAlreadyExists");
}

TEST_F(Route53ModelTest, ChangesArePendingThenInsync) {
  auto change = model_->ChangeResourceRecordSets(
      zone_,
      {"shift",
       {Weighted("CREATE", "blue", 255, "1.1.1.1"), Weighted("CREATE", "green", 0, "2.2.2.2")}});
  ASSERT_TRUE(change.ok()) << change.status().ToString();
  EXPECT_EQ(change->status, "PENDING");
  EXPECT_EQ(model_->GetChange("/change/" + change->id)->status, "PENDING");
  clock_.Advance(std::chrono::seconds(5));
  EXPECT_EQ(model_->GetChange(change->id)->status, "INSYNC");
}

TEST_F(Route53ModelTest, BatchesAreAllOrNothingWithAwsMessages) {
  ASSERT_TRUE(
      model_->ChangeResourceRecordSets(zone_, {{}, {Weighted("CREATE", "blue", 1, "1.1.1.1")}})
          .ok());
  auto failed = model_->ChangeResourceRecordSets(
      zone_, {{},
              {Weighted("CREATE", "green", 1, "2.2.2.2"), Weighted("CREATE", "blue", 1, "1.1.1.1"),
               Weighted("DELETE", "red", 1, "3.3.3.3")}});
  EXPECT_EQ(failed.status().kind(), "InvalidChangeBatch");
  EXPECT_EQ(failed.status().message(),
            "[Tried to create resource record set [name='www.example.com.', type='A', "
            "set-identifier='blue'] but it already exists, Tried to delete resource record set "
            "[name='www.example.com.', type='A', set-identifier='red'] but it was not found]");
  auto page = model_->ListResourceRecordSets({zone_, {}, {}, {}, 300});
  EXPECT_EQ(page->records.size(), 3u) << "green was not created";
  auto bad_weight =
      model_->ChangeResourceRecordSets(zone_, {{}, {Weighted("UPSERT", "blue", 256, "1.1.1.1")}});
  EXPECT_EQ(bad_weight.status().kind(), "InvalidInput");
}

TEST_F(Route53ModelTest, ListPagesByNameTypeAndIdentifier) {
  ASSERT_TRUE(model_
                  ->ChangeResourceRecordSets(zone_, {{},
                                                     {Weighted("CREATE", "blue", 1, "1.1.1.1"),
                                                      Weighted("CREATE", "green", 1, "2.2.2.2")}})
                  .ok());
  auto first = model_->ListResourceRecordSets({zone_, {}, {}, {}, 3});
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->truncated);
  EXPECT_EQ(first->records[0].type, "NS");  // example.com. NS, SOA, then www
  EXPECT_EQ(first->records[2].set_identifier, "blue");
  auto second = model_->ListResourceRecordSets(
      {zone_, first->next->name, first->next->type, first->next->set_identifier, 3});
  ASSERT_EQ(second->records.size(), 1u);
  EXPECT_EQ(second->records[0].set_identifier, "green");
  EXPECT_FALSE(second->truncated);
}

TEST_F(Route53ModelTest, StateSurvivesReopenAndDeleteNeedsEmptyZone) {
  ASSERT_TRUE(
      model_->ChangeResourceRecordSets(zone_, {{}, {Weighted("CREATE", "blue", 1, "1.1.1.1")}})
          .ok());
  EXPECT_EQ(model_->DeleteHostedZone(zone_).status().kind(), "HostedZoneNotEmpty");
  ASSERT_TRUE(model_->WaitDurable(model_->WriteBarrier()).ok());
  model_ = std::move(Route53Model::Open(db_.get(), &clock_)).value();
  EXPECT_EQ(model_->GetHostedZone(zone_)->record_count, 3);
  ASSERT_TRUE(
      model_->ChangeResourceRecordSets(zone_, {{}, {Weighted("DELETE", "blue", 1, "1.1.1.1")}})
          .ok());
  EXPECT_TRUE(model_->DeleteHostedZone(zone_).ok());
  EXPECT_EQ(model_->GetHostedZone(zone_).status().kind(), "NoSuchHostedZone");
}

}  // namespace
}  // namespace stepshift::route53
