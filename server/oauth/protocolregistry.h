// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oauth/clientauth/clientauthenticator.h"
#include "oauth/endpoints/endpoint.h"
#include "oauth/grants/granthandler.h"
#include "oauth/tokens/tokengenerator.h"

#include <QStringList>

#include <memory>
#include <vector>

// The one list of what the server implements: client authentication methods, grants, token
// generators and endpoints, each a class registered here with one line (protocolregistry.cpp).
// The metadata document, the route table, the shared client authentication step, the token
// endpoint and the window's option lists all read it; the names a configuration may use are the
// protocol catalogue's (core/protocol.h), of which this implements a subset.
class ProtocolRegistry
{
public:
    // Registers everything this build implements.
    ProtocolRegistry();
    ~ProtocolRegistry();
    ProtocolRegistry(const ProtocolRegistry &) = delete;
    ProtocolRegistry &operator=(const ProtocolRegistry &) = delete;

    // The registry the server and the window use (built on first use, never destroyed before
    // exit; thread-safe to read).
    static const ProtocolRegistry &instance();

    void addAuthenticator(std::unique_ptr<ClientAuthenticator> authenticator);
    void addGrant(std::unique_ptr<GrantHandler> grant);
    void addTokenGenerator(std::unique_ptr<TokenGenerator> generator);
    void addEndpoint(std::unique_ptr<Endpoint> endpoint);

    // In registration order, which is the order of the metadata lists and of error descriptions.
    const std::vector<std::unique_ptr<ClientAuthenticator>> &authenticators() const
    {
        return m_authenticators;
    }
    const std::vector<std::unique_ptr<Endpoint>> &endpoints() const { return m_endpoints; }

    QStringList authenticationMethods() const;
    // The methods that prove the client (all but "none"): what introspection and revocation take.
    QStringList confidentialAuthenticationMethods() const;
    // What the registered methods that sign accept, in registration order, once each.
    QStringList authenticationSigningAlgorithms() const;
    QStringList grantTypes() const;
    QStringList tokenFormats() const;

    const ClientAuthenticator *authenticator(QStringView method) const;
    const GrantHandler *grant(QStringView grantType) const;
    const TokenGenerator *tokenGenerator(QStringView format) const;

private:
    std::vector<std::unique_ptr<ClientAuthenticator>> m_authenticators;
    std::vector<std::unique_ptr<GrantHandler>> m_grants;
    std::vector<std::unique_ptr<TokenGenerator>> m_generators;
    std::vector<std::unique_ptr<Endpoint>> m_endpoints;
};
