// SPDX-License-Identifier: GPL-3.0-or-later
#include "idtoken.h"

#include "core/protocol.h"
#include "jose/base64url.h"
#include "jose/jsonwriter.h"
#include "jose/jws.h"

#include <QCryptographicHash>

using namespace Qt::Literals::StringLiterals;

namespace UserClaims {

QJsonObject forScopes(const TestUser &user, const QStringList &scopes)
{
    QJsonObject claims {{u"sub"_s, user.username}};
    const auto addIfSet = [&claims](const QString &name, const QString &value) {
        if (!value.isEmpty())
            claims.insert(name, value);
    };
    if (scopes.contains(u"profile")) {
        addIfSet(u"name"_s, user.name);
        addIfSet(u"given_name"_s, user.givenName);
        addIfSet(u"family_name"_s, user.familyName);
        for (auto it = user.extraClaims.constBegin(); it != user.extraClaims.constEnd(); ++it) {
            if (!claims.contains(it.key()))
                claims.insert(it.key(), it.value());
        }
    }
    if (scopes.contains(u"email") && !user.email.isEmpty()) {
        claims.insert(u"email"_s, user.email);
        claims.insert(u"email_verified"_s, user.emailVerified);
    }
    return claims;
}

} // namespace UserClaims

namespace IdToken {

QString accessTokenHash(const QString &accessToken)
{
    const QByteArray digest
        = QCryptographicHash::hash(accessToken.toLatin1(), QCryptographicHash::Sha256);
    return QString::fromLatin1(Base64Url::encode(digest.left(digest.size() / 2)));
}

QByteArray claimsJson(const IdTokenClaims &claims)
{
    JsonObjectWriter writer;
    writer.add(u"iss", claims.issuer);
    writer.add(u"sub", claims.subject);
    writer.add(u"aud", claims.audience);
    writer.add(u"azp", claims.audience); // OpenID Connect Core §2: the party it was issued to
    writer.add(u"iat", claims.issuedAt);
    writer.add(u"exp", claims.expiresAt);
    writer.add(u"auth_time", claims.authTime);
    if (!claims.nonce.isEmpty())
        writer.add(u"nonce", claims.nonce);
    if (!claims.sessionId.isEmpty())
        writer.add(u"sid", claims.sessionId);
    if (!claims.accessTokenHash.isEmpty())
        writer.add(u"at_hash", claims.accessTokenHash);
    // The registered claims above win: a user's extra claim cannot replace one of them.
    static const QStringList Registered {u"iss"_s, u"sub"_s, u"aud"_s, u"azp"_s, u"iat"_s, u"exp"_s,
        u"auth_time"_s, u"nonce"_s, u"sid"_s, u"at_hash"_s};
    for (auto it = claims.userClaims.constBegin(); it != claims.userClaims.constEnd(); ++it) {
        if (!Registered.contains(it.key()))
            writer.addValue(it.key(), it.value());
    }
    return writer.toJson();
}

QByteArray sign(const IdTokenClaims &claims, const Key &key, const QString &keyId)
{
    const QString alg = u"RS256"_s;
    JsonObjectWriter header;
    header.add(u"kid", keyId);
    header.add(u"typ", u"JWT");
    header.add(u"alg", alg);
    return Jws::compact(header.toJson(), claimsJson(claims), alg, key);
}

} // namespace IdToken
