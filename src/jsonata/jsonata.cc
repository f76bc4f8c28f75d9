#include "jsonata/jsonata.h"

#include <new>

#include "jsonata/evaluator.h"
#include "jsonata/parser.h"
#include "jsonata/stack_guard.h"

namespace stepshift::jsonata {

namespace {

int64_t WallClockMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Error OutOfMemory() {
  Error e;
  e.code = "D1011";
  e.message = "Out of memory";
  return e;
}

}  // namespace

Value MakeFunction(HostFunction f) {
  auto b = std::make_shared<internal::Builtin>();
  b->name = f.name;
  if (!f.signature.empty())
    b->signature =
        std::make_shared<const internal::Signature>(internal::Signature::Parse(f.signature));
  b->arity = f.arity;
  auto call = std::move(f.call);
  b->host = [call](internal::Call&, std::vector<Value>& args) {
    Value result;
    Error error;
    if (!call(args, &result, &error)) {
      internal::Failure failure(error.code);
      failure.message = error.message;
      internal::Throw(std::move(failure));
    }
    return result;
  };
  auto* fn = new internal::FunctionValue();
  fn->kind = internal::FunctionValue::Kind::kBuiltin;
  fn->builtin = std::move(b);
  return Value::Function(fn);
}

void Bindings::Set(std::string name, Value value) {
  for (auto& e : entries_) {
    if (e.first == name) {
      e.second = std::move(value);
      return;
    }
  }
  entries_.emplace_back(std::move(name), std::move(value));
}

std::shared_ptr<const Expression> Expression::Compile(std::string_view text, Error* error) {
  internal::StackScope stack;
  try {
    std::shared_ptr<const internal::Ast> ast = internal::Parse(text);
    return std::make_shared<const Expression>(std::string(text), std::move(ast));
  } catch (internal::Failure& f) {
    *error = internal::ToError(f);
  } catch (std::bad_alloc&) {
    *error = OutOfMemory();
  }
  return nullptr;
}

bool Expression::Evaluate(const Value& input, const EvalOptions& options, Value* result,
                          Error* error) const {
  internal::StackScope stack;
  try {
    internal::EvalLimits limits;
    limits.max_depth = options.max_depth;
    limits.timeout = options.timeout;
    internal::Evaluator ev(ast_, limits, options.now_millis.value_or(WallClockMillis()));
    internal::FrameRef root = ev.NewFrame(nullptr);
    if (options.bindings != nullptr) {
      for (const auto& [name, value] : options.bindings->entries())
        root->Bind(name, value);
    }
    *result = ev.Run(input, root);
    return true;
  } catch (internal::Failure& f) {
    *error = internal::ToError(f);
  } catch (std::bad_alloc&) {
    *error = OutOfMemory();
  }
  return false;
}

}  // namespace stepshift::jsonata
