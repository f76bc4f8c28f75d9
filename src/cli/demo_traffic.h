// The demo's traffic: orders started through the alias at a steady rate on a thread of its own,
// as an application would start them. The inputs vary (a seeded sequence): amounts, item counts,
// and a coupon on some orders but not others, which is what v2's bug trips over.
#pragma once

#include <atomic>
#include <string>
#include <thread>

#include "aws/sfn_client.h"
#include "base/clock.h"

namespace stepshift::cli {

// The n-th order's input, e.g. {"order":"o-7","amount":38.5,"items":2,"coupon":{"code":"SPRING"}}.
// Two orders in five carry no coupon.
std::string OrderInput(int n);

class DemoTraffic {
 public:
  // Does not own `sfn` (thread-safe) or `clock`. Starts one execution of `alias_arn` every
  // `every` once Start()ed.
  DemoTraffic(aws::SfnClient* sfn, Clock* clock, std::string alias_arn, Duration every);

  ~DemoTraffic() { Stop(); }

  DemoTraffic(const DemoTraffic&) = delete;
  DemoTraffic& operator=(const DemoTraffic&) = delete;

  void Start();
  // Stops starting orders (within one interval) and joins the thread. Idempotent.
  void Stop();

  int started() const { return started_.load(); }

  // Starts the service refused; the first refusal's message is kept for the story to report.
  int refused() const { return refused_.load(); }

  std::string first_refusal() const;

 private:
  void Run();

  aws::SfnClient* sfn_;
  Clock* clock_;
  std::string alias_arn_;
  Duration every_;
  std::atomic<bool> stop_{false};
  std::atomic<int> started_{0};
  std::atomic<int> refused_{0};
  std::string first_refusal_;  // written by the thread before refused_ is first incremented
  std::thread thread_;
};

}  // namespace stepshift::cli
