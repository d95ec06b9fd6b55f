// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/configuration.h"

// The two documents playground-configsaver alternates between and tst_configkill expects to
// find on disk. "Large" has enough clients (about 60 KiB of JSON) for a SIGKILL to land in the
// middle of writing it often.
namespace KillSaveDocuments {

inline Configuration small()
{
    return Configuration::defaults();
}

inline Configuration large()
{
    Configuration config = Configuration::defaults();
    const ClientRegistration seed = config.clients.first();
    for (int i = 0; i < 200; ++i) {
        ClientRegistration client = seed;
        client.clientId = QStringLiteral("kill-test-client-%1").arg(i);
        client.displayName = QStringLiteral("Client number %1 of the SIGKILL test").arg(i);
        client.clientSecret = QStringLiteral("secret-%1-").arg(i).repeated(4);
        config.clients.append(client);
    }
    return config;
}

} // namespace KillSaveDocuments
