// SPDX-License-Identifier: GPL-3.0-or-later
#include "oauth/grants/clientcredentialsgrant.h"

#include "oauth/scopes.h"
#include "oauth/tokens/accesstoken.h"

using namespace Qt::Literals::StringLiterals;

namespace {

qint64 floorDiv(qint64 value, qint64 divisor)
{
    const qint64 quotient = value / divisor;
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}

} // namespace

QString ClientCredentialsGrant::grantType() const
{
    return GrantType::ClientCredentials.toString();
}

Result<AccessTokenClaims> ClientCredentialsGrant::handle(const TokenRequest &request,
    const AuthenticatedClient &client, const TokenContext &context) const
{
    const ClientRegistration &registration = client.client;
    Result<QStringList> scopes = Scopes::resolve(request.form.value(u"scope"), registration.scopes);
    if (!scopes)
        return scopes.error();

    const RegistrySnapshot &snapshot = *context.snapshot;
    // A scope removed from the server's list but still on the client is no longer granted.
    for (const QString &scope : scopes.value()) {
        if (!snapshot.configuration.findScope(scope)) {
            const QString description = u"scope '%1' is not allowed for this client"_s.arg(scope);
            return OAuthError(OAuthError::Code::InvalidScope, description,
                u"scope \"%1\" is registered for client \"%2\" but no longer defined "
                "on the server"_s.arg(scope, registration.clientId));
        }
    }

    // Whole seconds in the token (RFC 7519 NumericDate); expires_in counts down from the precise
    // time, so 14399 for a 4 h token unless the request arrived on a whole second, as Spring
    // Authorization Server computes it.
    const qint64 issuedAt = floorDiv(context.nowMSecs, 1000);
    const qint64 expiresAt = issuedAt + registration.accessTokenLifetimeSeconds;

    AccessTokenClaims claims;
    claims.issuer = context.issuer;
    claims.subject = registration.clientId;
    claims.audience = registration.effectiveAudience();
    claims.extraClaims = registration.extraClaims;
    claims.scopes = scopes.value();
    claims.issuedAt = issuedAt;
    claims.expiresAt = expiresAt;
    claims.tokenId = AccessToken::newTokenId();

    return claims;
}
