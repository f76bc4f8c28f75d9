// $contains, $split, $match and $replace, whose pattern is a string or a matcher function: a
// regular expression, or any function that follows the matcher protocol (returns {match, start,
// end, groups, next} or undefined).
#include <cmath>

#include "jsonata/builtins.h"
#include "jsonata/functions.h"
#include "jsonata/utf8.h"

namespace stepshift::jsonata::internal {

// parseInt(s, 10) on the digits at the start of s; NaN when there are none.
double JsParseIntPrefix(std::string_view s);

namespace {

// One match: byte offsets into the subject for slicing, and the values $match reports.
struct Found {
  size_t start = 0;
  size_t end = 0;
  Value match;
  Value index;  // the matcher's `start` (UTF-16)
  Value groups;
  Value object;  // the matcher's whole result (what a replacement function receives)
};

size_t ToByteOffset(std::string_view s, double utf16) {
  size_t units = 0;
  size_t i = 0;
  while (i < s.size() && static_cast<double>(units) < utf16) {
    uint32_t cp = NextCodePoint(s, &i);
    units += cp >= 0x10000 ? 2 : 1;
  }
  return i;
}

// Iterates the matches of a matcher function over a string, as jsonata-js's evaluateMatcher
// loop does. Regular expressions run directly; other functions are called through the protocol.
class Matches {
 public:
  Matches(Call& call, const Value& matcher, const std::string& subject)
      : call_(call), matcher_(matcher), subject_(subject) {
    regex_ = matcher.is_function() && AsFunction(matcher).kind == FunctionValue::Kind::kRegex;
  }

  // The next match, or false when there are no more. Throws D1004 when a match after the first
  // is empty (a pattern that would never progress) and T1010 for a malformed matcher result.
  bool Next(Found* f) { return regex_ ? NextRegex(f) : NextProtocol(f); }

 private:
  bool NextRegex(Found* f) {
    const FunctionValue& fn = AsFunction(matcher_);
    Regex::Match m;
    if (started_ && end_ >= subject_.size())
      return false;
    if (!fn.regex->Search(subject_, started_ ? end_ : 0, &m))
      return false;
    if (started_ && m.start == m.end) {
      Failure err("D1004");
      err.position = fn.position;
      err.WithValue(Value::String(fn.regex->source()));
      Throw(std::move(err));
    }
    started_ = true;
    end_ = m.end;
    f->start = m.start;
    f->end = m.end;
    f->match = Value::String(subject_.substr(m.start, m.end - m.start));
    f->index = Value::Number(static_cast<double>(Utf16Offset(subject_, m.start)));
    f->groups = Value::NewArray();
    for (size_t i = 0; i < m.groups.size(); ++i)
      f->groups.push_back(m.unset[i] ? Value() : Value::String(m.groups[i]));
    f->object = Value();
    return true;
  }

  bool NextProtocol(Found* f) {
    Value result;
    if (!started_) {
      result = call_.ev.CallFunction(call_, matcher_, {Value::String(subject_)});
    } else {
      result = call_.ev.CallFunction(call_, next_, {Value()});
    }
    started_ = true;
    if (result.is_undefined())
      return false;
    const Value* start = result.is_object() ? result.obj().Find("start") : nullptr;
    const Value* groups = result.is_object() ? result.obj().Find("groups") : nullptr;
    const Value* next = result.is_object() ? result.obj().Find("next") : nullptr;
    const Value* match = result.is_object() ? result.obj().Find("match") : nullptr;
    bool ok = (start != nullptr && start->is_number()) ||
              (groups != nullptr && groups->is_array()) || (next != nullptr && next->is_function());
    if (!ok && JsTruthyObject(result))
      Throw(Failure("T1010"));
    if (!result.is_object())
      return false;
    next_ = next != nullptr ? *next : Value();
    f->match = match != nullptr ? *match : Value();
    f->index = start != nullptr ? *start : Value();
    f->groups = groups != nullptr ? *groups : Value();
    f->object = result;
    double s = start != nullptr && start->is_number() ? start->number() : 0;
    const Value* end = result.obj().Find("end");
    double e = end != nullptr && end->is_number() ? end->number() : s;
    f->start = ToByteOffset(subject_, s);
    f->end = ToByteOffset(subject_, e);
    return true;
  }

  static bool JsTruthyObject(const Value& v) {
    return !(v.is_null() || (v.is_bool() && !v.boolean()) || (v.is_number() && v.number() == 0) ||
             (v.is_string() && v.str().empty()));
  }

  Call& call_;
  const Value& matcher_;
  const std::string& subject_;
  bool regex_ = false;
  bool started_ = false;
  size_t end_ = 0;
  Value next_;
};

double Limit(const Value& v) {
  return v.is_number() ? v.number() : std::nan("");
}

bool Under(const Value& limit, double count) {
  return limit.is_undefined() || count < Limit(limit);
}

void CheckLimit(const Value& limit, const char* code, int index) {
  if (limit.is_number() && limit.number() < 0) {
    Failure f(code);
    f.WithValue(limit);
    f.index = index;
    Throw(std::move(f));
  }
}

// The `$n` substitutions of a replacement string.
std::string Substitute(const std::string& replacement, const Found& m) {
  std::string out;
  size_t ngroups = m.groups.is_array() ? m.groups.size() : 0;
  size_t position = 0;
  size_t index = replacement.find('$');
  while (index != std::string::npos && position < replacement.size()) {
    out += replacement.substr(position, index - position);
    position = index + 1;
    char dollar = position < replacement.size() ? replacement[position] : '\0';
    if (dollar == '$') {
      out.push_back('$');
      ++position;
    } else if (dollar == '0') {
      out += m.match.is_string() ? m.match.str() : "";
      ++position;
    } else {
      int max_digits = ngroups == 0 ? 1 : static_cast<int>(std::floor(std::log10(ngroups))) + 1;
      double n = JsParseIntPrefix(replacement.substr(position, max_digits));
      if (max_digits > 1 && n > static_cast<double>(ngroups))
        n = JsParseIntPrefix(replacement.substr(position, max_digits - 1));
      if (!std::isnan(n)) {
        if (ngroups > 0 && n >= 1 && n <= static_cast<double>(ngroups)) {
          const Value& g = m.groups[static_cast<size_t>(n) - 1];
          if (g.is_string())
            out += g.str();
        }
        position += std::to_string(static_cast<long long>(n)).size();
      } else {
        out.push_back('$');
      }
    }
    index = replacement.find('$', position);
  }
  out += position < replacement.size() ? replacement.substr(position) : "";
  return out;
}

}  // namespace

double JsParseIntPrefix(std::string_view s) {
  double v = 0;
  size_t i = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9')
    v = v * 10 + (s[i++] - '0');
  return i == 0 ? std::nan("") : v;
}

Value FnContains(Call& c, Args& a) {
  const Value& str = Arg(a, 0);
  const Value& token = Arg(a, 1);
  if (str.is_undefined() || token.is_undefined())
    return Value();
  if (token.is_string())
    return Value::Bool(str.str().find(token.str()) != std::string::npos);
  Matches matches(c, token, str.str());
  Found f;
  return Value::Bool(matches.Next(&f));
}

Value FnSplit(Call& c, Args& a) {
  const Value& str = Arg(a, 0);
  if (str.is_undefined())
    return Value();
  const Value& limit = Arg(a, 2);
  CheckLimit(limit, "D3020", 3);
  Value result = Value::NewArray();
  if (!limit.is_undefined() && !(Limit(limit) > 0))
    return result;
  const std::string& s = str.str();
  const Value& sep = Arg(a, 1);
  if (sep.is_string()) {
    // String#split(sep, limit): the limit is truncated to an integer.
    double max = limit.is_undefined() ? 4294967295.0 : std::trunc(Limit(limit));
    if (sep.str().empty()) {
      // JavaScript splits into UTF-16 code units: a character beyond the BMP gives its two
      // surrogates, each a string of its own.
      for (size_t i = 0; i < s.size() && static_cast<double>(result.size()) < max;) {
        size_t start = i;
        uint32_t cp = NextCodePoint(s, &i);
        if (cp < 0x10000) {
          result.push_back(Value::String(s.substr(start, i - start)));
          continue;
        }
        for (uint32_t unit : {0xD800 + ((cp - 0x10000) >> 10), 0xDC00 + ((cp - 0x10000) & 0x3FF)}) {
          if (static_cast<double>(result.size()) >= max)
            break;
          std::string half;
          AppendUtf8(unit, &half);
          result.push_back(Value::String(std::move(half)));
        }
      }
      return result;
    }
    size_t pos = 0;
    while (static_cast<double>(result.size()) < max) {
      size_t found = s.find(sep.str(), pos);
      result.push_back(
          Value::String(s.substr(pos, found == std::string::npos ? found : found - pos)));
      if (found == std::string::npos)
        break;
      pos = found + sep.str().size();
    }
    return result;
  }
  Matches matches(c, sep, s);
  Found f;
  double count = 0;
  size_t start = 0;
  if (!matches.Next(&f)) {
    result.push_back(str);
    return result;
  }
  do {
    result.push_back(Value::String(s.substr(start, f.start >= start ? f.start - start : 0)));
    start = f.end;
    ++count;
  } while (Under(limit, count) && matches.Next(&f));
  if (Under(limit, count))
    result.push_back(Value::String(start < s.size() ? s.substr(start) : ""));
  return result;
}

Value FnMatch(Call& c, Args& a) {
  const Value& str = Arg(a, 0);
  if (str.is_undefined())
    return Value();
  const Value& limit = Arg(a, 2);
  CheckLimit(limit, "D3040", 3);
  Value result = Value::NewSequence();
  if (!limit.is_undefined() && !(Limit(limit) > 0))
    return result;
  Matches matches(c, Arg(a, 1), str.str());
  Found f;
  double count = 0;
  while (Under(limit, count) && matches.Next(&f)) {
    Value m = Value::NewObject();
    m.obj().Set("match", f.match);
    m.obj().Set("index", f.index);
    m.obj().Set("groups", f.groups);
    result.push_back(std::move(m));
    ++count;
  }
  return result;
}

Value FnReplace(Call& c, Args& a) {
  const Value& str = Arg(a, 0);
  if (str.is_undefined())
    return Value();
  const Value& pattern = Arg(a, 1);
  const Value& replacement = Arg(a, 2);
  const Value& limit = Arg(a, 3);
  if (pattern.is_string() && pattern.str().empty()) {
    Failure f("D3010");
    f.WithValue(pattern);
    f.index = 2;
    Throw(std::move(f));
  }
  CheckLimit(limit, "D3011", 4);
  const std::string& s = str.str();
  if (!limit.is_undefined() && !(Limit(limit) > 0))
    return str;
  std::string out;
  size_t position = 0;
  double count = 0;
  if (pattern.is_string()) {
    std::string with = replacement.is_string() ? replacement.str() : "";
    size_t index = s.find(pattern.str());
    while (index != std::string::npos && Under(limit, count)) {
      out += s.substr(position, index - position) + with;
      position = index + pattern.str().size();
      ++count;
      index = s.find(pattern.str(), position);
    }
    out += s.substr(position);
    return BoundedString(std::move(out));
  }
  Matches matches(c, pattern, s);
  Found f;
  if (!matches.Next(&f))
    return str;
  do {
    out += f.start >= position ? s.substr(position, f.start - position) : "";
    Value with;
    if (replacement.is_string()) {
      with = Value::String(Substitute(replacement.str(), f));
    } else {
      Value object = f.object;
      if (object.is_undefined()) {
        object = Value::NewObject();
        object.obj().Set("match", f.match);
        object.obj().Set("start", f.index);
        object.obj().Set("end", Value::Number(static_cast<double>(Utf16Offset(s, f.end))));
        object.obj().Set("groups", f.groups);
      }
      with = c.ev.CallFunction(c, replacement, {object});
    }
    if (!with.is_string())
      ThrowWithValue("D3012", with);
    out += with.str();
    size_t match_len = f.match.is_string() ? f.match.str().size() : 0;
    position = f.start + match_len;
    ++count;
    if (out.size() > (64u << 20))
      return BoundedString(std::move(out));
  } while (Under(limit, count) && matches.Next(&f));
  out += position < s.size() ? s.substr(position) : "";
  return BoundedString(std::move(out));
}

}  // namespace stepshift::jsonata::internal
