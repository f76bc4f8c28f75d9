// Reading a whole file, with the reason in the error.
#pragma once

#include <string>

#include "base/result.h"

namespace stepshift {

// The file's bytes. InvalidArgument "cannot read PATH: REASON" when it cannot be read (missing,
// unreadable, a directory).
Result<std::string> ReadTextFile(const std::string& path);

}  // namespace stepshift
