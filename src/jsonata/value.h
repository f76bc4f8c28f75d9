// JSONata's data model: JSON values plus `undefined` and functions, with JavaScript's reference
// semantics. Strings, arrays, objects and functions live on the heap behind an intrusive,
// non-atomic reference count, so copying a Value is a pointer copy and a path step hands out
// the very node it found (as jsonata-js does). Arrays carry jsonata-js's sequence flags.
//
// Why a value type of its own rather than Boost.JSON: JSONata needs `undefined`, function values
// and sequence flags on arrays, and its path steps return sub-trees, which Boost.JSON would deep
// copy. Thread safety: a Value and everything reachable from it belong to one thread at a time;
// values owned by a compiled expression (literals) and the built-in functions are immortal (never
// counted) and may be read from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stepshift::jsonata {

enum class Type : uint8_t {
  kUndefined,
  kNull,
  kBoolean,
  kNumber,
  kString,
  kArray,
  kObject,
  kFunction
};

namespace internal {

// The reference count; in "shared" mode (kShared set, for values a compiled expression owns and
// several threads may hand out at once) it is updated atomically.
struct HeapObject {
  static constexpr uint32_t kShared = 0x80000000u;
  static constexpr uint32_t kImmortal = 0xFFFFFFFFu;
  uint32_t refs = 1;
};

struct StringRep;
struct ArrayRep;
class ObjectRep;
struct FunctionRep;

}  // namespace internal

class Value {
 public:
  Value() { u_.n = 0; }

  static Value Null();
  static Value Bool(bool b);
  static Value Number(double n);
  static Value String(std::string s);

  static Value String(std::string_view s) { return String(std::string(s)); }

  static Value String(const char* s) { return String(std::string(s)); }

  static Value NewArray();
  // An array with jsonata-js's `sequence` flag (createSequence()).
  static Value NewSequence();
  static Value NewObject();
  // Takes over a new function (refs == 1).
  static Value Function(internal::FunctionRep* f);

  Value(const Value& o) : type_(o.type_), u_(o.u_) { Retain(); }

  Value(Value&& o) noexcept : type_(o.type_), u_(o.u_) { o.type_ = Type::kUndefined; }

  Value& operator=(const Value& o);
  Value& operator=(Value&& o) noexcept;

  ~Value() { Release(); }

  Type type() const { return type_; }

  bool is_undefined() const { return type_ == Type::kUndefined; }

  bool is_null() const { return type_ == Type::kNull; }

  bool is_bool() const { return type_ == Type::kBoolean; }

  bool is_number() const { return type_ == Type::kNumber; }

  bool is_string() const { return type_ == Type::kString; }

  bool is_array() const { return type_ == Type::kArray; }

  bool is_object() const { return type_ == Type::kObject; }

  bool is_function() const { return type_ == Type::kFunction; }

  // REQUIRES: the matching is_*().
  bool boolean() const { return u_.b; }

  double number() const { return u_.n; }

  const std::string& str() const;
  // Arrays, objects and functions are mutable through any handle, as in JavaScript.
  internal::ArrayRep& arr() const;
  internal::ObjectRep& obj() const;
  internal::FunctionRep& fn() const;

  // Array conveniences. REQUIRES: is_array().
  size_t size() const;
  const Value& operator[](size_t i) const;
  void push_back(Value v) const;
  bool is_sequence() const;

  // Switches this value (not what it contains) to an atomic reference count, so several threads
  // may copy and drop it at once. For the literals of a compiled expression.
  void MakeShared();
  // Marks this value and everything reachable from it as never counted and never freed. For the
  // built-in functions, which live as long as the process.
  void MakeImmortal();

  // Identity of heap values (JavaScript's ===); for other types, equal type and value.
  bool SameAs(const Value& o) const;

 private:
  void Retain() const;
  void Release();

  Type type_ = Type::kUndefined;

  union {
    bool b;
    double n;
    internal::HeapObject* h;
  } u_;
};

namespace internal {

struct StringRep : HeapObject {
  std::string s;
};

struct ArrayRep : HeapObject {
  std::vector<Value> items;
  // jsonata-js's array properties: a sequence is a transient result that collapses to its
  // single item or to undefined; keep_singleton stops the collapse (`[]` in a path); an outer
  // wrapper wraps an input document that is itself an array; a tuple stream carries variable
  // bindings (`@`, `#`, `%`); cons marks an array built by `[...]`.
  bool sequence = false;
  bool keep_singleton = false;
  bool outer_wrapper = false;
  bool tuple_stream = false;
  bool cons = false;
};

// An object with JavaScript's insertion-ordered keys. Lookups of large objects go through a small
// open-addressing index built on demand.
class ObjectRep : public HeapObject {
 public:
  struct Entry {
    std::string key;
    Value value;
  };

  const Value* Find(std::string_view key) const;
  // Inserts at the end, or replaces the value in place when the key exists.
  void Set(std::string_view key, Value value);
  bool Erase(std::string_view key);

  size_t size() const { return entries_.size(); }

  bool empty() const { return entries_.empty(); }

  const std::vector<Entry>& entries() const { return entries_; }

  std::vector<Entry>& mutable_entries() { return entries_; }

  void Reserve(size_t n) { entries_.reserve(n); }

 private:
  static constexpr size_t kIndexThreshold = 12;
  int64_t IndexOf(std::string_view key) const;
  void BuildIndex() const;
  void IndexInsert(uint32_t pos) const;

  std::vector<Entry> entries_;
  mutable std::vector<uint32_t> index_;  // empty when not built; slots hold positions + 1
};

// Base of the function kinds (built-ins, lambdas, partial applications, regexes, ...), which
// the evaluator defines.
struct FunctionRep : HeapObject {
  virtual ~FunctionRep() = default;
};

}  // namespace internal

inline bool Value::is_sequence() const {
  return type_ == Type::kArray && arr().sequence;
}

inline internal::ArrayRep& Value::arr() const {
  return *static_cast<internal::ArrayRep*>(u_.h);
}

inline internal::ObjectRep& Value::obj() const {
  return *static_cast<internal::ObjectRep*>(u_.h);
}

inline internal::FunctionRep& Value::fn() const {
  return *static_cast<internal::FunctionRep*>(u_.h);
}

inline const std::string& Value::str() const {
  return static_cast<internal::StringRep*>(u_.h)->s;
}

inline size_t Value::size() const {
  return arr().items.size();
}

inline const Value& Value::operator[](size_t i) const {
  return arr().items[i];
}

inline void Value::push_back(Value v) const {
  arr().items.push_back(std::move(v));
}

inline void Value::Retain() const {
  if (type_ < Type::kString)
    return;
  uint32_t r = __atomic_load_n(&u_.h->refs, __ATOMIC_RELAXED);
  if (r < internal::HeapObject::kShared)
    u_.h->refs = r + 1;
  else if (r != internal::HeapObject::kImmortal)
    __atomic_fetch_add(&u_.h->refs, 1, __ATOMIC_RELAXED);
}

// Deep equality as jsonata-js's isDeepEqual: arrays by position, objects by key set.
bool DeepEqual(const Value& a, const Value& b);

}  // namespace stepshift::jsonata
