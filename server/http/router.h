// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "exchangerecord.h"
#include "oauth/httpmessage.h"
#include "store/registry.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMutex>

#include <memory>

class Clock;
class Endpoint;
class ProtocolRegistry;
struct ClientAuthServices;
class TokenStore;

// Maps a request to an endpoint by path and method through a route table built from the protocol
// registry's endpoints below the issuer's context path, and answers what no endpoint decides: 404
// for unknown paths, 405 with Allow, 413 over the body limit for POST endpoints
// (server.maxRequestBodyBytes; ConnectionGuard refuses a Content-Length over it before the body is
// read, this catches the rest). Adds Cache-Control: no-store and Pragma: no-cache to every
// response (RFC 6749 §5.1).
class Router
{
public:
    // tokens: where issued tokens are recorded and looked up; may be null (nothing recorded,
    // every token introspects as inactive). clientAuth: the stores the JWT client-authentication
    // methods share (null: they refuse).
    Router(const Registry &registry, const Clock &clock, TokenStore *tokens = nullptr,
        const ClientAuthServices *clientAuth = nullptr);
    Router(const Registry &registry, const Clock &clock, TokenStore *tokens,
        const ProtocolRegistry &protocol, const ClientAuthServices *clientAuth = nullptr);

    void setBoundPort(quint16 port) { m_boundPort = port; }

    // Handles one request; fills the record (everything but timing and id).
    HttpResponse route(const HttpRequest &request, ExchangeRecord *record) const;

private:
    // The path -> endpoint table for one context path; rebuilt when the context path changes.
    struct RouteTable
    {
        QByteArray contextPath;
        QHash<QByteArray, const Endpoint *> routes;
    };
    std::shared_ptr<const RouteTable> routeTable(const QByteArray &contextPath) const;

    const Registry &m_registry;
    const Clock &m_clock;
    TokenStore *m_tokens;
    const ProtocolRegistry &m_protocol;
    const ClientAuthServices *m_clientAuth;
    quint16 m_boundPort = 0;
    mutable QMutex m_tableMutex;
    mutable std::shared_ptr<const RouteTable> m_table;
};
