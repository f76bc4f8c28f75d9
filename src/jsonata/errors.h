// JSONata's errors: the code catalog of jsonata-js (S0xxx syntax, T0xxx/T1xxx/T2xxx type, D1xxx-
// D3xxx dynamic errors) with its message templates. Inside the library an error is thrown as a
// Failure and caught once at the API boundary (jsonata.h), as jsonnet does with its errors.
#pragma once

#include <optional>
#include <string>

#include "jsonata/value.h"

namespace stepshift::jsonata {

// An error as the API reports it.
struct Error {
  std::string code;     // "S0201", "T2001", "D3030", ...
  std::string message;  // the reference implementation's text, inserts filled in
  int position = -1;    // byte offset into the expression text the error refers to; -1 if none
  std::string token;    // the operator or function name involved, if any
};

namespace internal {

// The thrown form: the fields jsonata-js puts on its error objects, which the templates quote.
struct Failure {
  std::string code;
  int position = -1;
  Value token;  // undefined when absent; a number or string token otherwise
  Value value;
  Value value2;
  bool has_value = false;
  bool has_value2 = false;
  int index = -1;
  std::string message;        // D3137/D3141 ($error/$assert) and D3120/D3121 ($eval)
  std::string function_name;  // D3140
  std::string type;           // T0412: "numbers", "strings", ...
  Value exp;                  // D3061

  Failure() = default;

  explicit Failure(std::string c) : code(std::move(c)) {}

  Failure& At(int pos) {
    position = pos;
    return *this;
  }

  Failure& WithValue(Value v) {
    value = std::move(v);
    has_value = true;
    return *this;
  }

  Failure& WithToken(std::string t) {
    token = Value::String(std::move(t));
    return *this;
  }
};

[[noreturn]] void Throw(Failure f);

[[noreturn]] inline void Throw(const char* code) {
  Throw(Failure(code));
}

[[noreturn]] inline void ThrowWithValue(const char* code, Value v) {
  Throw(Failure(code).WithValue(std::move(v)));
}

// The message jsonata-js's populateMessage() builds: {{{x}}} inserts the field as is, {{x}} as
// JSON.stringify(x) ("undefined" when absent).
std::string FormatMessage(const Failure& f);
Error ToError(const Failure& f);

}  // namespace internal
}  // namespace stepshift::jsonata
