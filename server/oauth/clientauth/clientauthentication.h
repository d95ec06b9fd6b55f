// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clientauthenticator.h"

class ProtocolRegistry;

// The one client authentication step every endpoint that authenticates clients runs (token,
// introspect, revoke), as Spring Authorization Server's client authentication filter runs its
// converter + provider pairs: the client_id must be printable ASCII, exactly one registered
// method must be present in the request (RFC 6749 §2.3: two is invalid_request, none is
// invalid_client), and that method's authenticator decides. The context's endpointUrl and clock
// are passed on to the authenticator (a client assertion's "aud" and replay window).
class ClientAuthentication
{
public:
    // Which clients the endpoint serves: every one (token), or only those that prove themselves
    // (introspection, revocation: Spring Authorization Server's too), for which the public
    // methods (ClientAuthenticator::isPublic) are not run.
    enum class Clients { All, ConfidentialOnly };

    explicit ClientAuthentication(const ProtocolRegistry &registry, Clients clients = Clients::All);

    // Fills decision->authenticationMethod (the methods detected) and clientId.
    Result<AuthenticatedClient> authenticate(
        const TokenRequest &request, const TokenContext &context, ExchangeDecision *decision) const;

private:
    const ProtocolRegistry &m_registry;
    Clients m_clients;
};
