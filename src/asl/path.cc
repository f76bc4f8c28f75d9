#include "asl/path.h"

#include <charconv>

#include "base/status_macros.h"

namespace stepshift::asl {

namespace internal {

namespace {

Status Bad(std::string_view text, std::string_view why) {
  return Status::InvalidArgument("invalid JSONPath '" + std::string(text) +
                                 "': " + std::string(why));
}

bool IsNameEnd(char c, bool stop_at_operator) {
  if (c == '.' || c == '[')
    return true;
  if (!stop_at_operator)
    return false;
  return c == ' ' || c == ')' || c == '=' || c == '!' || c == '<' || c == '>' || c == '&' ||
         c == '|' || c == ',';
}

bool ParseInt(std::string_view s, int64_t* out) {
  size_t b = s.find_first_not_of(' ');
  size_t e = s.find_last_not_of(' ');
  if (b == std::string_view::npos)
    return false;
  s = s.substr(b, e - b + 1);
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// Parses a quoted name starting at text[*pos] (a quote), leaving *pos after the closing quote.
bool ParseQuoted(std::string_view text, size_t* pos, std::string* out) {
  char quote = text[*pos];
  size_t i = *pos + 1;
  out->clear();
  for (; i < text.size() && text[i] != quote; ++i) {
    if (text[i] == '\\' && i + 1 < text.size())
      ++i;
    out->push_back(text[i]);
  }
  if (i >= text.size())
    return false;
  *pos = i + 1;
  return true;
}

// Finds the ']' closing a filter, skipping quoted strings and nested brackets.
size_t FindFilterEnd(std::string_view text, size_t i) {
  int depth = 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\'' || c == '"') {
      size_t j = i + 1;
      while (j < text.size() && text[j] != c)
        j += text[j] == '\\' ? 2 : 1;
      i = j;
    } else if (c == '(' || c == '[') {
      ++depth;
    } else if (c == ')' || c == ']') {
      if (depth == 0 && c == ']')
        return i;
      --depth;
    }
  }
  return std::string_view::npos;
}

Status ParseBracketNumbers(std::string_view text, std::string_view inner, PathSegment* seg) {
  if (inner.find(':') != std::string_view::npos) {
    seg->kind = PathSegment::Kind::kSlice;
    std::string_view parts[3];
    int n = 0;
    size_t from = 0;
    for (size_t i = 0; i <= inner.size() && n < 3; ++i) {
      if (i == inner.size() || inner[i] == ':') {
        parts[n++] = inner.substr(from, i - from);
        from = i + 1;
      }
    }
    if (parts[0].find_first_not_of(' ') != std::string_view::npos) {
      if (!ParseInt(parts[0], &seg->start))
        return Bad(text, "bad slice start");
      seg->has_start = true;
    }
    if (parts[1].find_first_not_of(' ') != std::string_view::npos) {
      if (!ParseInt(parts[1], &seg->end))
        return Bad(text, "bad slice end");
      seg->has_end = true;
    }
    if (n == 3 && parts[2].find_first_not_of(' ') != std::string_view::npos) {
      if (!ParseInt(parts[2], &seg->step) || seg->step == 0)
        return Bad(text, "bad slice step");
    }
    return Status::Ok();
  }
  size_t from = 0;
  std::vector<int64_t> indices;
  for (size_t i = 0; i <= inner.size(); ++i) {
    if (i == inner.size() || inner[i] == ',') {
      int64_t v;
      if (!ParseInt(inner.substr(from, i - from), &v))
        return Bad(text, "bad array index");
      indices.push_back(v);
      from = i + 1;
    }
  }
  if (indices.size() == 1) {
    seg->kind = PathSegment::Kind::kIndex;
    seg->index = indices[0];
  } else {
    seg->kind = PathSegment::Kind::kUnion;
    seg->indices = std::move(indices);
  }
  return Status::Ok();
}

Status ParseQuotedNames(std::string_view text, size_t* pos, PathSegment* seg) {
  std::vector<std::string> names;
  while (true) {
    std::string name;
    if (!ParseQuoted(text, pos, &name))
      return Bad(text, "unterminated quote");
    names.push_back(std::move(name));
    while (*pos < text.size() && text[*pos] == ' ')
      ++*pos;
    if (*pos < text.size() && text[*pos] == ',') {
      ++*pos;
      while (*pos < text.size() && text[*pos] == ' ')
        ++*pos;
      if (*pos >= text.size() || (text[*pos] != '\'' && text[*pos] != '"')) {
        return Bad(text, "bad name list");
      }
      continue;
    }
    break;
  }
  if (*pos >= text.size() || text[*pos] != ']')
    return Bad(text, "expected ']'");
  ++*pos;
  if (names.size() == 1) {
    seg->kind = PathSegment::Kind::kField;
    seg->name = std::move(names[0]);
  } else {
    seg->kind = PathSegment::Kind::kUnion;
    seg->names = std::move(names);
  }
  return Status::Ok();
}

Status ParseBracket(std::string_view text, size_t* pos, PathSegment* seg) {
  size_t i = *pos + 1;  // after '['
  while (i < text.size() && text[i] == ' ')
    ++i;
  if (i >= text.size())
    return Bad(text, "unterminated '['");
  if (text[i] == '\'' || text[i] == '"') {
    *pos = i;
    return ParseQuotedNames(text, pos, seg);
  }
  if (text[i] == '?') {
    size_t end = FindFilterEnd(text, i + 1);
    if (end == std::string_view::npos)
      return Bad(text, "unterminated filter");
    std::string_view body = text.substr(i + 1, end - i - 1);
    size_t b = body.find_first_not_of(' ');
    size_t e = body.find_last_not_of(' ');
    if (b == std::string_view::npos || body[b] != '(' || body[e] != ')') {
      return Bad(text, "filter must be ?(...)");
    }
    auto filter = ParseFilter(body.substr(b + 1, e - b - 1));
    if (!filter.ok())
      return Bad(text, filter.status().message());
    seg->kind = PathSegment::Kind::kFilter;
    seg->filter = *filter;
    *pos = end + 1;
    return Status::Ok();
  }
  size_t close = text.find(']', i);
  if (close == std::string_view::npos)
    return Bad(text, "unterminated '['");
  std::string_view inner = text.substr(i, close - i);
  *pos = close + 1;
  if (inner.find_first_not_of(' ') != std::string_view::npos &&
      inner.substr(inner.find_first_not_of(' '), 1) == "*") {
    seg->kind = PathSegment::Kind::kWildcard;
    return Status::Ok();
  }
  return ParseBracketNumbers(text, inner, seg);
}

Status ParseDotName(std::string_view text, size_t* pos, bool descent, bool stop_at_operator,
                    PathSegment* seg) {
  size_t i = *pos;
  if (i < text.size() && text[i] == '*') {
    seg->kind = descent ? PathSegment::Kind::kDescent : PathSegment::Kind::kWildcard;
    *pos = i + 1;
    return Status::Ok();
  }
  size_t start = i;
  while (i < text.size() && !IsNameEnd(text[i], stop_at_operator))
    ++i;
  if (i == start) {
    if (descent && i < text.size() && text[i] == '[') {
      seg->kind = PathSegment::Kind::kDescent;  // `..[...]` : descend, then apply the bracket
      *pos = i;
      return Status::Ok();
    }
    return Bad(text, "empty field name");
  }
  std::string name(text.substr(start, i - start));
  *pos = i;
  if (!descent && name == "length()") {
    seg->kind = PathSegment::Kind::kLength;
    return Status::Ok();
  }
  seg->kind = descent ? PathSegment::Kind::kDescent : PathSegment::Kind::kField;
  seg->name = std::move(name);
  return Status::Ok();
}

}  // namespace

Status ParseSegments(std::string_view text, size_t* pos, std::vector<PathSegment>* out,
                     bool stop_at_operator) {
  size_t& i = *pos;
  while (i < text.size()) {
    char c = text[i];
    PathSegment seg;
    if (c == '.') {
      bool descent = i + 1 < text.size() && text[i + 1] == '.';
      i += descent ? 2 : 1;
      RETURN_IF_ERROR(ParseDotName(text, &i, descent, stop_at_operator, &seg));
    } else if (c == '[') {
      RETURN_IF_ERROR(ParseBracket(text, &i, &seg));
    } else if (stop_at_operator) {
      return Status::Ok();
    } else {
      return Bad(text, "unexpected character '" + std::string(1, c) + "'");
    }
    out->push_back(std::move(seg));
  }
  return Status::Ok();
}

}  // namespace internal

Result<JsonPath> JsonPath::Parse(std::string_view text) {
  JsonPath p;
  p.text_ = std::string(text);
  if (text.empty() || text[0] != '$') {
    return Status::InvalidArgument("invalid JSONPath '" + std::string(text) +
                                   "': must start with '$'");
  }
  size_t pos = 1;
  if (text.size() > 1 && text[1] == '$') {
    p.root_ = PathRoot::kContext;
    pos = 2;
  } else if (text.size() > 1 && (std::isalpha(static_cast<unsigned char>(text[1])) ||
                                 text[1] == '_' || static_cast<unsigned char>(text[1]) >= 0x80)) {
    // Variable names are Unicode identifiers (workflow-variables.html, "Variable name syntax"):
    // bytes of a multi-byte UTF-8 character belong to the name.
    p.root_ = PathRoot::kVariable;
    while (pos < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[pos])) || text[pos] == '_' ||
            static_cast<unsigned char>(text[pos]) >= 0x80)) {
      ++pos;
    }
    p.variable_ = std::string(text.substr(1, pos - 1));
  }
  RETURN_IF_ERROR(internal::ParseSegments(text, &pos, &p.segments_, false));
  for (const PathSegment& s : p.segments_) {
    if (s.kind != PathSegment::Kind::kField && s.kind != PathSegment::Kind::kIndex &&
        s.kind != PathSegment::Kind::kLength) {
      p.definite_ = false;
    }
  }
  return p;
}

bool JsonPath::IsReferencePath() const {
  for (const PathSegment& s : segments_) {
    if (s.kind == PathSegment::Kind::kField)
      continue;
    if (s.kind == PathSegment::Kind::kIndex && s.index >= 0)
      continue;
    return false;
  }
  return true;
}

std::string JsonPath::Normalized() const {
  std::string out = root_ == PathRoot::kContext    ? "$$"
                    : root_ == PathRoot::kVariable ? "$" + variable_
                                                   : "$";
  for (const PathSegment& s : segments_) {
    if (s.kind == PathSegment::Kind::kField) {
      out += "['" + s.name + "']";
    } else if (s.kind == PathSegment::Kind::kIndex) {
      out += "[" + std::to_string(s.index) + "]";
    } else if (s.kind == PathSegment::Kind::kLength) {
      out += ".length()";
    } else {
      out += "[*]";
    }
  }
  return out;
}

std::string JsonPath::NotFoundReason(const Value& root_value) const {
  // Jayway throws "Missing property" for an absent property that is not the last step (localstack
  // test_base_scenarios.snapshot.json, test_catch_states_runtime: $.no.such.result.path on {}
  // reports $['no']); a missing leaf, index or non-object step ends in "No results".
  const Value* cur = &root_value;
  JsonPath prefix = *this;
  prefix.segments_.clear();
  for (size_t i = 0; i + 1 < segments_.size() && cur != nullptr; ++i) {
    const PathSegment& s = segments_[i];
    prefix.segments_.push_back(s);
    const Object* obj = cur->if_object();
    if (s.kind != PathSegment::Kind::kField || obj == nullptr)
      break;
    cur = obj->if_contains(s.name);
    if (cur == nullptr)
      return "Missing property in path " + prefix.Normalized();
  }
  return "No results for path: " + Normalized();
}

const Value* JsonPath::Find(const Value& root_value) const {
  const Value* cur = &root_value;
  for (const PathSegment& s : segments_) {
    if (s.kind == PathSegment::Kind::kField) {
      const Object* obj = cur->if_object();
      if (obj == nullptr)
        return nullptr;
      cur = obj->if_contains(s.name);
    } else if (s.kind == PathSegment::Kind::kIndex) {
      const Array* arr = cur->if_array();
      if (arr == nullptr)
        return nullptr;
      int64_t i = s.index < 0 ? static_cast<int64_t>(arr->size()) + s.index : s.index;
      if (i < 0 || i >= static_cast<int64_t>(arr->size()))
        return nullptr;
      cur = &(*arr)[i];
    } else {
      return nullptr;
    }
    if (cur == nullptr)
      return nullptr;
  }
  return cur;
}

bool JsonPath::Evaluate(const Value& root_value, Value* out) const {
  if (definite_) {
    if (!segments_.empty() && segments_.back().kind == PathSegment::Kind::kLength) {
      JsonPath prefix = *this;
      prefix.segments_.pop_back();
      const Value* v = prefix.Find(root_value);
      if (v == nullptr)
        return false;
      if (v->is_array())
        *out = static_cast<int64_t>(v->get_array().size());
      else if (v->is_string())
        *out = static_cast<int64_t>(v->get_string().size());
      else if (v->is_object())
        *out = static_cast<int64_t>(v->get_object().size());
      else
        return false;
      return true;
    }
    const Value* v = Find(root_value);
    if (v == nullptr)
      return false;
    *out = *v;
    return true;
  }
  std::vector<const Value*> nodes{&root_value};
  internal::ApplySegments(segments_, root_value, &nodes);
  Array arr;
  arr.reserve(nodes.size());
  for (const Value* v : nodes)
    arr.push_back(*v);
  *out = std::move(arr);
  return true;
}

bool JsonPath::Assign(Value* root, Value v) const {
  Value* cur = root;
  for (const PathSegment& s : segments_) {
    if (s.kind == PathSegment::Kind::kField) {
      Object* obj = cur->if_object();
      if (obj == nullptr)
        return false;
      auto it = obj->find(s.name);
      if (it == obj->end()) {
        cur = &obj->emplace(s.name, Object()).first->value();
      } else {
        cur = &it->value();
      }
    } else if (s.kind == PathSegment::Kind::kIndex) {
      Array* arr = cur->if_array();
      if (arr == nullptr || s.index < 0 || s.index >= static_cast<int64_t>(arr->size())) {
        return false;
      }
      cur = &(*arr)[s.index];
    } else {
      return false;
    }
  }
  *cur = std::move(v);
  return true;
}

}  // namespace stepshift::asl
