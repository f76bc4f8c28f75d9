#include "jsonata/value.h"

#include <algorithm>
#include <functional>

namespace stepshift::jsonata {

namespace {

using internal::ArrayRep;
using internal::FunctionRep;
using internal::HeapObject;
using internal::ObjectRep;
using internal::StringRep;

// Freeing a container frees its children; a deeply nested document would recurse once per level.
// The outermost free keeps a work list on its stack; frees it triggers park their children there
// (through a plain pointer, so nothing thread-local needs destroying at exit) and the outermost
// loop frees them, so freeing uses constant stack.
thread_local std::vector<Value>* parked = nullptr;

void ParkChildren(Type type, HeapObject* h, std::vector<Value>* into) {
  if (type == Type::kArray) {
    auto* a = static_cast<ArrayRep*>(h);
    for (Value& v : a->items) {
      if (v.type() >= Type::kArray)
        into->push_back(std::move(v));
    }
    delete a;
  } else {
    auto* o = static_cast<ObjectRep*>(h);
    for (auto& e : o->mutable_entries()) {
      if (e.value.type() >= Type::kArray)
        into->push_back(std::move(e.value));
    }
    delete o;
  }
}

void Destroy(Type type, HeapObject* h) {
  if (type == Type::kString) {
    delete static_cast<StringRep*>(h);
    return;
  }
  if (type == Type::kFunction) {
    delete static_cast<FunctionRep*>(h);
    return;
  }
  if (parked != nullptr) {
    ParkChildren(type, h, parked);
    return;
  }
  std::vector<Value> work;
  parked = &work;
  ParkChildren(type, h, &work);
  while (!work.empty()) {
    Value v = std::move(work.back());
    work.pop_back();
  }
  parked = nullptr;
}

size_t HashKey(std::string_view key) {
  return std::hash<std::string_view>()(key);
}

}  // namespace

Value Value::Null() {
  Value v;
  v.type_ = Type::kNull;
  return v;
}

Value Value::Bool(bool b) {
  Value v;
  v.type_ = Type::kBoolean;
  v.u_.b = b;
  return v;
}

Value Value::Number(double n) {
  Value v;
  v.type_ = Type::kNumber;
  v.u_.n = n;
  return v;
}

Value Value::String(std::string s) {
  auto* rep = new StringRep();
  rep->s = std::move(s);
  Value v;
  v.type_ = Type::kString;
  v.u_.h = rep;
  return v;
}

Value Value::NewArray() {
  Value v;
  v.type_ = Type::kArray;
  v.u_.h = new ArrayRep();
  return v;
}

Value Value::NewSequence() {
  Value v = NewArray();
  v.arr().sequence = true;
  return v;
}

Value Value::NewObject() {
  Value v;
  v.type_ = Type::kObject;
  v.u_.h = new ObjectRep();
  return v;
}

Value Value::Function(internal::FunctionRep* f) {
  Value v;
  v.type_ = Type::kFunction;
  v.u_.h = f;
  return v;
}

Value& Value::operator=(const Value& o) {
  if (this != &o) {
    o.Retain();
    Release();
    type_ = o.type_;
    u_ = o.u_;
  }
  return *this;
}

Value& Value::operator=(Value&& o) noexcept {
  if (this != &o) {
    Release();
    type_ = o.type_;
    u_ = o.u_;
    o.type_ = Type::kUndefined;
  }
  return *this;
}

void Value::Release() {
  if (type_ < Type::kString)
    return;
  HeapObject* h = u_.h;
  Type t = type_;
  type_ = Type::kUndefined;
  uint32_t r = __atomic_load_n(&h->refs, __ATOMIC_RELAXED);
  if (r < HeapObject::kShared) {
    if (--h->refs == 0)
      Destroy(t, h);
    return;
  }
  if (r == HeapObject::kImmortal)
    return;
  if (__atomic_sub_fetch(&h->refs, 1, __ATOMIC_ACQ_REL) == HeapObject::kShared)
    Destroy(t, h);
}

void Value::MakeShared() {
  if (type_ >= Type::kString && u_.h->refs < HeapObject::kShared)
    u_.h->refs |= HeapObject::kShared;
}

void Value::MakeImmortal() {
  if (type_ < Type::kString)
    return;
  u_.h->refs = HeapObject::kImmortal;
  if (type_ == Type::kArray) {
    for (Value& v : arr().items)
      v.MakeImmortal();
  } else if (type_ == Type::kObject) {
    for (auto& e : obj().mutable_entries())
      e.value.MakeImmortal();
  }
}

bool Value::SameAs(const Value& o) const {
  if (type_ != o.type_)
    return false;
  switch (type_) {
    case Type::kUndefined:
    case Type::kNull:
      return true;
    case Type::kBoolean:
      return u_.b == o.u_.b;
    case Type::kNumber:
      return u_.n == o.u_.n;
    case Type::kString:
      return str() == o.str();
    default:
      return u_.h == o.u_.h;
  }
}

namespace internal {

int64_t ObjectRep::IndexOf(std::string_view key) const {
  if (entries_.size() < kIndexThreshold) {
    for (size_t i = 0; i < entries_.size(); ++i) {
      if (entries_[i].key == key)
        return static_cast<int64_t>(i);
    }
    return -1;
  }
  if (index_.empty())
    BuildIndex();
  size_t mask = index_.size() - 1;
  for (size_t slot = HashKey(key) & mask;; slot = (slot + 1) & mask) {
    uint32_t pos = index_[slot];
    if (pos == 0)
      return -1;
    if (entries_[pos - 1].key == key)
      return pos - 1;
  }
}

void ObjectRep::BuildIndex() const {
  size_t cap = 16;
  while (cap < entries_.size() * 2)
    cap *= 2;
  index_.assign(cap, 0);
  for (uint32_t i = 0; i < entries_.size(); ++i)
    IndexInsert(i);
}

void ObjectRep::IndexInsert(uint32_t pos) const {
  size_t mask = index_.size() - 1;
  size_t slot = HashKey(entries_[pos].key) & mask;
  while (index_[slot] != 0)
    slot = (slot + 1) & mask;
  index_[slot] = pos + 1;
}

const Value* ObjectRep::Find(std::string_view key) const {
  int64_t i = IndexOf(key);
  return i < 0 ? nullptr : &entries_[i].value;
}

void ObjectRep::Set(std::string_view key, Value value) {
  int64_t i = IndexOf(key);
  if (i >= 0) {
    entries_[i].value = std::move(value);
    return;
  }
  entries_.push_back(Entry{std::string(key), std::move(value)});
  if (!index_.empty()) {
    if (entries_.size() * 2 > index_.size())
      BuildIndex();
    else
      IndexInsert(static_cast<uint32_t>(entries_.size() - 1));
  }
}

bool ObjectRep::Erase(std::string_view key) {
  int64_t i = IndexOf(key);
  if (i < 0)
    return false;
  entries_.erase(entries_.begin() + i);
  index_.clear();
  return true;
}

}  // namespace internal

bool DeepEqual(const Value& a, const Value& b) {
  if (a.type() != b.type())
    return false;
  switch (a.type()) {
    case Type::kArray: {
      if (&a.arr() == &b.arr())
        return true;
      if (a.size() != b.size())
        return false;
      for (size_t i = 0; i < a.size(); ++i) {
        if (!DeepEqual(a[i], b[i]))
          return false;
      }
      return true;
    }
    case Type::kObject: {
      const auto& ao = a.obj();
      const auto& bo = b.obj();
      if (&ao == &bo)
        return true;
      if (ao.size() != bo.size())
        return false;
      for (const auto& e : ao.entries()) {
        const Value* other = bo.Find(e.key);
        if (other == nullptr || !DeepEqual(e.value, *other))
          return false;
      }
      return true;
    }
    default:
      return a.SameAs(b);
  }
}

}  // namespace stepshift::jsonata
