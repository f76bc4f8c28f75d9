#include "cli/demo_traffic.h"

#include <cstdio>

#include "base/json.h"

namespace stepshift::cli {

std::string OrderInput(int n) {
  // A small linear congruential sequence: varied, and the same on every run.
  const unsigned h = static_cast<unsigned>(n) * 2654435761u;
  static constexpr const char* kCoupons[] = {"SPRING", "WELCOME10", "LOYAL"};
  json::Object order{{"order", "o-" + std::to_string(n)},
                     {"amount", static_cast<double>(h % 9000 + 500) / 100},
                     {"items", static_cast<int64_t>(h % 5 + 1)}};
  if (n % 5 != 1 && n % 5 != 3)
    order["coupon"] = json::Object{{"code", kCoupons[(h >> 8) % 3]}};
  return json::Serialize(order);
}

DemoTraffic::DemoTraffic(aws::SfnClient* sfn, Clock* clock, std::string alias_arn, Duration every)
    : sfn_(sfn), clock_(clock), alias_arn_(std::move(alias_arn)), every_(every) {}

void DemoTraffic::Start() {
  thread_ = std::thread([this] { Run(); });
}

void DemoTraffic::Stop() {
  stop_ = true;
  if (thread_.joinable())
    thread_.join();
}

std::string DemoTraffic::first_refusal() const {
  return refused_.load() > 0 ? first_refusal_ : "";
}

void DemoTraffic::Run() {
  Time next = clock_->Now();
  for (int n = 1; !stop_.load(); ++n) {
    auto started = sfn_->Call(
        "StartExecution", json::Object{{"stateMachineArn", alias_arn_}, {"input", OrderInput(n)}});
    if (started.ok()) {
      ++started_;
    } else {
      if (refused_.load() == 0)
        first_refusal_ = started.status().ToString();
      ++refused_;
    }
    // A fixed cadence, not a fixed gap: a slow call does not lower the rate.
    next += every_;
    if (next > clock_->Now())
      clock_->SleepUntil(next);
  }
}

}  // namespace stepshift::cli
