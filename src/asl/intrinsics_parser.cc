// Recursive-descent parser for intrinsic calls:
//   call := 'States.' NAME '(' [arg (',' arg)*] ')'
//   arg  := 'string' | number | true | false | null | path | call
#include <charconv>
#include <cstring>

#include "asl/intrinsics.h"
#include "base/status_macros.h"

namespace stepshift::asl {

namespace {

struct FnInfo {
  const char* name;
  IntrinsicFn fn;
  int min_args;
  int max_args;  // -1: unbounded
};

constexpr FnInfo kFunctions[] = {
    {"States.Format", IntrinsicFn::kFormat, 1, -1},
    {"States.StringToJson", IntrinsicFn::kStringToJson, 1, 1},
    {"States.JsonToString", IntrinsicFn::kJsonToString, 1, 1},
    {"States.Array", IntrinsicFn::kArray, 0, -1},
    {"States.ArrayPartition", IntrinsicFn::kArrayPartition, 2, 2},
    {"States.ArrayContains", IntrinsicFn::kArrayContains, 2, 2},
    {"States.ArrayRange", IntrinsicFn::kArrayRange, 3, 3},
    {"States.ArrayGetItem", IntrinsicFn::kArrayGetItem, 2, 2},
    {"States.ArrayLength", IntrinsicFn::kArrayLength, 1, 1},
    {"States.ArrayUnique", IntrinsicFn::kArrayUnique, 1, 1},
    {"States.Base64Encode", IntrinsicFn::kBase64Encode, 1, 1},
    {"States.Base64Decode", IntrinsicFn::kBase64Decode, 1, 1},
    {"States.Hash", IntrinsicFn::kHash, 2, 2},
    {"States.JsonMerge", IntrinsicFn::kJsonMerge, 3, 3},
    {"States.MathRandom", IntrinsicFn::kMathRandom, 2, 3},
    {"States.MathAdd", IntrinsicFn::kMathAdd, 2, 2},
    {"States.StringSplit", IntrinsicFn::kStringSplit, 2, 2},
    {"States.UUID", IntrinsicFn::kUuid, 0, 0},
};

constexpr int kMaxNesting = 10;

bool IsLiteral(const IntrinsicArg& a) {
  return a.kind == IntrinsicArg::Kind::kLiteral;
}

// Arguments written as literals are checked here, when the definition is validated; the same
// mistakes made through a path fail the execution with States.IntrinsicFailure instead. The
// rules are the "Intrinsic functions for JSONPath states" page of AWS's Developer Guide
// (intrinsic-functions.html): States.ArrayRange needs "integer values for all of the arguments"
// and "a non-zero value for the third argument"; States.ArrayPartition "a non-zero, positive
// integer for the second argument"; States.ArrayGetItem an integer index; the array functions an
// array first (a literal never is one); States.MathAdd and States.MathRandom numbers ("If you
// specify a non-integer value ... Step Functions will round it off to the nearest integer", so
// 1.5 is allowed but '2' is not); the string functions strings; States.JsonMerge two objects
// and a boolean.
std::string LiteralArgumentProblem(const IntrinsicCall& call) {
  const std::vector<IntrinsicArg>& args = call.args;
  auto integer = [&](size_t i) {
    int64_t v;
    return !IsLiteral(args[i]) || AsInteger(args[i].literal, &v);
  };
  auto number = [&](size_t i) { return !IsLiteral(args[i]) || args[i].literal.is_number(); };
  auto string = [&](size_t i) { return !IsLiteral(args[i]) || args[i].literal.is_string(); };
  // Whether args[i] is a literal integer whose value `bad` rejects.
  auto literal_int = [&](size_t i, bool (*bad)(int64_t)) {
    int64_t v = 0;
    return IsLiteral(args[i]) && AsInteger(args[i].literal, &v) && bad(v);
  };
  switch (call.fn) {
    case IntrinsicFn::kArrayRange:
      if (!integer(0) || !integer(1) || !integer(2))
        return "the arguments of States.ArrayRange must be integers";
      if (literal_int(2, [](int64_t v) { return v == 0; }))
        return "the step argument of States.ArrayRange must not be zero";
      return "";
    case IntrinsicFn::kArrayPartition:
      if (IsLiteral(args[0]))
        return "the first argument of States.ArrayPartition must be an array";
      if (!integer(1) || literal_int(1, [](int64_t v) { return v <= 0; }))
        return "the chunk size of States.ArrayPartition must be a positive integer";
      return "";
    case IntrinsicFn::kArrayGetItem:
      if (IsLiteral(args[0]))
        return "the first argument of States.ArrayGetItem must be an array";
      return integer(1) ? "" : "the index of States.ArrayGetItem must be an integer";
    case IntrinsicFn::kArrayContains:
    case IntrinsicFn::kArrayLength:
    case IntrinsicFn::kArrayUnique:
      return IsLiteral(args[0]) ? "the first argument of " + call.name + " must be an array" : "";
    case IntrinsicFn::kMathAdd:
    case IntrinsicFn::kMathRandom:
      for (size_t i = 0; i < args.size(); ++i) {
        if (!number(i))
          return "the arguments of " + call.name + " must be numbers";
      }
      return "";
    case IntrinsicFn::kStringSplit:
    case IntrinsicFn::kBase64Encode:
    case IntrinsicFn::kBase64Decode:
    case IntrinsicFn::kStringToJson:
      for (size_t i = 0; i < args.size(); ++i) {
        if (!string(i))
          return "the arguments of " + call.name + " must be strings";
      }
      return "";
    case IntrinsicFn::kFormat:
      return string(0) ? "" : "the first argument of States.Format must be a string";
    case IntrinsicFn::kJsonMerge:
      if (IsLiteral(args[0]) || IsLiteral(args[1]))
        return "the first two arguments of States.JsonMerge must be JSON objects";
      return !IsLiteral(args[2]) || args[2].literal.is_bool()
                 ? ""
                 : "the third argument of States.JsonMerge must be a boolean";
    default:
      return "";
  }
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  Result<std::shared_ptr<const IntrinsicCall>> ParseTop() {
    auto call = ParseCall(0);
    if (!call.ok())
      return call;
    SkipSpace();
    if (i_ != s_.size())
      return Fail("unexpected text after the closing ')'");
    return call;
  }

 private:
  Status Fail(const std::string& why) {
    return Status::InvalidArgument("invalid intrinsic function '" + std::string(s_) + "': " + why);
  }

  void SkipSpace() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n'))
      ++i_;
  }

  Result<std::shared_ptr<const IntrinsicCall>> ParseCall(int depth) {
    if (depth > kMaxNesting)
      return Fail("more than 10 nested intrinsic functions");
    size_t start = i_;
    size_t open = s_.find('(', i_);
    if (open == std::string_view::npos)
      return Fail("missing '('");
    std::string name(s_.substr(i_, open - i_));
    while (!name.empty() && name.back() == ' ')
      name.pop_back();
    const FnInfo* info = nullptr;
    for (const FnInfo& f : kFunctions) {
      if (name == f.name)
        info = &f;
    }
    if (info == nullptr)
      return Fail("unknown function '" + name + "'");
    auto call = std::make_shared<IntrinsicCall>();
    call->fn = info->fn;
    call->name = name;
    i_ = open + 1;
    SkipSpace();
    if (i_ < s_.size() && s_[i_] == ')') {
      ++i_;
    } else {
      while (true) {
        IntrinsicArg arg;
        RETURN_IF_ERROR(ParseArg(depth, &arg));
        call->args.push_back(std::move(arg));
        SkipSpace();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          continue;
        }
        if (i_ < s_.size() && s_[i_] == ')') {
          ++i_;
          break;
        }
        return Fail("expected ',' or ')'");
      }
    }
    int n = static_cast<int>(call->args.size());
    if (n < info->min_args || (info->max_args >= 0 && n > info->max_args)) {
      return Fail("wrong number of arguments for " + name);
    }
    if (std::string why = LiteralArgumentProblem(*call); !why.empty())
      return Fail(why);
    call->text = std::string(s_.substr(start, i_ - start));
    return std::shared_ptr<const IntrinsicCall>(call);
  }

  Status ParseString(IntrinsicArg* arg) {
    std::string value, raw;
    ++i_;
    for (; i_ < s_.size() && s_[i_] != '\''; ++i_) {
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) {
        char next = s_[i_ + 1];
        ++i_;
        value.push_back(next);
        if (next != '\'')
          raw.push_back('\\');
        raw.push_back(next);
        continue;
      }
      value.push_back(s_[i_]);
      raw.push_back(s_[i_]);
    }
    if (i_ >= s_.size())
      return Fail("unterminated string");
    ++i_;
    arg->kind = IntrinsicArg::Kind::kLiteral;
    arg->literal = Value(value);
    arg->raw = std::move(raw);
    return Status::Ok();
  }

  // A path runs until a ',' or ')' outside brackets, parentheses and quotes.
  Status ParsePathArg(IntrinsicArg* arg) {
    size_t start = i_;
    int depth = 0;
    char quote = 0;
    for (; i_ < s_.size(); ++i_) {
      char c = s_[i_];
      if (quote != 0) {
        if (c == '\\')
          ++i_;
        else if (c == quote)
          quote = 0;
        continue;
      }
      if (c == '\'' || c == '"')
        quote = c;
      else if (c == '[' || c == '(')
        ++depth;
      else if (c == ']' || (c == ')' && depth > 0))
        --depth;
      else if (depth == 0 && (c == ',' || c == ')'))
        break;
    }
    std::string_view text = s_.substr(start, i_ - start);
    while (!text.empty() && text.back() == ' ')
      text.remove_suffix(1);
    auto path = JsonPath::Parse(text);
    if (!path.ok())
      return Fail(path.status().message());
    arg->kind = IntrinsicArg::Kind::kPath;
    arg->path = std::move(*path);
    return Status::Ok();
  }

  Status ParseLiteral(IntrinsicArg* arg) {
    size_t start = i_;
    while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != ')' && s_[i_] != ' ')
      ++i_;
    std::string_view tok = s_.substr(start, i_ - start);
    if (tok == "true" || tok == "false" || tok == "null") {
      arg->literal = tok == "null" ? Value(nullptr) : Value(tok == "true");
      return Status::Ok();
    }
    int64_t iv;
    auto r = std::from_chars(tok.data(), tok.data() + tok.size(), iv);
    if (!tok.empty() && r.ec == std::errc() && r.ptr == tok.data() + tok.size()) {
      arg->literal = iv;
      return Status::Ok();
    }
    double dv;
    auto rd = std::from_chars(tok.data(), tok.data() + tok.size(), dv);
    if (!tok.empty() && rd.ec == std::errc() && rd.ptr == tok.data() + tok.size()) {
      arg->literal = dv;
      return Status::Ok();
    }
    return Fail("invalid argument '" + std::string(tok) + "'");
  }

  Status ParseArg(int depth, IntrinsicArg* arg) {
    SkipSpace();
    if (i_ >= s_.size())
      return Fail("missing argument");
    char c = s_[i_];
    if (c == '\'')
      return ParseString(arg);
    if (c == '$')
      return ParsePathArg(arg);
    if (s_.substr(i_, 7) == "States.") {
      auto call = ParseCall(depth + 1);
      if (!call.ok())
        return call.status();
      arg->kind = IntrinsicArg::Kind::kCall;
      arg->call = *call;
      return Status::Ok();
    }
    return ParseLiteral(arg);
  }

  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

bool LooksLikeIntrinsic(std::string_view text) {
  return text.rfind("States.", 0) == 0 && text.find('(') != std::string_view::npos;
}

Result<std::shared_ptr<const IntrinsicCall>> ParseIntrinsic(std::string_view text) {
  return Parser(text).ParseTop();
}

}  // namespace stepshift::asl
