// libFuzzer target for the request path: arbitrary bodies (and targets) through the router into
// every service of one long-lived in-memory engine: awsJson1_0 operations, and Lambda
// (restJson1) and Route 53 (restXml) routes whose path members come from the input too.
// Anything but a well-formed HTTP response (a crash, a leak, a sanitizer report, a 5xx) is a bug.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <future>
#include <string>
#include <string_view>

#include "api/local_engine.h"

namespace {

using stepshift::api::HttpRequest;

// The first input byte picks the wire shape; the rest is the body.
const char* const kTargets[] = {
    "AWSStepFunctions.CreateStateMachine",
    "AWSStepFunctions.DescribeStateMachine",
    "AWSStepFunctions.UpdateStateMachine",
    "AWSStepFunctions.DeleteStateMachine",
    "AWSStepFunctions.ListStateMachines",
    "AWSStepFunctions.PublishStateMachineVersion",
    "AWSStepFunctions.ListStateMachineVersions",
    "AWSStepFunctions.DeleteStateMachineVersion",
    "AWSStepFunctions.CreateStateMachineAlias",
    "AWSStepFunctions.DescribeStateMachineAlias",
    "AWSStepFunctions.UpdateStateMachineAlias",
    "AWSStepFunctions.ListStateMachineAliases",
    "AWSStepFunctions.DeleteStateMachineAlias",
    "AWSStepFunctions.ValidateStateMachineDefinition",
    "AWSStepFunctions.TagResource",
    "AWSStepFunctions.UntagResource",
    "AWSStepFunctions.ListTagsForResource",
    "AWSStepFunctions.StartExecution",
    "AWSStepFunctions.StartSyncExecution",
    "AWSStepFunctions.DescribeExecution",
    "AWSStepFunctions.ListExecutions",
    "AWSStepFunctions.GetExecutionHistory",
    "AWSStepFunctions.StopExecution",
    "AWSStepFunctions.DescribeStateMachineForExecution",
    "AWSStepFunctions.RedriveExecution",
    // Not GetActivityTask: a poll of an activity with no task would hold each run for 60 s.
    "AWSStepFunctions.CreateActivity",
    "AWSStepFunctions.DescribeActivity",
    "AWSStepFunctions.ListActivities",
    "AWSStepFunctions.DeleteActivity",
    "AWSStepFunctions.SendTaskSuccess",
    "AWSStepFunctions.SendTaskFailure",
    "AWSStepFunctions.SendTaskHeartbeat",
    "AWSStepFunctions.TestState",
    "AWSStepFunctions.DescribeMapRun",
    "AWSStepFunctions.ListMapRuns",
    "AWSStepFunctions.UpdateMapRun",
    "AWSStepFunctions.Bogus",
};
constexpr size_t kTargetCount = sizeof(kTargets) / sizeof(kTargets[0]);

// REST routes: "{}" takes the input's first line (percent-encoded), the rest is the body.
struct RestRoute {
  const char* method;
  const char* path;
  const char* content_type;
};

const RestRoute kRestRoutes[] = {
    {"POST", "/2015-03-31/functions", "application/json"},
    {"GET", "/2015-03-31/functions/{}", ""},
    {"PUT", "/2015-03-31/functions/{}/configuration", "application/json"},
    {"PUT", "/2015-03-31/functions/{}/code", "application/json"},
    {"POST", "/2015-03-31/functions/{}/versions", "application/json"},
    {"GET", "/2015-03-31/functions/{}/versions?MaxItems={}", ""},
    {"POST", "/2015-03-31/functions/fn/aliases", "application/json"},
    {"PUT", "/2015-03-31/functions/fn/aliases/{}", "application/json"},
    {"POST", "/2015-03-31/functions/{}/invocations", "application/json"},
    {"PUT", "/2017-10-31/functions/{}/concurrency", "application/json"},
    {"POST", "/2013-04-01/hostedzone", "text/xml"},
    {"GET", "/2013-04-01/hostedzone/{}", ""},
    {"POST", "/2013-04-01/hostedzone/{}/rrset/", "text/xml"},
    {"GET", "/2013-04-01/hostedzone/{}/rrset?name={}&maxitems=2", ""},
    {"GET", "/2013-04-01/change/{}", ""},
    // Appended, so the seeds' first bytes keep naming the routes above.
    {"POST", "/2017-03-31/tags/{}", "application/json"},
    {"GET", "/2017-03-31/tags/{}", ""},
    {"DELETE", "/2017-03-31/tags/{}?tagKeys=team&tagKeys=owner", ""},
};
constexpr size_t kRestCount = sizeof(kRestRoutes) / sizeof(kRestRoutes[0]);

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ':') {
      out += char(c);
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out;
}

HttpRequest RestRequest(const RestRoute& route, std::string_view input) {
  size_t newline = input.find('\n');
  std::string member = PercentEncode(input.substr(0, newline));
  HttpRequest request;
  request.method = route.method;
  request.target = route.path;
  for (size_t at; (at = request.target.find("{}")) != std::string::npos;) {
    request.target.replace(at, 2, member);
  }
  if (*route.content_type) {
    request.headers.emplace_back("content-type", route.content_type);
  }
  request.body = newline == std::string_view::npos ? "" : std::string(input.substr(newline + 1));
  return request;
}

const stepshift::api::LocalEngine& Engine() {
  static auto engine = stepshift::api::LocalEngine::Open({});
  if (!engine.ok()) {
    std::abort();
  }
  return **engine;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) {
    return 0;
  }
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  size_t pick = data[0] % (kTargetCount + kRestCount);
  HttpRequest request;
  if (pick < kTargetCount) {
    request.method = "POST";
    request.target = "/";
    request.headers.emplace_back("x-amz-target", kTargets[pick]);
    request.headers.emplace_back("content-type", "application/x-amz-json-1.0");
    request.body = std::string(input);
  } else {
    request = RestRequest(kRestRoutes[pick - kTargetCount], input);
  }
  auto response = Engine().Handle(request);
  while (response.answer_later) {  // durability holds and Invoke answer later
    std::promise<stepshift::api::HttpResponse> answer;
    auto later = std::move(response.answer_later);
    later([&answer](stepshift::api::HttpResponse r) { answer.set_value(std::move(r)); });
    response = answer.get_future().get();
  }
  // Every bad input is the client's fault: a 4xx, never a 5xx. (502 is Lambda's own status for
  // InvalidRuntimeException, a function whose runtime cannot run here.)
  if (response.status >= 500 && response.status != 502) {
    std::abort();
  }
  return 0;
}
