// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "endpoint.h"
#include "oauth/clientauth/clientauthentication.h"

class ProtocolRegistry;

using TokenEndpointOutcome = EndpointOutcome;

// POST {issuer}/oauth2/token: decides every row of the error table in docs/protocol.md, in this
// order: the form request's checks (FormRequest::parse), client authentication (the shared
// ClientAuthentication step), grant type, the grant itself, then the client's token generator.
class TokenEndpoint final : public Endpoint
{
public:
    // On the protocol registry's authenticators, grants and token generators.
    explicit TokenEndpoint(const ProtocolRegistry &registry);
    // On ProtocolRegistry::instance().
    TokenEndpoint();

    QByteArray method() const override { return QByteArrayLiteral("POST"); }
    QByteArray path() const override { return QByteArrayLiteral("/oauth2/token"); }
    QString metadataMember() const override { return QStringLiteral("token_endpoint"); }
    QString successLabel() const override { return QStringLiteral("token issued"); }

    EndpointOutcome handle(const HttpRequest &request, const TokenContext &context) const override;

private:
    const ProtocolRegistry &m_registry;
    ClientAuthentication m_authentication;
};
