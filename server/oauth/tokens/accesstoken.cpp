// SPDX-License-Identifier: GPL-3.0-or-later
#include "accesstoken.h"

#include "jose/base64url.h"
#include "jose/jsonwriter.h"
#include "jose/jws.h"

#include <QRandomGenerator>

#include <array>

namespace AccessToken {

QByteArray headerJson(const QString &keyId, const QString &alg)
{
    JsonObjectWriter writer;
    writer.add(u"kid", keyId);
    writer.add(u"alg", alg);
    return writer.toJson();
}

QByteArray claimsJson(const AccessTokenClaims &claims)
{
    // Spring Authorization Server's order, so a token reads like the seed's sample; nbf = iat.
    JsonObjectWriter writer;
    writer.add(u"sub", claims.subject);
    if (claims.audience.size() == 1)
        writer.add(u"aud", claims.audience.first());
    else
        writer.add(u"aud", claims.audience);
    writer.add(u"nbf", claims.issuedAt);
    if (!claims.scopes.isEmpty())
        writer.add(u"scope", claims.scopes);
    writer.add(u"iss", claims.issuer);
    writer.add(u"exp", claims.expiresAt);
    writer.add(u"iat", claims.issuedAt);
    writer.add(u"jti", claims.tokenId);
    for (auto it = claims.extraClaims.constBegin(); it != claims.extraClaims.constEnd(); ++it)
        writer.addValue(it.key(), it.value());
    return writer.toJson();
}

QByteArray sign(const AccessTokenClaims &claims, const Key &key, const QString &keyId)
{
    const QString alg = QStringLiteral("RS256");
    return Jws::compact(headerJson(keyId, alg), claimsJson(claims), alg, key);
}

QString newTokenId()
{
    // QRandomGenerator::system() reads the operating system's CSPRNG (getrandom, BCryptGenRandom,
    // arc4random), which keeps libcrypto calls inside server/jose/.
    std::array<quint32, 4> words;
    QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
    const QByteArray bytes(
        reinterpret_cast<const char *>(words.data()), qsizetype(sizeof(quint32) * words.size()));
    return QString::fromLatin1(Base64Url::encode(bytes));
}

} // namespace AccessToken
