// SPDX-License-Identifier: GPL-3.0-or-later
#include "jwtgenerator.h"

#include <QMutex>

using namespace Qt::Literals::StringLiterals;

// The kid is the key's RFC 7638 thumbprint: JWK serialisation plus SHA-256, about 40 us in a
// debug build, so it is remembered for the current signing key instead of recomputed per token.
// The cache holds a copy of the Key, which keeps the EVP_PKEY it is keyed by alive: its address
// cannot be reused by another key while cached. Never freed, so no exit-time ordering with
// OpenSSL's own clean-up.
QString JwtTokenGenerator::keyIdFor(const Key &key)
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

QString JwtTokenGenerator::format() const
{
    return TokenFormat::Jwt.toString();
}

Result<IssuedToken> JwtTokenGenerator::generate(
    const AccessTokenClaims &claims, const TokenContext &context) const
{
    const Key &signingKey = context.snapshot->signingKey;
    if (signingKey.isNull() || !signingKey.isPrivate()) {
        return OAuthError(OAuthError::Code::ServerError, u"the server cannot sign tokens"_s,
            u"the registry has no private signing key"_s);
    }
    const QString keyId = keyIdFor(signingKey);
    const QByteArray token = AccessToken::sign(claims, signingKey, keyId);
    if (token.isEmpty()) {
        return OAuthError(OAuthError::Code::ServerError, u"the server cannot sign tokens"_s,
            u"signing the access token failed (key %1)"_s.arg(keyId));
    }
    return IssuedToken {QString::fromLatin1(token), keyId};
}
