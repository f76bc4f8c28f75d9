// Function signatures (`<s-nn?:s>`): parsed once, then used to check and fix up the arguments of
// every call, with jsonata-js's rules: `-` takes the context value for a missing argument, an
// array parameter accepts a single value (wrapped), `a<n>` checks the items' type.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "jsonata/value.h"

namespace stepshift::jsonata::internal {

struct Signature {
  struct Param {
    std::string symbols;  // the type symbols the parameter accepts, 'm' (missing) included
    char type = 'x';      // s n b l o a f j x, or '(' for a choice
    std::string subtype;  // a<n>, f<...>
    bool optional = false;
    bool variadic = false;  // '+'
    bool context = false;   // '-'
    std::string context_symbols;
  };

  std::string definition;
  std::vector<Param> params;

  // Parses `text` ("<...>"). Throws Failure S0401/S0402 with the offset within the text.
  static Signature Parse(std::string_view text);

  // The arguments as the function receives them: context values filled in, single values wrapped
  // for array parameters. Throws Failure T0410/T0411/T0412 (token left for the caller).
  std::vector<Value> Validate(const std::vector<Value>& args, const Value& context) const;
};

// The symbol of a value's type in signatures: s n b l a o f, 'm' for undefined.
char TypeSymbol(const Value& v);

}  // namespace stepshift::jsonata::internal
