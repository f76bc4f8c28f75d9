// Who runs a deployment, and whether it still runs. A deployment record names its controller as
// "host:pid:start" (start: the process's start time in clock ticks since boot, from
// /proc/PID/stat) and carries a heartbeat the controller refreshes while it waits. A later run
// judges the recorded controller:
//  - on this host, by its PID and start time: a PID that is gone, or reused by another process
//    (a different start time), is not the controller, whatever the heartbeat says;
//  - on another host, by the heartbeat: fresher than `stale_after` means running.
// Records written before start times were recorded ("host:pid") are judged by the PID alone.
#pragma once

#include <string>

#include "base/clock.h"

namespace stepshift::deploy {

// "host:pid:start" of this process.
std::string DefaultOwner();

// "host:pid:start" of process `pid` on this host; "host:pid:" when it does not exist.
std::string OwnerOf(long pid);

struct OwnerCheck {
  std::string owner;     // the record's "host:pid:start"
  Time heartbeat{};      // the record's last heartbeat
  Time now{};            // this run's clock
  Duration stale_after;  // heartbeats older than this mean the controller is gone
};

// True when the recorded controller is another process that still runs (see above). This
// process itself never counts as running (it is the one asking).
bool OwnerIsRunning(const OwnerCheck& check);

// "host pid 4242" plus, for another host, "(heartbeat 12 s ago)": for messages.
std::string DescribeOwner(const OwnerCheck& check);

}  // namespace stepshift::deploy
