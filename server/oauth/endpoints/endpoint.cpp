// SPDX-License-Identifier: GPL-3.0-or-later
#include "endpoint.h"

QList<QByteArray> Endpoint::extraPaths(const QByteArray &) const
{
    return {};
}
