// Frames (variable scopes) and the evaluation's lifetime: the frame registry that breaks
// reference cycles between frames and the closures bound in them when an evaluation ends.
#include "jsonata/evaluator.h"
#include "jsonata/functions.h"
#include "jsonata/parser.h"

namespace stepshift::jsonata::internal {

FrameRef::FrameRef(Frame* f) : f_(f) {
  if (f_ != nullptr)
    ++f_->refs;
}

FrameRef::FrameRef(const FrameRef& o) : f_(o.f_) {
  if (f_ != nullptr)
    ++f_->refs;
}

FrameRef::~FrameRef() {
  if (f_ != nullptr && --f_->refs == 0) {
    if (f_->owner != nullptr)
      f_->owner->Unregister(f_);
    delete f_;
  }
}

void Frame::Bind(std::string_view name, Value value) {
  for (Binding& b : bindings) {
    if (b.name == name) {
      b.value = std::move(value);
      return;
    }
  }
  bindings.push_back(Binding{std::string(name), std::move(value)});
}

const Value* Frame::Find(std::string_view name) const {
  for (const Frame* f = this; f != nullptr; f = f->parent.get()) {
    for (const Binding& b : f->bindings) {
      if (b.name == name)
        return &b.value;
    }
  }
  return nullptr;
}

Evaluator::Evaluator(std::shared_ptr<const Ast> ast, EvalLimits limits, int64_t now_millis)
    : ast_(std::move(ast)),
      current_ast_(ast_),
      limits_(limits),
      now_millis_(now_millis),
      start_(std::chrono::steady_clock::now()) {}

Evaluator::~Evaluator() {
  BreakCycles();
}

FrameRef Evaluator::NewFrame(Frame* parent) {
  auto* f = new Frame();
  f->parent = FrameRef(parent);
  f->owner = this;
  f->registry_slot = frames_.size();
  frames_.push_back(f);
  return FrameRef(f);
}

void Evaluator::Unregister(Frame* f) {
  Frame* last = frames_.back();
  frames_[f->registry_slot] = last;
  last->registry_slot = f->registry_slot;
  frames_.pop_back();
}

// Frames still alive here are kept alive by cycles (a closure bound in a frame it captured) or by
// a closure in the result. Clearing their bindings frees the cycles; the survivors are detached
// from this evaluator, which is about to disappear.
void Evaluator::BreakCycles() {
  while (!frames_.empty()) {
    std::vector<FrameRef> alive;
    alive.reserve(frames_.size());
    for (Frame* f : frames_)
      alive.emplace_back(f);
    for (FrameRef& f : alive) {
      f->owner = nullptr;
      f->registry_slot = 0;
    }
    frames_.clear();
    for (FrameRef& f : alive) {
      std::vector<Frame::Binding> bindings = std::move(f->bindings);
      f->bindings.clear();
    }
  }
}

Value Evaluator::Run(const Value& input, FrameRef root_frame) {
  Value doc = input;
  if (doc.is_array() && !doc.is_sequence()) {
    // An input document that is an array is wrapped, so it is treated as one value.
    doc = SequenceOf(input);
    doc.arr().outer_wrapper = true;
  }
  root_frame->Bind("$", input);
  return Evaluate(ast_->root, doc, root_frame.get());
}

Value Evaluator::EvaluateText(const std::string& text, const Value& input, Frame* env) {
  std::shared_ptr<const Ast> ast;
  try {
    ast = Parse(text);
  } catch (Failure& f) {
    Failure wrapped("D3120");
    wrapped.WithValue(Value::String(FormatMessage(f)));
    Throw(std::move(wrapped));
  }
  std::shared_ptr<const Ast> saved = current_ast_;
  current_ast_ = ast;
  try {
    Value result = Evaluate(ast->root, input, env);
    current_ast_ = saved;
    return result;
  } catch (Failure& f) {
    current_ast_ = saved;
    Failure wrapped("D3121");
    wrapped.WithValue(Value::String(FormatMessage(f)));
    Throw(std::move(wrapped));
  }
}

}  // namespace stepshift::jsonata::internal
