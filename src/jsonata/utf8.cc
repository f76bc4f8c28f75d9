#include "jsonata/utf8.h"

#include <locale.h>
#include <wctype.h>

namespace stepshift::jsonata::internal {

namespace {

locale_t Utf8Locale() {
  static locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  return loc;
}

template <typename Map>
std::string MapCase(std::string_view s, Map map) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(map(c)));
      ++i;
      continue;
    }
    uint32_t cp = NextCodePoint(s, &i);
    map(cp, &out);
  }
  return out;
}

}  // namespace

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp > 0x10FFFF)
    cp = 0xFFFD;
  // A lone surrogate (JavaScript strings may hold one) is kept in the 3-byte form of WTF-8, so
  // $encodeUrl can reject it and JSON output escapes it as JSON.stringify does.
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

uint32_t NextCodePoint(std::string_view s, size_t* pos) {
  auto c = static_cast<unsigned char>(s[*pos]);
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  if (c >= 0x80 && c < 0xC0) {
    ++*pos;
    return 0xFFFD;
  }
  uint32_t cp = extra == 0 ? c : c & (0x3F >> extra);
  size_t i = *pos + 1;
  for (int k = 0; k < extra; ++k, ++i) {
    if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      *pos = i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
  }
  *pos = i;
  return cp;
}

bool IsSurrogate(uint32_t cp) {
  return cp >= 0xD800 && cp < 0xE000;
}

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (char ch : s) {
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80)
      ++n;
  }
  return n;
}

std::vector<size_t> CodePointOffsets(std::string_view s) {
  std::vector<size_t> offsets;
  offsets.reserve(s.size() + 1);
  for (size_t i = 0; i < s.size();) {
    offsets.push_back(i);
    NextCodePoint(s, &i);
  }
  offsets.push_back(s.size());
  return offsets;
}

size_t Utf16Offset(std::string_view s, size_t byte_offset) {
  size_t units = 0;
  for (size_t i = 0; i < byte_offset && i < s.size();) {
    uint32_t cp = NextCodePoint(s, &i);
    units += cp >= 0x10000 ? 2 : 1;
  }
  return units;
}

std::string ToUpper(std::string_view s) {
  struct {
    int operator()(int c) const { return c >= 'a' && c <= 'z' ? c - 32 : c; }

    void operator()(uint32_t cp, std::string* out) const {
      if (cp == 0xDF) {
        *out += "SS";
        return;
      }
      AppendUtf8(static_cast<uint32_t>(towupper_l(static_cast<wint_t>(cp), Utf8Locale())), out);
    }
  } map;

  return MapCase(s, map);
}

std::string ToLower(std::string_view s) {
  struct {
    int operator()(int c) const { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

    void operator()(uint32_t cp, std::string* out) const {
      AppendUtf8(static_cast<uint32_t>(towlower_l(static_cast<wint_t>(cp), Utf8Locale())), out);
    }
  } map;

  return MapCase(s, map);
}

int CompareUtf16(std::string_view a, std::string_view b) {
  // UTF-8 byte order equals code point order, which equals UTF-16 order except that code points
  // above U+FFFF (surrogates, 0xD800..) sort before U+E000..U+FFFF in UTF-16.
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j] && static_cast<unsigned char>(a[i]) < 0x80) {
      ++i;
      ++j;
      continue;
    }
    uint32_t x = NextCodePoint(a, &i);
    uint32_t y = NextCodePoint(b, &j);
    if (x == y)
      continue;
    auto key = [](uint32_t cp) { return cp >= 0x10000 ? 0xD800 + ((cp - 0x10000) >> 10) : cp; };
    uint32_t kx = key(x);
    uint32_t ky = key(y);
    if (kx != ky)
      return kx < ky ? -1 : 1;
    return x < y ? -1 : 1;
  }
  if (i < a.size())
    return 1;
  if (j < b.size())
    return -1;
  return 0;
}

}  // namespace stepshift::jsonata::internal
