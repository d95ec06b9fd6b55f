// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clientauthenticator.h"
#include "granthandler.h"
#include "httpmessage.h"
#include "tokenrequest.h"

#include <memory>
#include <vector>

struct TokenEndpointOutcome
{
    HttpResponse response;
    ExchangeDecision decision;
};

// POST {issuer}/oauth2/token: decides every row of the error table in
// docs/protocol.md, in this order: media type, form decoding, parameters in the URL, repeated
// parameters, client authentication, grant type, then the grant itself.
class TokenEndpoint
{
public:
    // Registers client_secret_basic, client_secret_post, client_secret_jwt, private_key_jwt and
    // client_credentials.
    TokenEndpoint();
    ~TokenEndpoint();

    void addAuthenticator(std::unique_ptr<ClientAuthenticator> authenticator);
    void addGrantHandler(std::unique_ptr<GrantHandler> handler);

    QStringList authenticationMethods() const;
    // What the registered methods that sign accept, in registration order, once each.
    QStringList authenticationSigningAlgorithms() const;
    QStringList grantTypes() const;

    TokenEndpointOutcome handle(const HttpRequest &request, const TokenContext &context) const;

private:
    std::vector<std::unique_ptr<ClientAuthenticator>> m_authenticators;
    std::vector<std::unique_ptr<GrantHandler>> m_grants;
};
