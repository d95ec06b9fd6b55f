// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/configuration.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

class Key;

// OpenID Connect: the claims about a test user that the granted scopes release, and the
// id_token that carries them (OpenID Connect Core §2, §3.1.3.6, §5.4).
namespace UserClaims {

// "sub", then for "profile" name, given_name, family_name (those set) and the user's extra
// claims, for "email" email and email_verified (when an email is set). The userinfo endpoint
// answers this; the id_token carries it after its registered claims.
QJsonObject forScopes(const TestUser &user, const QStringList &scopes);

} // namespace UserClaims

struct IdTokenClaims
{
    QString issuer;
    QString subject;
    QString audience; // the client id
    qint64 issuedAt = 0;
    qint64 expiresAt = 0;
    qint64 authTime = 0;
    QString nonce; // omitted when empty
    QString sessionId; // "sid", omitted when empty
    QString accessTokenHash; // "at_hash", omitted when empty
    QJsonObject userClaims; // UserClaims::forScopes; its "sub" is not written twice
};

namespace IdToken {

// How long an id_token is valid (Spring Authorization Server's default: 30 minutes).
inline constexpr qint64 LifetimeSeconds = 30 * 60;

// at_hash (OpenID Connect Core §3.1.3.6): base64url of the left half of the SHA-256 of the
// access token's ASCII text, for RS256.
QString accessTokenHash(const QString &accessToken);

QByteArray claimsJson(const IdTokenClaims &claims);

// Signed compact JWT (RS256, header kid and typ JWT); empty when signing fails.
QByteArray sign(const IdTokenClaims &claims, const Key &key, const QString &keyId);

} // namespace IdToken
