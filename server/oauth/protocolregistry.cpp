// SPDX-License-Identifier: GPL-3.0-or-later
#include "protocolregistry.h"

#include "oauth/clientauth/clientsecretbasic.h"
#include "oauth/clientauth/clientsecretjwt.h"
#include "oauth/clientauth/clientsecretpost.h"
#include "oauth/clientauth/noneauthenticator.h"
#include "oauth/clientauth/privatekeyjwt.h"
#include "oauth/endpoints/authorizationendpoint.h"
#include "oauth/endpoints/introspectionendpoint.h"
#include "oauth/endpoints/metadata.h"
#include "oauth/endpoints/openidendpoints.h"
#include "oauth/endpoints/tokenendpoint.h"
#include "oauth/grants/authorizationcodegrant.h"
#include "oauth/grants/clientcredentialsgrant.h"
#include "oauth/grants/refreshtokengrant.h"
#include "oauth/tokens/jwtgenerator.h"
#include "oauth/tokens/opaquegenerator.h"

ProtocolRegistry::ProtocolRegistry()
{
    // Client authentication methods; basic first, as Spring Authorization Server lists it.
    addAuthenticator(std::make_unique<ClientSecretBasicAuthenticator>());
    addAuthenticator(std::make_unique<ClientSecretPostAuthenticator>());
    addAuthenticator(std::make_unique<ClientSecretJwtAuthenticator>());
    addAuthenticator(std::make_unique<PrivateKeyJwtAuthenticator>());
    addAuthenticator(std::make_unique<NoneAuthenticator>());

    // Grants, in Spring Authorization Server's metadata order.
    addGrant(std::make_unique<AuthorizationCodeGrant>());
    addGrant(std::make_unique<ClientCredentialsGrant>());
    addGrant(std::make_unique<RefreshTokenGrant>());

    // Token formats.
    addTokenGenerator(std::make_unique<JwtTokenGenerator>());
    addTokenGenerator(std::make_unique<OpaqueTokenGenerator>());

    // Endpoints, below the issuer.
    addEndpoint(std::make_unique<TokenEndpoint>(*this));
    addEndpoint(std::make_unique<JwksEndpoint>());
    addEndpoint(std::make_unique<MetadataEndpoint>(*this));
    addEndpoint(std::make_unique<IntrospectionEndpoint>(*this));
    addEndpoint(std::make_unique<RevocationEndpoint>(*this));
    addEndpoint(std::make_unique<AuthorizationEndpoint>());
    addEndpoint(std::make_unique<LoginEndpoint>());
    addEndpoint(std::make_unique<ConsentEndpoint>());
    addEndpoint(std::make_unique<UserinfoEndpoint>());
    addEndpoint(std::make_unique<OpenIdConfigurationEndpoint>(*this));
    addEndpoint(std::make_unique<LogoutEndpoint>());
}

ProtocolRegistry::~ProtocolRegistry() = default;

const ProtocolRegistry &ProtocolRegistry::instance()
{
    // Never destroyed: worker threads may still read it while the process exits.
    static const ProtocolRegistry *const registry = new ProtocolRegistry;
    return *registry;
}

void ProtocolRegistry::addAuthenticator(std::unique_ptr<ClientAuthenticator> authenticator)
{
    m_authenticators.push_back(std::move(authenticator));
}

void ProtocolRegistry::addGrant(std::unique_ptr<GrantHandler> grant)
{
    m_grants.push_back(std::move(grant));
}

void ProtocolRegistry::addTokenGenerator(std::unique_ptr<TokenGenerator> generator)
{
    m_generators.push_back(std::move(generator));
}

void ProtocolRegistry::addEndpoint(std::unique_ptr<Endpoint> endpoint)
{
    m_endpoints.push_back(std::move(endpoint));
}

QStringList ProtocolRegistry::authenticationSigningAlgorithms() const
{
    QStringList names;
    for (const auto &authenticator : m_authenticators) {
        for (const QString &alg : authenticator->signingAlgorithms()) {
            if (!names.contains(alg))
                names.append(alg);
        }
    }
    return names;
}

QStringList ProtocolRegistry::authenticationMethods() const
{
    QStringList names;
    for (const auto &authenticator : m_authenticators)
        names.append(authenticator->method());
    return names;
}

QStringList ProtocolRegistry::confidentialAuthenticationMethods() const
{
    QStringList names;
    for (const auto &authenticator : m_authenticators) {
        if (!authenticator->isPublic())
            names.append(authenticator->method());
    }
    return names;
}

QStringList ProtocolRegistry::grantTypes() const
{
    QStringList names;
    for (const auto &grant : m_grants)
        names.append(grant->grantType());
    return names;
}

QStringList ProtocolRegistry::tokenFormats() const
{
    QStringList names;
    for (const auto &generator : m_generators)
        names.append(generator->format());
    return names;
}

const ClientAuthenticator *ProtocolRegistry::authenticator(QStringView method) const
{
    for (const auto &authenticator : m_authenticators) {
        if (authenticator->method() == method)
            return authenticator.get();
    }
    return nullptr;
}

const GrantHandler *ProtocolRegistry::grant(QStringView grantType) const
{
    for (const auto &grant : m_grants) {
        if (grant->grantType() == grantType)
            return grant.get();
    }
    return nullptr;
}

const TokenGenerator *ProtocolRegistry::tokenGenerator(QStringView format) const
{
    for (const auto &generator : m_generators) {
        if (generator->format() == format)
            return generator.get();
    }
    return nullptr;
}
