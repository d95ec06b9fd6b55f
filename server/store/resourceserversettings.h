// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// One route of the sample resource server's API and the scope a token needs for it. The routes
// are fixed (server/resource/resourceapi.cpp answers them); the scopes are settings.
struct ResourceRouteScope
{
    QString route; // "GET /country/code/{code}": method, a space, the path below the context path
    QString scope; // what the access token must carry; empty: any valid token

    friend bool operator==(const ResourceRouteScope &, const ResourceRouteScope &) = default;
};

// The sample resource server (the series' ms-system API, docs/configuration.md
// "resourceServer"): where it listens, how it validates bearer tokens, which scope each route
// needs. Absent from a configuration file means these defaults.
struct ResourceServerSettings
{
    // jwt: JWTs are checked locally against the authorization server's JWK set (signature, iss,
    // exp, nbf, aud), opaque tokens are refused; introspectOpaque: JWTs so, opaque tokens by
    // introspection (RFC 7662) at the authorization server; introspect: every token is
    // introspected (a JWT is also checked locally first).
    enum class Validation { Jwt, IntrospectOpaque, Introspect };
    // How the resource server authenticates to the introspection endpoint.
    enum class IntrospectionAuth { ClientSecretBasic, ClientSecretPost };

    bool enabled = true; // started with the authorization server
    QString bindAddress = QStringLiteral("127.0.0.1");
    quint16 port = 8091;
    QString contextPath = QStringLiteral("/ms-system");
    Validation validation = Validation::IntrospectOpaque;
    QString introspectionClientId = QStringLiteral("service-client-jwt");
    QString introspectionClientSecret = QStringLiteral("service-client-jwt-secret");
    IntrospectionAuth introspectionAuth = IntrospectionAuth::ClientSecretBasic;
    QStringList audience; // a token's aud must contain one of them; empty: not checked
    bool allowFormBodyToken = false; // RFC 6750 §2.2
    bool allowQueryToken = false; // RFC 6750 §2.3
    QList<ResourceRouteScope> routeScopes = defaultRouteScopes();

    // The API's routes, in the order they are listed, with the scopes the series uses.
    static QList<ResourceRouteScope> defaultRouteScopes();
    // The scope "route" needs (its default when the settings do not list it).
    QString scopeFor(QStringView route) const;
    // "ms-system": the context path without its slashes, the realm of WWW-Authenticate.
    QString realm() const;
    // http://{hostName}:{boundPort}{contextPath}
    QString baseUrl(const QString &hostName, quint16 boundPort) const;

    static QString validationName(Validation validation);
    static bool validationFromName(QStringView name, Validation *out);
    static QString introspectionAuthName(IntrospectionAuth auth);

    friend bool operator==(const ResourceServerSettings &, const ResourceServerSettings &)
        = default;
};
