// UTF-8 helpers. JSONata strings are JavaScript strings (UTF-16); stepshift keeps them as UTF-8 and
// converts where JavaScript's units show: $length and $substring count code points (jsonata-js
// iterates strings by code point), regex match positions are UTF-16 offsets.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stepshift::jsonata::internal {

// Lone surrogates (U+D800-U+DFFF) are written in WTF-8's 3-byte form.
void AppendUtf8(uint32_t cp, std::string* out);
bool IsSurrogate(uint32_t cp);
// Decodes the code point at s[*pos] and advances *pos; invalid bytes decode as U+FFFD.
uint32_t NextCodePoint(std::string_view s, size_t* pos);
size_t CodePointCount(std::string_view s);
// The byte offsets where each code point starts, plus s.size() at the end.
std::vector<size_t> CodePointOffsets(std::string_view s);
// The UTF-16 length of s[0, byte_offset).
size_t Utf16Offset(std::string_view s, size_t byte_offset);
// JavaScript's String#toUpperCase / toLowerCase (Unicode simple case mappings, plus ß -> SS).
std::string ToUpper(std::string_view s);
std::string ToLower(std::string_view s);
// JavaScript's String#localeCompare-free `<` on strings: UTF-16 code unit order.
int CompareUtf16(std::string_view a, std::string_view b);

}  // namespace stepshift::jsonata::internal
