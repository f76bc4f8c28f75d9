#include "deploy/router_world.h"

#include "aws/lambda_client.h"
#include "aws/route53_client.h"
#include "aws/sfn_client.h"
#include "base/base64.h"
#include "base/status_macros.h"
#include "deploy/aws_api.h"
#include "deploy/lambda_router.h"
#include "deploy/route53_router.h"
#include "lambda/zip.h"

namespace stepshift::deploy::testing {

Status RecordingApi::UpdateAlias(const std::string& a, const std::optional<Routing>& r,
                                 const std::optional<std::string>& d) {
  ++update_calls;
  if (on_update)
    on_update(update_calls);
  if (r && fail_routing_writes_after >= 0 &&
      static_cast<int>(writes.size()) >= fail_routing_writes_after)
    failing_ = true;
  if (failing_)
    return Status::Unavailable("injected failure");
  if (r)
    writes.push_back(*r);
  return inner_->UpdateAlias(a, r, d);
}

Result<std::vector<aws::AlarmInfo>> RecordingApi::DescribeAlarms(
    const std::vector<std::string>& n) {
  ++alarm_calls;
  if (on_alarm_check)
    on_alarm_check(alarm_calls);
  return inner_->DescribeAlarms(n);
}

namespace {

constexpr char kRole[] = "arn:aws:iam::123456789012:role/test";

std::string Definition(const std::string& comment) {
  return R"({"Comment":")" + comment +
         R"(","StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})";
}

class SfnWorld : public RouterWorld {
 public:
  SfnWorld(const aws::ClientConfig& config, int id) : config_(config), id_(id) {}

  Status SetUp(DeployOptions* options) override {
    aws::SfnClient sfn(config_);
    aws::CreateStateMachineRequest create{
        "m" + std::to_string(id_), Definition("v1"), kRole, "", true, ""};
    ASSIGN_OR_RETURN(aws::WriteResult created, sfn.CreateStateMachine(create));
    machine_ = created.arn;
    RETURN_IF_ERROR(
        sfn.CreateStateMachineAlias("live", {{machine_ + ":1", 100}}, "the live alias").status());
    aws::UpdateStateMachineRequest update;
    update.state_machine_arn = machine_;
    update.definition = Definition("v2");
    RETURN_IF_ERROR(sfn.UpdateStateMachine(update).status());
    options->state_machine = machine_;
    options->alias = "live";
    options->publish_revision = true;
    return Status::Ok();
  }

  std::unique_ptr<Api> NewApi() override { return std::make_unique<AwsApi>(config_); }

  std::string OldVersion() const override { return machine_ + ":1"; }

  std::string NewVersion() const override { return machine_ + ":2"; }

  std::string AliasArn() const override { return machine_ + ":live"; }

 private:
  aws::ClientConfig config_;
  int id_;
  std::string machine_;
};

std::string Zip(const std::string& returns) {
  return lambdas::MakeZip(
      {{"app.py", "def handler(event, context):\n    return " + returns + "\n", 0644}});
}

class LambdaWorld : public RouterWorld {
 public:
  LambdaWorld(const aws::ClientConfig& config, Clock* clock, int id)
      : config_(config), clock_(clock), id_(id), zip_(Zip("2")) {}

  Status SetUp(DeployOptions* options) override {
    aws::LambdaClient lambda(config_);
    json::Object create{{"FunctionName", "f" + std::to_string(id_)},
                        {"Runtime", "python3.12"},
                        {"Role", kRole},
                        {"Handler", "app.handler"},
                        {"Code", json::Object{{"ZipFile", Base64Encode(Zip("1"))}}},
                        {"Publish", true}};
    ASSIGN_OR_RETURN(aws::LambdaFunctionInfo created, lambda.CreateFunction(create));
    function_ = created.arn.substr(0, created.arn.rfind(':'));  // the version-1 ARN, unqualified
    RETURN_IF_ERROR(lambda.CreateAlias(function_, "live", "1", "the live alias").status());
    options->state_machine = function_;
    options->alias = "live";
    options->definition = ZipSha256(zip_);
    return Status::Ok();
  }

  std::unique_ptr<Api> NewApi() override {
    return std::make_unique<LambdaRouter>(config_, function_, "live", zip_, clock_);
  }

  std::string OldVersion() const override { return function_ + ":1"; }

  std::string NewVersion() const override { return function_ + ":2"; }

  std::string AliasArn() const override { return function_ + ":live"; }

 private:
  aws::ClientConfig config_;
  Clock* clock_;
  int id_;
  std::string zip_;
  std::string function_;
};

class Route53World : public RouterWorld {
 public:
  Route53World(const aws::ClientConfig& config, Clock* clock, int id)
      : config_(config), clock_(clock), id_(id) {}

  Status SetUp(DeployOptions* options) override {
    aws::Route53Client route53(config_);
    const std::string domain = "z" + std::to_string(id_) + ".example.com";
    ASSIGN_OR_RETURN(zone_, route53.CreateHostedZone(domain, "ref-" + domain));
    r_.hosted_zone_id = zone_;
    r_.record_name = "app." + domain + ".";
    r_.record_type = "A";
    r_.blue = "blue";
    r_.green = "green";
    auto record = [&](const std::string& id, int64_t weight, const std::string& ip) {
      return aws::Route53Change{"CREATE", {r_.record_name, "A", id, weight, 60, {ip}, {}}};
    };
    RETURN_IF_ERROR(route53
                        .ChangeRecordSets(zone_, {record("blue", 100, "10.0.0.1"),
                                                  record("green", 0, "10.0.0.2")})
                        .status());
    Route53Router router(config_, r_, clock_);
    ASSIGN_OR_RETURN(pair_, router.ResolveTarget());
    options->state_machine = pair_;
    options->alias = router.AliasName();
    return Status::Ok();
  }

  std::unique_ptr<Api> NewApi() override {
    return std::make_unique<Route53Router>(config_, r_, clock_);
  }

  std::string OldVersion() const override { return pair_ + ":blue"; }

  std::string NewVersion() const override { return pair_ + ":green"; }

  std::string AliasArn() const override { return pair_ + ":weights"; }

  std::string InitialDescription() const override { return ""; }

 private:
  aws::ClientConfig config_;
  Clock* clock_;
  int id_;
  std::string zone_;
  std::string pair_;
  Route53RouterOptions r_;
};

}  // namespace

std::unique_ptr<RouterWorld> MakeWorld(const std::string& router, const aws::ClientConfig& config,
                                       Clock* clock, int id) {
  if (router == "lambda")
    return std::make_unique<LambdaWorld>(config, clock, id);
  if (router == "route53")
    return std::make_unique<Route53World>(config, clock, id);
  return std::make_unique<SfnWorld>(config, id);
}

}  // namespace stepshift::deploy::testing
