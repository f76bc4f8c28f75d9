// One server per data directory. Two processes on one SQLite file would each keep their own
// in-memory view and overwrite the other's acknowledged writes, so the directory is locked
// exclusively (flock on DIR/stepshift.lock, which also holds the owner's PID for the message).
// The kernel drops the lock when the process dies, so a crash never leaves the directory locked.
#pragma once

#include <memory>
#include <string>

#include "base/result.h"

namespace stepshift::store {

class DirectoryLock {
 public:
  // Takes the lock on `dir` (which must exist). Returns FailedPrecondition "data directory D is
  // in use by pid N" when another holder has it, Unavailable when the lock file cannot be made.
  static Result<std::unique_ptr<DirectoryLock>> Acquire(const std::string& dir);
  ~DirectoryLock();  // releases the lock
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  explicit DirectoryLock(int fd) : fd_(fd) {}

  int fd_;
};

}  // namespace stepshift::store
