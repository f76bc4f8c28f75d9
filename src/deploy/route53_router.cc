#include "deploy/route53_router.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "base/status_macros.h"
#include "deploy/runner.h"

namespace stepshift::deploy {

namespace {

std::string WithDot(const std::string& name) {
  std::string out = name;
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out.empty() || out.back() == '.' ? out : out + ".";
}

Status NotFoundOr(const Status& status, const std::string& zone) {
  if (status.kind() == "NoSuchHostedZone")
    return Status::NotFound("hosted zone " + zone + " does not exist");
  return status;
}

aws::Route53Change Change(const std::string& action, const aws::Route53Record& record) {
  return aws::Route53Change{action, record};
}

}  // namespace

std::string TxtValue(const std::string& text) {
  // Each character-string holds at most 255 characters; chunks of 200 leave room to spare.
  std::string value;
  for (size_t start = 0; start < text.size() || start == 0; start += 200) {
    std::string chunk = "\"";
    for (char c : text.substr(start, 200)) {
      if (c == '"' || c == '\\')
        chunk += '\\';
      chunk += c;
    }
    value += (value.empty() ? "" : " ") + chunk + "\"";
    if (text.empty())
      break;
  }
  return value;
}

std::string TxtText(const std::string& value) {
  std::string text;
  bool quoted = false;
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (quoted && c == '\\' && i + 1 < value.size()) {
      text += value[++i];
    } else if (quoted) {
      text += c;
    }
  }
  return text;
}

Route53Router::Route53Router(const aws::ClientConfig& config, Route53RouterOptions options,
                             Clock* clock)
    : route53_(config), cloudwatch_(config), o_(std::move(options)), clock_(clock) {
  o_.record_name = WithDot(o_.record_name);
}

std::string Route53Router::PairArn() const {
  return "arn:aws:route53:::hostedzone/" + o_.hosted_zone_id + "/rrset/" + o_.record_name + "/" +
         o_.record_type;
}

std::string Route53Router::RecordTxtName() const {
  std::string type = o_.record_type;
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return "_stepshift-" + type + "." + o_.record_name;
}

Result<Route53Router::Snapshot> Route53Router::Read() {
  auto pair = route53_.ListRecordSets(o_.hosted_zone_id, o_.record_name, o_.record_type);
  if (!pair.ok())
    return NotFoundOr(pair.status(), o_.hosted_zone_id);
  Snapshot snapshot;
  bool blue = false, green = false;
  for (const aws::Route53Record& r : *pair) {
    if (r.set_identifier == o_.blue && r.weight)
      snapshot.blue = r, blue = true;
    if (r.set_identifier == o_.green && r.weight)
      snapshot.green = r, green = true;
  }
  for (auto [found, id] : {std::pair{blue, o_.blue}, std::pair{green, o_.green}}) {
    if (!found) {
      return Status::NotFound("weighted record " + o_.record_name + " " + o_.record_type +
                              " with SetIdentifier '" + id + "' does not exist in hosted zone " +
                              o_.hosted_zone_id);
    }
  }
  auto txt = route53_.ListRecordSets(o_.hosted_zone_id, RecordTxtName(), "TXT");
  if (!txt.ok())
    return txt.status();
  for (const aws::Route53Record& r : *txt) {
    if (r.set_identifier.empty())
      snapshot.txt = r;
  }
  last_ = snapshot;
  return snapshot;
}

Result<std::string> Route53Router::ResolveTarget() {
  RETURN_IF_ERROR(Read().status());
  return PairArn();
}

Result<aws::StateMachineInfo> Route53Router::DescribeStateMachine(const std::string& arn) {
  RETURN_IF_ERROR(Read().status());
  aws::StateMachineInfo info;
  info.arn = arn;
  info.name = o_.record_name;
  return info;
}

Result<aws::WriteResult> Route53Router::UpdateStateMachine(const aws::UpdateStateMachineRequest&) {
  return PublishVersion(PairArn(), "", "");
}

Result<aws::WriteResult> Route53Router::PublishVersion(const std::string& pair_arn,
                                                       const std::string&, const std::string&) {
  aws::WriteResult out;
  out.arn = pair_arn;
  out.version_arn = pair_arn + ":" + o_.green;
  return out;
}

Result<std::vector<std::string>> Route53Router::ListVersions(const std::string& pair_arn) {
  return std::vector<std::string>{pair_arn + ":" + o_.green, pair_arn + ":" + o_.blue};
}

Status Route53Router::DeleteVersion(const std::string& version_arn) {
  return Status::FailedPrecondition("Route 53 records are never deleted (" + version_arn + ")");
}

Result<std::vector<std::string>> Route53Router::ListAliases(const std::string& pair_arn) {
  return std::vector<std::string>{pair_arn + ":" + AliasName()};
}

Result<aws::AliasInfo> Route53Router::DescribeAlias(const std::string& alias_arn) {
  ASSIGN_OR_RETURN(Snapshot s, Read());
  const int64_t blue = *s.blue.weight, green = *s.green.weight;
  // Route 53 splits evenly when every weight is 0.
  const int blue_percent = blue + green == 0
                               ? 50
                               : static_cast<int>(std::lround(100.0 * static_cast<double>(blue) /
                                                              static_cast<double>(blue + green)));
  aws::AliasInfo alias;
  alias.arn = alias_arn;
  alias.name = AliasName();
  alias.routing = {{PairArn() + ":" + o_.blue, blue_percent},
                   {PairArn() + ":" + o_.green, 100 - blue_percent}};
  alias.description = s.txt && !s.txt->values.empty() ? TxtText(s.txt->values.front()) : "";
  return alias;
}

Status Route53Router::CreateAlias(const std::string& pair_arn, const std::string&, const Routing&) {
  return Status::FailedPrecondition("the weighted records of " + pair_arn + " must exist");
}

Status Route53Router::UpdateAlias(const std::string& /*alias_arn*/,
                                  const std::optional<Routing>& routing,
                                  const std::optional<std::string>& description) {
  if (!last_)
    RETURN_IF_ERROR(Read().status());
  Snapshot next = *last_;
  std::vector<aws::Route53Change> changes;
  if (routing) {
    for (aws::Route53Record* r : {&next.blue, &next.green}) {
      int64_t weight = 0;
      for (const aws::RoutingEntry& e : *routing) {
        if (VersionNumber(e.version_arn) == r->set_identifier)
          weight += e.weight;
      }
      r->weight = weight;
    }
    changes = {Change("DELETE", last_->blue), Change("DELETE", last_->green),
               Change("CREATE", next.blue), Change("CREATE", next.green)};
  }
  if (description) {
    if (last_->txt)
      changes.push_back(Change("DELETE", *last_->txt));
    next.txt.reset();
    if (!description->empty()) {
      aws::Route53Record txt;
      txt.name = RecordTxtName();
      txt.type = "TXT";
      txt.ttl = 60;
      txt.values = {TxtValue(*description)};
      changes.push_back(Change("CREATE", txt));
      next.txt = txt;
    }
  }
  if (changes.empty())
    return Status::Ok();
  auto change = route53_.ChangeRecordSets(o_.hosted_zone_id, changes, "stepshift deploy");
  if (!change.ok() && change.status().kind() == "InvalidChangeBatch") {
    return Status::FailedPrecondition("the records of " + PairArn() +
                                      " were changed by someone else since they were read (" +
                                      change.status().message() + "); nothing changed");
  }
  RETURN_IF_ERROR(NotFoundOr(change.status(), o_.hosted_zone_id));
  last_ = next;
  return WaitInSync(*change);
}

Status Route53Router::WaitInSync(const std::string& change_id) {
  const Time deadline = clock_->Now() + o_.sync_timeout;
  while (true) {
    ASSIGN_OR_RETURN(std::string status, route53_.GetChange(change_id));
    if (status == "INSYNC")
      return Status::Ok();
    if (clock_->Now() >= deadline) {
      return Status::Unavailable(
          "change " + change_id + " still " + status + " after " +
          std::to_string(
              std::chrono::duration_cast<std::chrono::seconds>(o_.sync_timeout).count()) +
          " s");
    }
    clock_->SleepUntil(clock_->Now() + o_.sync_poll);
  }
}

Result<std::vector<aws::AlarmInfo>> Route53Router::DescribeAlarms(
    const std::vector<std::string>& names) {
  aws::DescribeAlarmsRequest request;
  request.alarm_names = names;
  return cloudwatch_.DescribeAlarms(request);
}

}  // namespace stepshift::deploy
