// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "endpoint.h"
#include "oauth/clientauth/clientauthentication.h"

class ProtocolRegistry;

// POST {issuer}/oauth2/introspect (RFC 7662): any authenticated client may introspect any token
// this server issued, opaque or JWT. An active token answers active, sub, aud (an array), nbf,
// scope, iss, exp, iat, jti, client_id, token_type and the client's extra claims; an unknown,
// expired or revoked one answers exactly {"active":false}. token_type_hint is only a hint: every
// token is looked up the same way.
class IntrospectionEndpoint final : public Endpoint
{
public:
    explicit IntrospectionEndpoint(const ProtocolRegistry &registry);

    QByteArray method() const override { return QByteArrayLiteral("POST"); }
    QByteArray path() const override { return QByteArrayLiteral("/oauth2/introspect"); }
    QString metadataMember() const override { return QStringLiteral("introspection_endpoint"); }
    QString successLabel() const override { return QStringLiteral("introspected"); }

    EndpointOutcome handle(const HttpRequest &request, const TokenContext &context) const override;

private:
    ClientAuthentication m_authentication;
};

// POST {issuer}/oauth2/revoke (RFC 7009): the client that owns an access token revokes it with its
// own authentication. 200 with an empty body, also for an unknown token (§2.2); a token of
// another client is refused with invalid_client, as Spring Authorization Server does, and stays
// active.
class RevocationEndpoint final : public Endpoint
{
public:
    explicit RevocationEndpoint(const ProtocolRegistry &registry);

    QByteArray method() const override { return QByteArrayLiteral("POST"); }
    QByteArray path() const override { return QByteArrayLiteral("/oauth2/revoke"); }
    QString metadataMember() const override { return QStringLiteral("revocation_endpoint"); }
    QString successLabel() const override { return QStringLiteral("revoked"); }

    EndpointOutcome handle(const HttpRequest &request, const TokenContext &context) const override;

private:
    ClientAuthentication m_authentication;
};
