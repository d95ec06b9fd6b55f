// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The process's open-file limit, which caps how many connections the server can hold.
namespace FileLimit {

// Raises the soft RLIMIT_NOFILE to the hard limit, once per process (later calls do nothing).
// Desktop sessions often start programs with a soft limit of 1024 and a hard limit far above it;
// every connection costs a descriptor. Does nothing where there is no such limit (Windows).
void raiseSoftLimit();

// The soft limit on open files now; -1 when unlimited or unknown.
long long openFileLimit();

// The connection cap used when the configuration says 0, and the highest cap honoured: the
// open-file limit minus headroom for the configuration, key, log and pipe files, the event
// dispatchers' descriptors and the listening sockets' duplicates, at most 16384.
int connectionCeiling();

} // namespace FileLimit
