// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientauthentication.h"

#include "oauth/protocolregistry.h"

using namespace Qt::Literals::StringLiterals;

namespace {

QString joinNames(const QStringList &names)
{
    if (names.size() <= 1)
        return names.join(QString());
    return names.first(names.size() - 1).join(u", ") + u" and "_s + names.last();
}

} // namespace

ClientAuthentication::ClientAuthentication(const ProtocolRegistry &registry, Clients clients)
    : m_registry(registry), m_clients(clients)
{ }

Result<AuthenticatedClient> ClientAuthentication::authenticate(
    const TokenRequest &request, const TokenContext &context, ExchangeDecision *decision) const
{
    // client_id is printable ASCII: it is echoed into logs and compared byte for byte.
    if (!isAcceptableClientId(decision->clientId)) {
        return OAuthError(OAuthError::Code::InvalidRequest,
            u"client_id contains characters that are not allowed"_s);
    }

    QList<const ClientAuthenticator *> present;
    bool publicOnly = false; // only a method this endpoint does not run is present
    for (const auto &authenticator : m_registry.authenticators()) {
        if (authenticator->detect(request) != ClientAuthenticator::Presence::Present)
            continue;
        if (authenticator->isPublic() && m_clients == Clients::ConfidentialOnly)
            publicOnly = true;
        else
            present.append(authenticator.get());
    }
    QStringList presentMethods;
    for (const ClientAuthenticator *authenticator : std::as_const(present)) {
        presentMethods.append(authenticator->method());
        if (decision->clientId.isEmpty())
            decision->clientId = authenticator->presentedClientId(request);
    }
    decision->authenticationMethod = presentMethods.join(u", ");
    if (present.isEmpty() && publicOnly) {
        decision->clientId = request.form.value(u"client_id");
        return clientAuthenticationFailed(
            u"the request carries a client_id without credentials: this endpoint serves only "
            "clients that authenticate (a public client, method none, cannot use it)"_s);
    }
    if (present.isEmpty()) {
        // No challenge: RFC 6749 §5.2 asks for WWW-Authenticate only when the client used the
        // Authorization header.
        return clientAuthenticationFailed(u"the request carries no client credentials"_s);
    }
    if (present.size() > 1) {
        return OAuthError(OAuthError::Code::InvalidRequest,
            u"the request uses more than one client authentication method (%1)"_s.arg(
                joinNames(presentMethods)));
    }
    Result<AuthenticatedClient> client = present.first()->authenticate(request, context);
    if (client)
        decision->clientId = client->client.clientId;
    return client;
}
