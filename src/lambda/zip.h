// Zip archives as Lambda takes code: read (stored and deflated entries), extract into a
// directory, and a minimal writer (stored entries) for tests and tools.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace stepshift::lambdas {

struct ZipEntry {
  std::string name;  // '/'-separated; directories end in '/'
  std::string data;
  uint32_t mode = 0;  // Unix permission bits when the archive recorded them, else 0
};

// Every entry of `archive`. Returns InvalidArgument for anything that is not a well-formed zip
// (no end record, truncated entries, unknown compression, CRC mismatch).
Result<std::vector<ZipEntry>> ReadZip(std::string_view archive);

// Writes the entries under `dir` (created if missing). Entries whose names would escape `dir`
// ("../x", "/x") are InvalidArgument; nothing is written then.
Status ExtractZip(std::string_view archive, const std::string& dir);

// A zip of stored (uncompressed) entries.
std::string MakeZip(const std::vector<ZipEntry>& entries);

}  // namespace stepshift::lambdas
