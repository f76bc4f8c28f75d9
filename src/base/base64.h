// Standard base64 (RFC 4648 alphabet, '=' padding), as AWS's JSON protocols carry blobs.
#pragma once

#include <string>
#include <string_view>

namespace stepshift {

std::string Base64Encode(std::string_view in);
// False when `in` is not padded base64 (its length a multiple of 4, only the alphabet and a
// trailing '=' or "=="); `out` is then partly written.
bool Base64Decode(std::string_view in, std::string* out);

}  // namespace stepshift
