// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientcredentialsgrant.h"

#include "accesstoken.h"
#include "scopes.h"

#include <QMutex>

using namespace Qt::Literals::StringLiterals;

namespace {

qint64 floorDiv(qint64 value, qint64 divisor)
{
    const qint64 quotient = value / divisor;
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}

// The kid is the key's RFC 7638 thumbprint: JWK serialisation plus SHA-256, about 40 us in a
// debug build, so it is remembered for the current signing key instead of recomputed per token.
// The cache holds a copy of the Key, which keeps the EVP_PKEY it is keyed by alive: its address
// cannot be reused by another key while cached. Never freed, so no exit-time ordering with
// OpenSSL's own clean-up.
QString keyIdFor(const Key &key)
{
    struct Cache
    {
        QMutex mutex;
        Key key;
        QString keyId;
    };
    static Cache *const cache = new Cache;
    QMutexLocker locker(&cache->mutex);
    if (cache->key.handle() != key.handle()) {
        cache->keyId = key.thumbprint();
        cache->key = key;
    }
    return cache->keyId;
}

} // namespace

QString ClientCredentialsGrant::grantType() const
{
    return GrantType::ClientCredentials.toString();
}

Result<TokenResponse> ClientCredentialsGrant::handle(const TokenRequest &request,
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

    if (snapshot.signingKey.isNull() || !snapshot.signingKey.isPrivate()) {
        return OAuthError(OAuthError::Code::ServerError, u"the server cannot sign tokens"_s,
            u"the registry has no private signing key"_s);
    }

    // Whole seconds in the token (RFC 7519 NumericDate); expires_in counts down from the precise
    // time, so 14399 for a 4 h token unless the request arrived on a whole second, as Spring
    // Authorization Server computes it.
    const qint64 issuedAt = floorDiv(context.nowMSecs, 1000);
    const qint64 expiresAt = issuedAt + registration.accessTokenLifetimeSeconds;

    AccessTokenClaims claims;
    claims.issuer = context.issuer;
    claims.subject = registration.clientId;
    claims.audience = registration.clientId;
    claims.scopes = scopes.value();
    claims.issuedAt = issuedAt;
    claims.expiresAt = expiresAt;
    claims.tokenId = AccessToken::newTokenId();

    const QString keyId = keyIdFor(snapshot.signingKey);
    const QByteArray token = AccessToken::sign(claims, snapshot.signingKey, keyId);
    if (token.isEmpty()) {
        return OAuthError(OAuthError::Code::ServerError, u"the server cannot sign tokens"_s,
            u"signing the access token failed (key %1)"_s.arg(keyId));
    }

    TokenResponse response;
    response.accessToken = QString::fromLatin1(token);
    response.expiresIn = floorDiv(expiresAt * 1000 - context.nowMSecs, 1000);
    response.scopes = claims.scopes;
    response.keyId = keyId;
    response.tokenId = claims.tokenId;
    return response;
}
