// SPDX-License-Identifier: GPL-3.0-or-later
#include "clock.h"

const Clock &Clock::system()
{
    // Function-local so it is built on first use, thread-safely, whatever the static init order.
    static const SystemClock clock;
    return clock;
}
