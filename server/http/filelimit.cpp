// SPDX-License-Identifier: GPL-3.0-or-later
#include "filelimit.h"

#include <QtGlobal>

#include <algorithm>
#include <mutex>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

namespace FileLimit {

namespace {
constexpr int MaxCeiling = 16384;
constexpr int MinCeiling = 16;
} // namespace

void raiseSoftLimit()
{
#ifdef Q_OS_UNIX
    static std::once_flag once;
    std::call_once(once, [] {
        rlimit limit {};
        if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max)
            return;
        limit.rlim_cur = limit.rlim_max;
#ifdef Q_OS_MACOS
        // macOS refuses RLIM_INFINITY here; OPEN_MAX is what it accepts.
        limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, OPEN_MAX);
#endif
        ::setrlimit(RLIMIT_NOFILE, &limit);
    });
#endif
}

long long openFileLimit()
{
#ifdef Q_OS_UNIX
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return -1;
    return static_cast<long long>(limit.rlim_cur);
#else
    return -1;
#endif
}

int connectionCeiling()
{
    const long long files = openFileLimit();
    if (files < 0)
        return MaxCeiling;
    // A tenth, and at least 64, stays free for everything that is not a connection.
    const long long headroom = std::max<long long>(64, files / 10);
    return int(std::clamp<long long>(files - headroom, MinCeiling, MaxCeiling));
}

} // namespace FileLimit
