// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "configuration.h"

#include <QString>

#include <optional>

// Listening settings given on the command line (--port, --bind, --context-path, and the
// connection limits --idle-timeout, --request-timeout, --max-connections): they win over the
// configuration file for one run and are never saved. --resource-port likewise for the resource
// server. Shared by headless mode and the window.
struct SettingsOverrides
{
    std::optional<quint16> port;
    std::optional<QString> bindAddress;
    std::optional<QString> contextPath;
    std::optional<qint64> idleTimeoutMilliseconds;
    std::optional<qint64> requestTimeoutMilliseconds;
    std::optional<int> maxConnections;
    std::optional<quint16> resourcePort; // --resource-port

    // The resource server's port: --resource-port; else, with --port 0, a free one too (a run
    // that asks for a free port wants no fixed one); else the file's.
    ResourceServerSettings applyTo(ResourceServerSettings settings) const
    {
        if (resourcePort)
            settings.port = *resourcePort;
        else if (port && *port == 0)
            settings.port = 0;
        return settings;
    }

    ServerSettings applyTo(ServerSettings settings) const
    {
        if (port)
            settings.port = *port;
        if (bindAddress)
            settings.bindAddress = *bindAddress;
        if (contextPath)
            settings.contextPath = *contextPath;
        if (idleTimeoutMilliseconds)
            settings.idleTimeoutMilliseconds = *idleTimeoutMilliseconds;
        if (requestTimeoutMilliseconds)
            settings.requestTimeoutMilliseconds = *requestTimeoutMilliseconds;
        if (maxConnections)
            settings.maxConnections = *maxConnections;
        return settings;
    }
    bool isEmpty() const
    {
        return !port && !bindAddress && !contextPath && !idleTimeoutMilliseconds
            && !requestTimeoutMilliseconds && !maxConnections && !resourcePort;
    }
};
