#include "api/cloudwatch/query_codec.h"

#include <algorithm>
#include <cstdlib>

#include "api/cloudwatch/cloudwatch_ops.h"
#include "base/clock.h"
#include "base/percent_encoding.h"
#include "cloudwatch/state_reason.h"

namespace stepshift::api::cloudwatch_wire {

namespace {

std::vector<std::string> Split(const std::string& key) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t dot = key.find('.', start);
    parts.push_back(key.substr(start, dot - start));
    if (dot == std::string::npos) {
      return parts;
    }
    start = dot + 1;
  }
}

void Insert(json::Object* root, const std::vector<std::string>& parts, const std::string& value) {
  json::Object* node = root;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    json::Value& child = (*node)[parts[i]];
    if (!child.is_object()) {
      child = json::Object{};  // a later, deeper key wins over a scalar at the same path
    }
    node = &child.as_object();
  }
  (*node)[parts.back()] = value;
}

// {"member": {"2": x, "1": y}} -> [y, x], applied bottom-up.
void Normalize(json::Value* value) {
  if (!value->is_object()) {
    return;
  }
  json::Object& obj = value->as_object();
  for (auto& member : obj) {
    Normalize(&member.value());
  }
  if (obj.size() != 1 || !obj.contains("member") || !obj.at("member").is_object()) {
    return;
  }
  std::vector<std::pair<long, json::Value>> items;
  for (auto& member : obj.at("member").as_object()) {
    char* end = nullptr;
    std::string index(member.key());
    long n = std::strtol(index.c_str(), &end, 10);
    if (end == index.c_str() || *end != '\0') {
      return;  // not a list after all
    }
    items.emplace_back(n, std::move(member.value()));
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  json::Array array;
  for (auto& [n, item] : items) {
    array.push_back(std::move(item));
  }
  *value = std::move(array);
}

std::string Scalar(const json::Value& v, bool timestamp) {
  if (timestamp && v.is_number()) {
    return FormatIso8601(FromEpochSeconds(v.to_number<double>()));
  }
  switch (v.kind()) {
    case boost::json::kind::bool_:
      return v.as_bool() ? "true" : "false";
    case boost::json::kind::int64:
      return std::to_string(v.as_int64());
    case boost::json::kind::uint64:
      return std::to_string(v.as_uint64());
    case boost::json::kind::double_:
      return cloudwatch::FormatJavaDouble(v.as_double());
    case boost::json::kind::string:
      return XmlEscape(v.as_string());
    default:
      return "";
  }
}

void AppendValue(std::string_view name, const json::Value& v, std::string* out) {
  bool timestamp = IsTimestampMember(name);
  if (v.is_array()) {
    for (const json::Value& item : v.as_array()) {
      *out += "<member>";
      if (item.is_object()) {
        AppendXmlMembers(item.as_object(), out);
      } else {
        *out += Scalar(item, timestamp);
      }
      *out += "</member>";
    }
  } else if (v.is_object() && IsMapMember(name)) {
    for (const auto& entry : v.as_object()) {
      *out += "<entry><key>" + XmlEscape(entry.key()) + "</key><value>" +
              Scalar(entry.value(), false) + "</value></entry>";
    }
  } else if (v.is_object()) {
    AppendXmlMembers(v.as_object(), out);
  } else {
    *out += Scalar(v, timestamp);
  }
}

}  // namespace

FormPairs ParseForm(std::string_view text) {
  FormPairs pairs;
  size_t start = 0;
  while (start <= text.size()) {
    size_t amp = text.find('&', start);
    std::string_view part = text.substr(start, amp == std::string_view::npos ? amp : amp - start);
    if (!part.empty()) {
      size_t eq = part.find('=');
      pairs.emplace_back(
          PercentDecode(part.substr(0, eq), true),
          eq == std::string_view::npos ? "" : PercentDecode(part.substr(eq + 1), true));
    }
    if (amp == std::string_view::npos) {
      break;
    }
    start = amp + 1;
  }
  return pairs;
}

json::Object FormToDocument(const FormPairs& pairs) {
  json::Value root = json::Object{};
  for (const auto& [key, value] : pairs) {
    if (key.empty() || key == "Action" || key == "Version") {
      continue;
    }
    Insert(&root.as_object(), Split(key), value);
  }
  Normalize(&root);
  return root.is_object() ? std::move(root.as_object()) : json::Object{};
}

std::string FormValue(const FormPairs& pairs, std::string_view key) {
  for (const auto& [k, v] : pairs) {
    if (k == key) {
      return v;
    }
  }
  return "";
}

void AppendXmlMembers(const json::Object& object, std::string* out) {
  for (const auto& member : object) {
    *out += "<" + std::string(member.key()) + ">";
    AppendValue(member.key(), member.value(), out);
    *out += "</" + std::string(member.key()) + ">";
  }
}

std::string XmlResponse(std::string_view op, std::string_view xmlns, const json::Object* result,
                        std::string_view request_id) {
  std::string o(op);
  std::string out = "<" + o + "Response xmlns=\"" + std::string(xmlns) + "\">";
  if (result != nullptr) {
    out += "<" + o + "Result>";
    AppendXmlMembers(*result, &out);
    out += "</" + o + "Result>";
  }
  out += "<ResponseMetadata><RequestId>" + XmlEscape(request_id) +
         "</RequestId></ResponseMetadata></" + o + "Response>";
  return out;
}

std::string XmlError(std::string_view xmlns, std::string_view code, std::string_view message,
                     bool sender_fault, std::string_view request_id) {
  return "<ErrorResponse xmlns=\"" + std::string(xmlns) + "\"><Error><Type>" +
         (sender_fault ? "Sender" : "Receiver") + "</Type><Code>" + XmlEscape(code) +
         "</Code><Message>" + XmlEscape(message) + "</Message></Error><RequestId>" +
         XmlEscape(request_id) + "</RequestId></ErrorResponse>";
}

}  // namespace stepshift::api::cloudwatch_wire
