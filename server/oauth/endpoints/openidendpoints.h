// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "endpoint.h"

class ProtocolRegistry;

// GET and POST {issuer}/userinfo (OpenID Connect Core §5.3, Spring Authorization Server's path):
// the claims about the signed-in user that the access token's scopes release
// (UserClaims::forScopes), for an active access token of this server that has "openid". The
// token comes as a Bearer Authorization header (RFC 6750 §2.1); errors are RFC 6750 §3
// challenges: 401 invalid_token, 403 insufficient_scope.
class UserinfoEndpoint final : public Endpoint
{
public:
    QByteArray method() const override { return QByteArrayLiteral("GET"); }
    QList<QByteArray> methods() const override
    {
        return {QByteArrayLiteral("GET"), QByteArrayLiteral("POST")};
    }
    QByteArray path() const override { return QByteArrayLiteral("/userinfo"); }
    QString metadataMember() const override { return QStringLiteral("userinfo_endpoint"); }
    QString successLabel() const override { return QStringLiteral("user info"); }
    EndpointOutcome handle(const HttpRequest &request, const TokenContext &context) const override;
};

// GET {issuer}/.well-known/openid-configuration (OpenID Connect Discovery §4): the RFC 8414
// metadata plus what OpenID Connect adds (subject types, id_token signing algorithms, claims).
class OpenIdConfigurationEndpoint final : public Endpoint
{
public:
    explicit OpenIdConfigurationEndpoint(const ProtocolRegistry &registry)
        : m_registry(registry) { }
    QByteArray method() const override { return QByteArrayLiteral("GET"); }
    QByteArray path() const override
    {
        return QByteArrayLiteral("/.well-known/openid-configuration");
    }
    QString successLabel() const override { return QStringLiteral("OpenID configuration"); }
    EndpointOutcome handle(const HttpRequest &request, const TokenContext &context) const override;

private:
    const ProtocolRegistry &m_registry;
};

// GET and POST {issuer}/connect/logout (OpenID Connect RP-Initiated Logout 1.0, Spring
// Authorization Server's path): ends the browser's session and sends it to
// post_logout_redirect_uri (with state) when that is one of the client's registered ones (matched
// as redirect URIs are: a loopback IP literal on any port, RFC 8252 §7.3), else
// shows that the user is signed out. id_token_hint, when sent, must be an id_token this server
// signed (an expired one is accepted, §2) and names the client; client_id may name it too, and
// must then agree. A post_logout_redirect_uri that is not registered, or without a client to
// check it against, gets an error page and is never followed.
class LogoutEndpoint final : public Endpoint
{
public:
    QByteArray method() const override { return QByteArrayLiteral("GET"); }
    QList<QByteArray> methods() const override
    {
        return {QByteArrayLiteral("GET"), QByteArrayLiteral("POST")};
    }
    QByteArray path() const override { return QByteArrayLiteral("/connect/logout"); }
    QString metadataMember() const override { return QStringLiteral("end_session_endpoint"); }
    QString successLabel() const override { return QStringLiteral("signed out"); }
    EndpointOutcome handle(const HttpRequest &request, const TokenContext &context) const override;
};
