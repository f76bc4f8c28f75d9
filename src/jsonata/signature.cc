#include "jsonata/signature.h"

#include "jsonata/errors.h"

namespace stepshift::jsonata::internal {

namespace {

size_t ClosingBracket(std::string_view s, size_t start, char open, char close) {
  int depth = 1;
  size_t pos = start;
  while (pos < s.size()) {
    ++pos;
    if (pos >= s.size())
      break;
    if (s[pos] == close) {
      if (--depth == 0)
        break;
    } else if (s[pos] == open) {
      ++depth;
    }
  }
  return pos;
}

// Matches the type symbols of the arguments against params[from, to) the way the reference's
// regular expression does: greedy, backtracking. `lens` receives each parameter's match length.
class Matcher {
 public:
  Matcher(const std::vector<Signature::Param>& params, std::string_view sig)
      : params_(params), sig_(sig) {}

  bool Match(size_t pi, size_t to, size_t pos, bool to_end, std::vector<size_t>* lens,
             size_t* end) {
    if (pi == to) {
      *end = pos;
      return !to_end || pos == sig_.size();
    }
    const auto& p = params_[pi];
    auto accepts = [&](size_t k) {
      return k < sig_.size() && p.symbols.find(sig_[k]) != std::string::npos;
    };
    size_t max = 0;
    if (p.variadic) {
      while (accepts(pos + max))
        ++max;
    } else {
      max = accepts(pos) ? 1 : 0;
    }
    size_t min = p.variadic ? 1 : (p.optional || p.context) ? 0 : 1;
    for (size_t n = max + 1; n-- > min;) {
      (*lens)[pi] = n;
      if (Match(pi + 1, to, pos + n, to_end, lens, end))
        return true;
    }
    return false;
  }

 private:
  const std::vector<Signature::Param>& params_;
  std::string_view sig_;
};

const char* Plural(const std::string& subtype) {
  if (subtype == "a")
    return "arrays";
  if (subtype == "b")
    return "booleans";
  if (subtype == "f")
    return "functions";
  if (subtype == "n")
    return "numbers";
  if (subtype == "o")
    return "objects";
  if (subtype == "s")
    return "strings";
  return "";
}

[[noreturn]] void SignatureMismatch(const std::vector<Signature::Param>& params,
                                    const std::vector<Value>& args, std::string_view sig) {
  // Find the first parameter the arguments stop matching at (jsonata-js's throwValidationError).
  std::vector<size_t> lens(params.size());
  size_t good_to = 0;
  for (size_t i = 0; i < params.size(); ++i) {
    size_t end = 0;
    if (!Matcher(params, sig).Match(0, i + 1, 0, false, &lens, &end))
      break;
    good_to = end;
  }
  Failure f("T0410");
  if (good_to < args.size())
    f.WithValue(args[good_to]);
  f.index = static_cast<int>(good_to) + 1;
  Throw(std::move(f));
}

}  // namespace

char TypeSymbol(const Value& v) {
  switch (v.type()) {
    case Type::kFunction:
      return 'f';
    case Type::kString:
      return 's';
    case Type::kNumber:
      return 'n';
    case Type::kBoolean:
      return 'b';
    case Type::kNull:
      return 'l';
    case Type::kArray:
      return 'a';
    case Type::kObject:
      return 'o';
    default:
      return 'm';
  }
}

Signature Signature::Parse(std::string_view text) {
  Signature sig;
  sig.definition = std::string(text);
  Param param;
  Param* prev = nullptr;
  auto next = [&] {
    sig.params.push_back(param);
    prev = &sig.params.back();
    param = Param();
  };
  for (size_t pos = 1; pos < text.size(); ++pos) {
    char symbol = text[pos];
    if (symbol == ':')
      break;
    switch (symbol) {
      case 's':
      case 'n':
      case 'b':
      case 'l':
      case 'o':
        param.symbols = std::string(1, symbol) + "m";
        param.type = symbol;
        next();
        break;
      case 'a':
      case 'x':
        param.symbols = "asnblfom";
        param.type = symbol;
        next();
        break;
      case 'f':
        param.symbols = "f";
        param.type = 'f';
        next();
        break;
      case 'j':
        param.symbols = "asnblom";
        param.type = 'j';
        next();
        break;
      case '-':
        if (prev != nullptr) {
          prev->context = true;
          prev->context_symbols = prev->symbols;
        }
        break;
      case '?':
        if (prev != nullptr)
          prev->optional = true;
        break;
      case '+':
        if (prev != nullptr)
          prev->variadic = true;
        break;
      case '(': {
        size_t end = ClosingBracket(text, pos, '(', ')');
        std::string choice(text.substr(pos + 1, end - pos - 1));
        if (choice.find('<') != std::string::npos) {
          Failure f("S0402");
          f.WithValue(Value::String(choice));
          f.position = static_cast<int>(pos);
          Throw(std::move(f));
        }
        param.symbols = choice + "m";
        param.type = '(';
        pos = end;
        next();
        break;
      }
      case '<': {
        if (prev == nullptr || (prev->type != 'a' && prev->type != 'f')) {
          Failure f("S0401");
          f.WithValue(Value::String(prev ? std::string(1, prev->type) : std::string()));
          f.position = static_cast<int>(pos);
          Throw(std::move(f));
        }
        size_t end = ClosingBracket(text, pos, '<', '>');
        prev->subtype = std::string(text.substr(pos + 1, end - pos - 1));
        pos = end;
        break;
      }
      default:
        break;
    }
  }
  return sig;
}

std::vector<Value> Signature::Validate(const std::vector<Value>& args, const Value& context) const {
  std::string supplied;
  for (const Value& a : args)
    supplied.push_back(TypeSymbol(a));
  std::vector<size_t> lens(params.size());
  size_t end = 0;
  if (!Matcher(params, supplied).Match(0, params.size(), 0, true, &lens, &end))
    SignatureMismatch(params, args, supplied);
  std::vector<Value> out;
  out.reserve(params.size());
  size_t arg = 0;      // jsonata-js's argIndex, which can run ahead of the match (see below)
  size_t sig_pos = 0;  // where parameter i's match starts in `supplied`
  for (size_t i = 0; i < params.size(); ++i) {
    const Param& p = params[i];
    std::string_view match(supplied.data() + sig_pos, lens[i]);
    sig_pos += lens[i];
    if (lens[i] == 0) {
      if (p.context) {
        if (p.context_symbols.find(TypeSymbol(context)) == std::string::npos) {
          Failure f("T0411");
          f.WithValue(context);
          f.index = static_cast<int>(arg) + 1;
          Throw(std::move(f));
        }
        out.push_back(context);
      } else {
        // An optional parameter given nothing still consumes an argument in the reference.
        out.push_back(arg < args.size() ? args[arg] : Value());
        ++arg;
      }
      continue;
    }
    for (char single : match) {
      Value v = arg < args.size() ? args[arg] : Value();
      if (p.type == 'a') {
        if (single == 'm') {
          v = Value();
        } else {
          bool ok = true;
          if (!p.subtype.empty()) {
            if (single != 'a' && match != p.subtype) {
              ok = false;
            } else if (single == 'a' && v.size() > 0) {
              char item = TypeSymbol(v[0]);
              ok = item == p.subtype[0];
              for (size_t k = 0; ok && k < v.size(); ++k)
                ok = TypeSymbol(v[k]) == item;
            }
          }
          if (!ok) {
            Failure f("T0412");
            f.WithValue(v);
            f.index = static_cast<int>(arg) + 1;
            f.type = Plural(p.subtype);
            Throw(std::move(f));
          }
          if (single != 'a') {
            Value wrapped = Value::NewArray();
            wrapped.push_back(std::move(v));
            v = std::move(wrapped);
          }
        }
      }
      out.push_back(std::move(v));
      ++arg;
    }
  }
  return out;
}

}  // namespace stepshift::jsonata::internal
