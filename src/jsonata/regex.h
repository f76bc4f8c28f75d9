// JSONata's regular expressions (`/pattern/flags`), which are JavaScript's. PCRE2 runs them, set up
// for JavaScript compatibility (\uhhhh escapes, empty classes, unset back-references match
// nothing, `$` only at the end unless /m), with a backtracking limit so a pathological pattern
// fails instead of hanging. PCRE2 rather than std::regex: std::regex recurses per character (a
// long subject overflows the stack) and is an order of magnitude slower.
// A compiled Regex is immutable and may be shared between threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stepshift::jsonata::internal {

class Regex {
 public:
  struct Match {
    size_t start = 0;  // byte offsets into the subject
    size_t end = 0;
    // Capture groups 1..n; an unset group is `unset` and reads as undefined.
    std::vector<std::string> groups;
    std::vector<bool> unset;
  };

  // Compiles `pattern` with JSONata's flags ("i", "m"); nullptr and *error on a bad pattern.
  static std::shared_ptr<const Regex> Compile(std::string_view pattern, std::string_view flags,
                                              std::string* error);
  ~Regex();

  // The first match starting at or after byte `from`. Returns false when there is none. Throws
  // Failure D1012 when the match exceeds the backtracking limit.
  bool Search(std::string_view subject, size_t from, Match* m) const;

  const std::string& source() const { return source_; }

 private:
  Regex() = default;
  void* code_ = nullptr;  // pcre2_code_8*
  std::string source_;
};

}  // namespace stepshift::jsonata::internal
