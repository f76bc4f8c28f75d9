#include "jsonata/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "jsonata/errors.h"

namespace stepshift::jsonata::internal {

namespace {

// Backtracking budget per search: ample for real patterns, a few hundred milliseconds at most
// for catastrophic ones.
constexpr uint32_t kMatchLimit = 5'000'000;

struct MatchResources {
  pcre2_match_data* data = nullptr;
  pcre2_match_context* context = nullptr;
  uint32_t capacity = 0;

  ~MatchResources() {
    pcre2_match_data_free(data);
    pcre2_match_context_free(context);
  }
};

// Match data per thread, grown to the largest pattern seen, so a search allocates nothing.
MatchResources& Resources(uint32_t pairs) {
  thread_local MatchResources r;
  if (r.context == nullptr) {
    r.context = pcre2_match_context_create(nullptr);
    pcre2_set_match_limit(r.context, kMatchLimit);
    pcre2_set_depth_limit(r.context, kMatchLimit);
  }
  if (r.capacity < pairs) {
    pcre2_match_data_free(r.data);
    r.data = pcre2_match_data_create(pairs, nullptr);
    r.capacity = pairs;
  }
  return r;
}

}  // namespace

std::shared_ptr<const Regex> Regex::Compile(std::string_view pattern, std::string_view flags,
                                            std::string* error) {
  uint32_t options = PCRE2_UTF | PCRE2_ALT_BSUX | PCRE2_ALLOW_EMPTY_CLASS |
                     PCRE2_MATCH_UNSET_BACKREF | PCRE2_NEVER_BACKSLASH_C;
  if (flags.find('i') != std::string_view::npos)
    options |= PCRE2_CASELESS;
  if (flags.find('m') != std::string_view::npos)
    options |= PCRE2_MULTILINE;
  else
    options |= PCRE2_DOLLAR_ENDONLY;
  pcre2_compile_context* cc = pcre2_compile_context_create(nullptr);
  pcre2_set_newline(cc, PCRE2_NEWLINE_ANYCRLF);
  int code = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* re = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                 options, &code, &offset, cc);
  pcre2_compile_context_free(cc);
  if (re == nullptr) {
    PCRE2_UCHAR buf[256];
    pcre2_get_error_message(code, buf, sizeof buf);
    *error = reinterpret_cast<char*>(buf);
    return nullptr;
  }
  pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);  // falls back to the interpreter when unavailable
  std::shared_ptr<Regex> r(new Regex());
  r->code_ = re;
  r->source_ = std::string(pattern);
  return r;
}

Regex::~Regex() {
  pcre2_code_free(static_cast<pcre2_code*>(code_));
}

bool Regex::Search(std::string_view subject, size_t from, Match* m) const {
  auto* re = static_cast<pcre2_code*>(code_);
  uint32_t captures = 0;
  pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &captures);
  MatchResources& r = Resources(captures + 1);
  // The subject is checked for valid UTF-8 on its first search only: later searches continue
  // from a previous match's end, and checking every time would make iteration quadratic.
  int rc = pcre2_match(re, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), from,
                       from == 0 ? 0 : PCRE2_NO_UTF_CHECK, r.data, r.context);
  if (rc == PCRE2_ERROR_NOMATCH || (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21))
    return false;
  if (rc < 0) {
    // Backtracking or JIT stack limits: the pattern cannot finish in reasonable time.
    Failure f("D1012");
    f.WithValue(Value::String(source_));
    Throw(std::move(f));
  }
  PCRE2_SIZE* ov = pcre2_get_ovector_pointer(r.data);
  m->start = ov[0];
  m->end = ov[1];
  m->groups.assign(captures, std::string());
  m->unset.assign(captures, true);
  for (uint32_t i = 1; i <= captures && i < static_cast<uint32_t>(rc); ++i) {
    if (ov[2 * i] == PCRE2_UNSET)
      continue;
    m->groups[i - 1] = std::string(subject.substr(ov[2 * i], ov[2 * i + 1] - ov[2 * i]));
    m->unset[i - 1] = false;
  }
  return true;
}

}  // namespace stepshift::jsonata::internal
