// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "exchangerecord.h"
#include "oauth/httpmessage.h"
#include "oauth/tokenendpoint.h"
#include "store/registry.h"

class Clock;
struct ClientAuthServices;

// Maps a request to an endpoint by path and method, below the issuer's context path, and answers
// what no endpoint decides: 404 for unknown paths, 405 with Allow, 413 over the body limit
// (server.maxRequestBodyBytes; ConnectionGuard refuses a Content-Length over it before the body is
// read, this catches the rest). Adds Cache-Control: no-store and Pragma: no-cache to every
// response (RFC 6749 §5.1).
class Router
{
public:
    // clientAuth: the stores the JWT client-authentication methods share (null: they refuse).
    Router(const Registry &registry, const Clock &clock,
        const ClientAuthServices *clientAuth = nullptr);

    void setBoundPort(quint16 port) { m_boundPort = port; }

    // Handles one request; fills the record (everything but timing and id).
    HttpResponse route(const HttpRequest &request, ExchangeRecord *record) const;

private:
    const Registry &m_registry;
    const Clock &m_clock;
    const ClientAuthServices *m_clientAuth;
    TokenEndpoint m_tokenEndpoint;
    quint16 m_boundPort = 0;
};
