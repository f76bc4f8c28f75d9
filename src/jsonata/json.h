// JSON text for JSONata values, with JavaScript's rules: JSON.stringify (key order kept, numbers
// as Number#toString writes them, functions and undefined members left out) and JSON.parse.
#pragma once

#include <string>
#include <string_view>

#include "jsonata/value.h"

namespace stepshift::jsonata {

struct StringifyOptions {
  // $string's replacer: non-integral numbers rounded to 15 significant digits, functions written
  // as "", and infinite numbers rejected with D1001.
  bool jsonata_string = false;
  // JSON.stringify's `space`: 0 for compact text, 2 for $string(x, true).
  int indent = 0;
};

// JSON.stringify(v). An undefined (or function, without jsonata_string) top-level value gives
// "undefined". May throw internal::Failure D1001 in jsonata_string mode.
std::string Stringify(const Value& v, const StringifyOptions& options = {});
void AppendJsonString(std::string_view s, std::string* out);

// JSON.parse. Returns false with a reason in *error for malformed text or nesting deeper than
// 2,000 levels.
bool ParseJson(std::string_view text, Value* out, std::string* error);

}  // namespace stepshift::jsonata
