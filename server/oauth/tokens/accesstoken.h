// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "jose/key.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

// Builds and signs the self-contained JWT access token (RFC 9068 shape, Spring Authorization
// Server's claims): header {kid, alg}; claims sub, aud, nbf, scope, iss, exp, iat, jti.
struct AccessTokenClaims
{
    QString issuer;
    QString subject;
    QStringList audience; // one value is written as a string, several as an array
    QJsonObject extraClaims; // the client's extra claims, after the registered ones
    QStringList scopes;
    qint64 issuedAt = 0; // seconds since the epoch
    qint64 expiresAt = 0;
    QString tokenId;
};

namespace AccessToken {

QByteArray headerJson(const QString &keyId, const QString &alg = QStringLiteral("RS256"));
QByteArray claimsJson(const AccessTokenClaims &claims);

// Signed compact JWT; empty when signing fails.
QByteArray sign(const AccessTokenClaims &claims, const Key &key, const QString &keyId);

// A fresh, unguessable token id (128 random bits, base64url).
QString newTokenId();

} // namespace AccessToken
