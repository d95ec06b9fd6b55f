// SPDX-License-Identifier: GPL-3.0-or-later
#include "oauth/grants/clientcredentialsgrant.h"

#include "oauth/scopes.h"

using namespace Qt::Literals::StringLiterals;

QString ClientCredentialsGrant::grantType() const
{
    return GrantType::ClientCredentials.toString();
}

Result<GrantOutcome> ClientCredentialsGrant::handle(const TokenRequest &request,
    const AuthenticatedClient &client, const TokenContext &context) const
{
    const ClientRegistration &registration = client.client;
    Result<QStringList> scopes = Scopes::resolve(request.form.value(u"scope"), registration.scopes);
    if (!scopes)
        return scopes.error();
    if (const std::optional<OAuthError> undefined
        = Scopes::undefinedOnServer(scopes.value(), registration, *context.snapshot)) {
        return *undefined;
    }
    // The client is its own subject.
    return GrantOutcome {
        accessTokenClaims(registration, registration.clientId, scopes.value(), context), {}};
}
