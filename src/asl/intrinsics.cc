// Intrinsic evaluation: argument resolution, the generic/JSON/string functions, and dispatch to
// the array, codec and math families.
#include "asl/intrinsics.h"

namespace stepshift::asl {

namespace {

// How AWS's Java runtime prints a States.Format argument: strings bare, objects and arrays through
// Map/List.toString() ({a=1, b=[x, y]}), other scalars as JSON (localstack
// intrinsic_functions/test_generic.snapshot.json, test_format_2 and test_context_json_path).
void AppendJavaString(const Value& v, std::string* out) {
  if (v.is_string()) {
    *out += v.get_string();
  } else if (const Object* obj = v.if_object()) {
    *out += '{';
    const char* sep = "";
    for (const auto& kv : *obj) {
      *out += sep;
      *out += kv.key();
      *out += '=';
      AppendJavaString(kv.value(), out);
      sep = ", ";
    }
    *out += '}';
  } else if (const Array* arr = v.if_array()) {
    *out += '[';
    const char* sep = "";
    for (const Value& e : *arr) {
      *out += sep;
      AppendJavaString(e, out);
      sep = ", ";
    }
    *out += ']';
  } else {
    *out += ToJson(v);
  }
}

bool FormatString(const IntrinsicCall& call, const std::vector<Value>& args, Value* out,
                  std::string* detail) {
  if (!args[0].is_string()) {
    *detail = "The first argument must be a string";
    return false;
  }
  // The template keeps its escapes (`\{`, `\}`, `\\`) so that literal braces survive.
  const std::string& tpl = call.args[0].kind == IntrinsicArg::Kind::kLiteral
                               ? call.args[0].raw
                               : std::string(args[0].get_string());
  std::string result;
  size_t next_arg = 1;
  for (size_t i = 0; i < tpl.size(); ++i) {
    char c = tpl[i];
    if (c == '\\' && i + 1 < tpl.size()) {
      result.push_back(tpl[++i]);
    } else if (c == '{' && i + 1 < tpl.size() && tpl[i + 1] == '}') {
      if (next_arg >= args.size()) {
        *detail = "Number of arguments does not match the number of placeholders";
        return false;
      }
      AppendJavaString(args[next_arg++], &result);
      ++i;
    } else {
      result.push_back(c);
    }
  }
  if (next_arg != args.size()) {
    *detail = "Number of arguments does not match the number of placeholders";
    return false;
  }
  *out = Value(result);
  return true;
}

// States.StringToJson. AWS maps a blank string to null (recorded: "" and " " give null; localstack
// intrinsic_functions/test_json_manipulation.snapshot.json).
bool StringToJson(const Value& arg, Value* out, std::string* detail) {
  if (!arg.is_string()) {
    *detail = "The argument must be a string";
    return false;
  }
  std::string_view text = arg.get_string();
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    *out = nullptr;
    return true;
  }
  auto parsed = ParseJson(text);
  if (!parsed.ok()) {
    *detail = "The argument is not a valid JSON string";
    return false;
  }
  *out = std::move(*parsed);
  return true;
}

bool CallGenericFn(const IntrinsicCall& call, std::vector<Value>& args, EvalEnv* env, Value* out,
                   std::string* detail) {
  switch (call.fn) {
    case IntrinsicFn::kFormat:
      return FormatString(call, args, out, detail);
    case IntrinsicFn::kStringToJson:
      return StringToJson(args[0], out, detail);
    case IntrinsicFn::kJsonToString:
      *out = Value(ToJson(args[0]));
      return true;
    case IntrinsicFn::kJsonMerge: {
      if (!args[0].is_object() || !args[1].is_object()) {
        *detail = "The first two arguments must be JSON objects";
        return false;
      }
      if (!args[2].is_bool() || args[2].get_bool()) {
        *detail = "Deep merging is not supported; the third argument must be false";
        return false;
      }
      Object merged = std::move(args[0].get_object());
      for (auto& kv : args[1].get_object())
        merged.insert_or_assign(kv.key(), std::move(kv.value()));
      *out = std::move(merged);
      return true;
    }
    case IntrinsicFn::kStringSplit: {
      if (!args[0].is_string() || !args[1].is_string()) {
        *detail = "The arguments must be strings";
        return false;
      }
      std::string_view s = args[0].get_string();
      std::string_view delims = args[1].get_string();
      Array parts;
      size_t from = 0;
      for (size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || delims.find(s[i]) != std::string_view::npos) {
          if (i > from)
            parts.emplace_back(s.substr(from, i - from));
          from = i + 1;
        }
      }
      *out = std::move(parts);
      return true;
    }
    case IntrinsicFn::kUuid:
      *out = Value(env->NewUuid());
      return true;
    case IntrinsicFn::kArray: {
      Array arr;
      for (Value& v : args)
        arr.push_back(std::move(v));
      *out = std::move(arr);
      return true;
    }
    default:
      *detail = "unsupported function";
      return false;
  }
}

}  // namespace

bool EvaluateIntrinsic(const IntrinsicCall& call, const EvalScope& scope, Value* out,
                       AslError* err) {
  std::vector<Value> args;
  args.reserve(call.args.size());
  for (const IntrinsicArg& arg : call.args) {
    switch (arg.kind) {
      case IntrinsicArg::Kind::kLiteral:
        args.push_back(arg.literal);
        break;
      case IntrinsicArg::Kind::kPath: {
        Value v;
        if (!EvaluatePath(arg.path, scope, &v)) {
          const Value* root = ResolveRoot(arg.path, scope);
          *err = RuntimeError("The function '" + call.text +
                              "' had the following error: The JsonPath argument for the field '" +
                              arg.path.text() + "' could not be found in the input '" +
                              (root ? ToJson(*root) : std::string("null")) + "'");
          return false;
        }
        args.push_back(std::move(v));
        break;
      }
      case IntrinsicArg::Kind::kCall: {
        Value v;
        if (!EvaluateIntrinsic(*arg.call, scope, &v, err))
          return false;
        args.push_back(std::move(v));
        break;
      }
    }
  }
  std::string detail;
  bool ok;
  switch (call.fn) {
    case IntrinsicFn::kArrayPartition:
    case IntrinsicFn::kArrayContains:
    case IntrinsicFn::kArrayRange:
    case IntrinsicFn::kArrayGetItem:
    case IntrinsicFn::kArrayLength:
    case IntrinsicFn::kArrayUnique:
      ok = internal::CallArrayFn(call.fn, args, out, &detail);
      break;
    case IntrinsicFn::kBase64Encode:
    case IntrinsicFn::kBase64Decode:
    case IntrinsicFn::kHash:
      ok = internal::CallCodecFn(call.fn, args, out, &detail);
      break;
    case IntrinsicFn::kMathRandom:
    case IntrinsicFn::kMathAdd:
      ok = internal::CallMathFn(call.fn, args, scope.env, out, &detail);
      break;
    default:
      ok = CallGenericFn(call, args, scope.env, out, &detail);
  }
  if (!ok) {
    *err = AslError{std::string(errors::kIntrinsicFailure),
                    "The function '" + call.text + "' had the following error: " + detail};
  }
  return ok;
}

}  // namespace stepshift::asl
