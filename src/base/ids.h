// Random identifiers and draws.
#pragma once

#include <string>

namespace stepshift {

// A random (version 4) UUID in its canonical lower-case form. Thread-safe.
std::string NewUuid();

// A uniform draw from [0, 1), as weighted routing picks a version. Thread-safe.
double RandomUnit();

}  // namespace stepshift
