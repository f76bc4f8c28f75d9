// SIGINT and SIGTERM as a flag, for a command that ends cleanly on its own terms (`status
// --watch` restores the terminal) rather than being killed mid-write.
#pragma once

#include <atomic>

namespace stepshift::cli {

// Installs handlers that only set the returned flag; it stays set once a signal arrived.
const std::atomic<bool>* CatchInterrupts();

}  // namespace stepshift::cli
