// The registration table of the standard library: name, signature, JavaScript arity (what
// higher-order functions pass) and parameter names (what partial application binds), as
// jsonata-js registers them in its static frame.
#include "jsonata/builtins.h"

#include <unordered_map>

#include "jsonata/errors.h"

namespace stepshift::jsonata::internal {

namespace {

struct Def {
  const char* name;
  const char* signature;
  BuiltinImpl impl;
  int arity;
  const char* params;
};

constexpr Def kDefs[] = {
    {"sum", "<a<n>:n>", FnSum, 1, "args"},
    {"count", "<a:n>", FnCount, 1, "args"},
    {"max", "<a<n>:n>", FnMax, 1, "args"},
    {"min", "<a<n>:n>", FnMin, 1, "args"},
    {"average", "<a<n>:n>", FnAverage, 1, "args"},
    {"string", "<x-b?:s>", FnString, 1, "arg,prettify"},
    {"substring", "<s-nn?:s>", FnSubstring, 3, "str,start,length"},
    {"substringBefore", "<s-s:s>", FnSubstringBefore, 2, "str,chars"},
    {"substringAfter", "<s-s:s>", FnSubstringAfter, 2, "str,chars"},
    {"lowercase", "<s-:s>", FnLowercase, 1, "str"},
    {"uppercase", "<s-:s>", FnUppercase, 1, "str"},
    {"length", "<s-:n>", FnLength, 1, "str"},
    {"trim", "<s-:s>", FnTrim, 1, "str"},
    {"pad", "<s-ns?:s>", FnPad, 3, "str,width,char"},
    {"match", "<s-f<s:o>n?:a<o>>", FnMatch, 3, "str,regex,limit"},
    {"contains", "<s-(sf):b>", FnContains, 2, "str,token"},
    {"replace", "<s-(sf)(sf)n?:s>", FnReplace, 4, "str,pattern,replacement,limit"},
    {"split", "<s-(sf)n?:a<s>>", FnSplit, 3, "str,separator,limit"},
    {"join", "<a<s>s?:s>", FnJoin, 2, "strs,separator"},
    {"formatNumber", "<n-so?:s>", FnFormatNumber, 3, "value,picture,options"},
    {"formatBase", "<n-n?:s>", FnFormatBase, 2, "value,radix"},
    {"formatInteger", "<n-s:s>", FnFormatInteger, 2, "value,picture"},
    {"parseInteger", "<s-s:n>", FnParseInteger, 2, "value,picture"},
    {"number", "<(nsb)-:n>", FnNumber, 1, "arg"},
    {"floor", "<n-:n>", FnFloor, 1, "arg"},
    {"ceil", "<n-:n>", FnCeil, 1, "arg"},
    {"round", "<n-n?:n>", FnRound, 2, "arg,precision"},
    {"abs", "<n-:n>", FnAbs, 1, "arg"},
    {"sqrt", "<n-:n>", FnSqrt, 1, "arg"},
    {"power", "<n-n:n>", FnPower, 2, "arg,exp"},
    {"random", "<:n>", FnRandom, 0, ""},
    {"boolean", "<x-:b>", FnBoolean, 1, "arg"},
    {"not", "<x-:b>", FnNot, 1, "arg"},
    {"map", "<af>", FnMap, 2, "arr,func"},
    {"zip", "<a+>", FnZip, 0, ""},
    {"filter", "<af>", FnFilter, 2, "arr,func"},
    {"single", "<af?>", FnSingle, 2, "arr,func"},
    {"reduce", "<afj?:j>", FnReduce, 3, "sequence,func,init"},
    {"sift", "<o-f?:o>", FnSift, 2, "arg,func"},
    {"keys", "<x-:a<s>>", FnKeys, 1, "arg"},
    {"lookup", "<x-s:x>", FnLookup, 2, "input,key"},
    {"append", "<xx:a>", FnAppend, 2, "arg1,arg2"},
    {"exists", "<x:b>", FnExists, 1, "arg"},
    {"spread", "<x-:a<o>>", FnSpread, 1, "arg"},
    {"merge", "<a<o>:o>", FnMerge, 1, "arg"},
    {"reverse", "<a:a>", FnReverse, 1, "arr"},
    {"each", "<o-f:a>", FnEach, 2, "obj,func"},
    {"error", "<s?:x>", FnError, 1, "message"},
    {"assert", "<bs?:x>", FnAssert, 2, "condition,message"},
    {"type", "<x:s>", FnType, 1, "value"},
    {"sort", "<af?:a>", FnSort, 2, "arr,comparator"},
    {"shuffle", "<a:a>", FnShuffle, 1, "arr"},
    {"distinct", "<x:x>", FnDistinct, 1, "arr"},
    {"base64encode", "<s-:s>", FnBase64Encode, 1, "str"},
    {"base64decode", "<s-:s>", FnBase64Decode, 1, "str"},
    {"encodeUrlComponent", "<s-:s>", FnEncodeUrlComponent, 1, "str"},
    {"encodeUrl", "<s-:s>", FnEncodeUrl, 1, "str"},
    {"decodeUrlComponent", "<s-:s>", FnDecodeUrlComponent, 1, "str"},
    {"decodeUrl", "<s-:s>", FnDecodeUrl, 1, "str"},
    {"eval", "<sx?:x>", FnEval, 2, "expr,focus"},
    {"toMillis", "<s-s?:n>", FnToMillis, 2, "timestamp,picture"},
    {"fromMillis", "<n-s?s?:s>", FnFromMillis, 3, "millis,picture,timezone"},
    {"clone", "<(oa)-:o>", FnClone, 1, "arg"},
    {"now", "<s?s?:s>", FnNow, 2, "picture,timezone"},
    {"millis", "<:n>", FnMillis, 0, ""},
};

// Built once (thread-safe static initialization); the values are immortal, so every thread
// may read them.
const std::unordered_map<std::string_view, Value>& Table() {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string_view, Value>();
    for (const Def& d : kDefs) {
      auto b = std::make_shared<Builtin>();
      b->name = d.name;
      b->signature = std::make_shared<const Signature>(Signature::Parse(d.signature));
      b->impl = d.impl;
      b->arity = d.arity;
      b->params = d.params;
      auto* fn = new FunctionValue();
      fn->kind = FunctionValue::Kind::kBuiltin;
      fn->builtin = std::move(b);
      Value v = Value::Function(fn);
      v.MakeImmortal();
      t->emplace(d.name, std::move(v));
    }
    return t;
  }();
  return *table;
}

}  // namespace

const Value* FindBuiltin(std::string_view name) {
  const auto& table = Table();
  auto it = table.find(name);
  return it == table.end() ? nullptr : &it->second;
}

std::vector<Value> HofArgs(const Value& func, const Value& a1, const Value& a2, const Value& a3) {
  std::vector<Value> args{a1};
  int arity = func.is_function() ? AsFunction(func).Arity() : 0;
  if (arity >= 2)
    args.push_back(a2);
  if (arity >= 3)
    args.push_back(a3);
  return args;
}

Value BoundedString(std::string s) {
  constexpr size_t kMaxString = 64u << 20;  // 64 MiB
  if (s.size() > kMaxString)
    ThrowWithValue("D2015", Value::Number(static_cast<double>(kMaxString)));
  return Value::String(std::move(s));
}

}  // namespace stepshift::jsonata::internal
