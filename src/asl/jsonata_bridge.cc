#include "asl/jsonata_bridge.h"

#include <cmath>
#include <limits>

#include "asl/digest.h"

namespace stepshift::asl {

namespace {

namespace js = stepshift::jsonata;

constexpr int kMaxDepth = 10000;  // nesting a payload of 256 KiB cannot reach anyway

js::Value Convert(const Value& v, int depth) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return js::Value::Null();
    case boost::json::kind::bool_:
      return js::Value::Bool(v.get_bool());
    case boost::json::kind::int64:
      return js::Value::Number(static_cast<double>(v.get_int64()));
    case boost::json::kind::uint64:
      return js::Value::Number(static_cast<double>(v.get_uint64()));
    case boost::json::kind::double_:
      return js::Value::Number(v.get_double());
    case boost::json::kind::string:
      return js::Value::String(std::string_view(v.get_string()));
    case boost::json::kind::array: {
      js::Value out = js::Value::NewArray();
      if (depth >= kMaxDepth)
        return out;
      auto& items = out.arr().items;
      items.reserve(v.get_array().size());
      for (const Value& item : v.get_array())
        items.push_back(Convert(item, depth + 1));
      return out;
    }
    case boost::json::kind::object: {
      js::Value out = js::Value::NewObject();
      if (depth >= kMaxDepth)
        return out;
      auto& obj = out.obj();
      obj.Reserve(v.get_object().size());
      for (const auto& kv : v.get_object())
        obj.Set(std::string_view(kv.key()), Convert(kv.value(), depth + 1));
      return out;
    }
  }
  return js::Value();
}

Value Number(double d) {
  if (std::isnan(d))
    return Value("NaN");
  if (std::isinf(d))
    return Value(d > 0 ? "Infinity" : "-Infinity");
  if (std::trunc(d) == d && std::fabs(d) < 9.2e18)
    return Value(static_cast<int64_t>(d));
  return Value(d);
}

bool Back(const js::Value& v, Value* out, std::string* what, int depth) {
  switch (v.type()) {
    case js::Type::kUndefined:
    case js::Type::kNull:
      *out = nullptr;
      return true;
    case js::Type::kBoolean:
      *out = v.boolean();
      return true;
    case js::Type::kNumber:
      *out = Number(v.number());
      return true;
    case js::Type::kString:
      *out = boost::json::string(v.str());
      return true;
    case js::Type::kFunction:
      *what = "function";
      return false;
    case js::Type::kArray: {
      Array arr;
      arr.reserve(v.size());
      for (const js::Value& item : v.arr().items) {
        Value x;
        if (depth >= kMaxDepth || !Back(item, &x, what, depth + 1))
          return false;
        arr.push_back(std::move(x));
      }
      *out = std::move(arr);
      return true;
    }
    case js::Type::kObject: {
      Object obj;
      obj.reserve(v.obj().size());
      for (const auto& e : v.obj().entries()) {
        if (e.value.is_undefined())
          continue;
        Value x;
        if (depth >= kMaxDepth || !Back(e.value, &x, what, depth + 1))
          return false;
        obj.insert_or_assign(e.key, std::move(x));
      }
      *out = std::move(obj);
      return true;
    }
  }
  return false;
}

thread_local const AwsFunctionSources* current_sources = nullptr;

bool Fail(js::Error* error, std::string message) {
  error->code = "";
  error->message = std::move(message);
  return false;
}

// $partition(array, chunkSize): consecutive chunks of chunkSize items, the last one shorter.
bool Partition(std::vector<js::Value>& args, js::Value* out, js::Error*) {
  if (!args[0].is_array() || !args[1].is_number())
    return true;
  double size = std::trunc(args[1].number());
  const auto& items = args[0].arr().items;
  if (!(size > 0) || items.empty())
    return true;  // undefined, as AWS answers
  js::Value result = js::Value::NewArray();
  auto n = static_cast<size_t>(std::min(size, 1e9));
  for (size_t i = 0; i < items.size(); i += n) {
    js::Value chunk = js::Value::NewArray();
    size_t end = std::min(items.size(), i + n);
    chunk.arr().items.assign(items.begin() + static_cast<std::ptrdiff_t>(i),
                             items.begin() + static_cast<std::ptrdiff_t>(end));
    result.push_back(std::move(chunk));
  }
  *out = std::move(result);
  return true;
}

// $range(start, end, step): from start towards end by step, end included when landed on.
bool Range(std::vector<js::Value>& args, js::Value* out, js::Error* error) {
  if (!args[0].is_number() || !args[1].is_number() || !args[2].is_number())
    return true;
  double start = std::trunc(args[0].number());
  double end = std::trunc(args[1].number());
  double step = std::trunc(args[2].number());
  if (step == 0 || (start < end && step < 0) || (start > end && step > 0) || !std::isfinite(step))
    return true;
  double count = std::floor((end - start) / step) + 1;
  // AWS refuses a range past 360,145 items before building it (its evaluation memory bound).
  if (count > 360145)
    return Fail(error, "Expression evaluation memory limit exceeded");
  js::Value result = js::Value::NewSequence();  // one item collapses to the number itself
  for (double i = 0; i < count; ++i)
    result.push_back(js::Value::Number(start + i * step));
  *out = std::move(result);
  return true;
}

bool Hash(std::vector<js::Value>& args, js::Value* out, js::Error* error) {
  if (!args[0].is_string() || !args[1].is_string())
    return true;
  std::string hex;
  if (!HashHex(args[0].str(), args[1].str(), &hex))
    return Fail(error, "The hash algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
  *out = js::Value::String(std::move(hex));
  return true;
}

// $random([seed]): a number in [0, 1); with a seed, java.util.Random's nextDouble().
bool Random(std::vector<js::Value>& args, js::Value* out, js::Error*) {
  if (!args.empty() && args[0].is_number()) {
    JavaRandom rnd(static_cast<int64_t>(std::trunc(args[0].number())));
    *out = js::Value::Number(rnd.NextDouble());
    return true;
  }
  uint64_t bits = current_sources != nullptr ? current_sources->random_bits() : 0;
  *out = js::Value::Number(static_cast<double>(bits >> 11) * 0x1.0p-53);
  return true;
}

bool Uuid(std::vector<js::Value>&, js::Value* out, js::Error*) {
  *out = js::Value::String(current_sources != nullptr ? current_sources->uuid() : "");
  return true;
}

bool Parse(std::vector<js::Value>& args, js::Value* out, js::Error* error) {
  if (!args[0].is_string())
    return true;
  std::string why;
  if (!js::ParseJson(args[0].str(), out, &why))
    return Fail(error, "The argument of the function $parse is not valid JSON: " + why);
  return true;
}

struct Def {
  const char* name;
  const char* signature;
  int arity;
  bool (*fn)(std::vector<js::Value>&, js::Value*, js::Error*);
};

constexpr Def kDefs[] = {
    {"partition", "<an:a>", 2, Partition},
    {"range", "<nnn?:a>", 3, Range},
    {"hash", "<ss?:s>", 2, Hash},
    {"random", "<n?:n>", 1, Random},
    {"uuid", "<:s>", 0, Uuid},
    {"parse", "<s-:j>", 1, Parse},
};

const std::vector<std::pair<std::string, js::Value>>& Functions() {
  static const auto* fns = [] {
    auto* v = new std::vector<std::pair<std::string, js::Value>>();
    for (const Def& d : kDefs) {
      js::HostFunction f;
      f.name = d.name;
      f.signature = d.signature;
      f.arity = d.arity;
      f.call = d.fn;
      js::Value value = js::MakeFunction(std::move(f));
      value.MakeImmortal();
      v->emplace_back(d.name, std::move(value));
    }
    return v;
  }();
  return *fns;
}

}  // namespace

jsonata::Value ToJsonata(const Value& v) {
  return Convert(v, 0);
}

bool FromJsonata(const jsonata::Value& v, Value* out, std::string* what) {
  return Back(v, out, what, 0);
}

AwsFunctionScope::AwsFunctionScope(const AwsFunctionSources* sources) : saved_(current_sources) {
  current_sources = sources;
}

AwsFunctionScope::~AwsFunctionScope() {
  current_sources = saved_;
}

void BindAwsFunctions(jsonata::Bindings* bindings) {
  for (const auto& [name, fn] : Functions())
    bindings->Set(name, fn);
  bindings->Set("eval", jsonata::Value());
}

}  // namespace stepshift::asl
